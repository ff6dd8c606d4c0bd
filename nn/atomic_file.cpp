// nn/atomic_file.cpp — temp file, fsync, rename (see atomic_file.hpp).
#include "nn/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace nn {

namespace fs = std::filesystem;

namespace {

constexpr const char* kTempTag = ".tmp.";

// The PID of ".NAME.tmp.PID", or 0 when `name` is not such a temporary file.
long writer_pid(const std::string& name) {
  const auto tag = name.rfind(kTempTag);
  if (name.size() < 2 || name[0] != '.' || tag == std::string::npos || tag < 2) return 0;
  const std::string digits = name.substr(tag + std::strlen(kTempTag));
  if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stol(digits);
}

bool sync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  return ::close(fd) == 0 && ok;
}

}  // namespace

std::string temp_path_for(const std::string& path) {
  const fs::path p(path);
  std::string name = ".";
  name += p.filename().string();
  name += kTempTag;
  name += std::to_string(::getpid());
  return (p.parent_path() / name).string();
}

void check_replaceable(const std::string& path) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (fs::exists(status) && !fs::is_regular_file(status))
    throw std::runtime_error(path + ": not a regular file; it is not replaced");
}

void commit_temp_file(const std::string& temp, const std::string& path) {
  auto fail = [&](const char* what) {
    const std::string reason = std::strerror(errno);
    std::remove(temp.c_str());
    throw std::runtime_error(path + ": cannot " + what + " (" + reason + ")");
  };
  if (!sync_path(temp, O_RDONLY)) fail("write");
  if (std::rename(temp.c_str(), path.c_str()) != 0) fail("replace the file");
  const fs::path folder = fs::path(path).parent_path();
  sync_path(folder.empty() ? "." : folder.string(), O_RDONLY | O_DIRECTORY);  // best effort: the file is whole
}

void write_file_atomic(const std::string& path, const std::string& content) {
  check_replaceable(path);
  const std::string temp = temp_path_for(path);
  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (!file) throw std::runtime_error(path + ": cannot write (" + std::strerror(errno) + ")");
  int error = std::fwrite(content.data(), 1, content.size(), file) == content.size() ? 0 : errno;
  pause_inside_write_for_tests();
  if (std::fflush(file) != 0 && error == 0) error = errno;
  if (std::fclose(file) != 0 && error == 0) error = errno;
  if (error != 0) {
    std::remove(temp.c_str());
    throw std::runtime_error(path + ": cannot write (" + std::strerror(error) + ")");
  }
  commit_temp_file(temp, path);
}

int remove_stale_temp_files(const std::string& folder) {
  int removed = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder.empty() ? "." : folder, ec)) {
    const long pid = writer_pid(entry.path().filename().string());
    if (pid <= 0 || !entry.is_regular_file(ec)) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // still running (or not ours to judge)
    removed += fs::remove(entry.path(), ec) ? 1 : 0;
  }
  return removed;
}

void pause_inside_write_for_tests() {
  static const long ms = [] {
    const char* v = std::getenv("DESCENT_TEST_SLOW_WRITE_MS");
    return v ? std::strtol(v, nullptr, 10) : 0L;
  }();
  if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

}  // namespace nn
