// nn/atomic_file.hpp — files appear whole or not at all, and nothing is left behind.
//
// A file is written to a temporary file beside its target, synced, and renamed
// over the target: a crash, a kill or a full disk never leaves a half-written
// file where the user expects a result, and the previous file stays whole
// until the new one is complete. Only a regular file is ever replaced, never a
// device or a folder.
//
// The temporary file is hidden and names its writer: ".NAME.tmp.PID" for
// NAME. It can never be taken for a result (a checkpoint pattern never makes
// it), and one left by a killed writer is recognized by its dead PID and
// removed by the next run (remove_stale_temp_files).
#pragma once

#include <string>

namespace nn {

// ".NAME.tmp.PID" in path's folder, PID this process's.
std::string temp_path_for(const std::string& path);

// Throws std::runtime_error when something other than a regular file is at path.
void check_replaceable(const std::string& path);

// Syncs `temp` to disk and renames it over `path`, then syncs the folder so
// the rename itself survives a crash. On failure removes `temp` and throws
// std::runtime_error naming `path` and the system's reason.
void commit_temp_file(const std::string& temp, const std::string& path);

// The whole of it: check_replaceable, write, commit_temp_file.
void write_file_atomic(const std::string& path, const std::string& content);

// Removes, in `folder`, the temporary files of writers that are no longer
// running (".NAME.tmp.PID" whose PID is gone); returns how many.
int remove_stale_temp_files(const std::string& folder);

// A test hook, to widen the window in which a kill lands inside a write: when
// the environment variable DESCENT_TEST_SLOW_WRITE_MS is set, every atomic
// write sleeps that long with its temporary file half-written.
void pause_inside_write_for_tests();

}  // namespace nn
