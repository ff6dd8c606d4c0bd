// lab/cli/atomic_file.hpp — files appear whole or not at all.
//
// The content goes to a temporary file beside the target, is flushed, and is
// renamed over the target: a crash or a full disk never leaves a half-written
// file where the user expects a result.
#pragma once

#include <string>

namespace lab::cli {

// Throws std::runtime_error naming the path and the system's reason.
void write_file_atomic(const std::string& path, const std::string& content);

}  // namespace lab::cli
