#include "lab/cli/atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace lab::cli {

void write_file_atomic(const std::string& path, const std::string& content) {
  const std::string temp = path + ".tmp." + std::to_string(::getpid());
  auto fail = [&](const char* what) {
    const std::string reason = std::strerror(errno);
    std::remove(temp.c_str());
    throw std::runtime_error(std::string("cannot ") + what + " " + path + ": " + reason);
  };
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
    throw std::runtime_error(path + ": not a regular file; it is not replaced");
  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (!file) fail("write");
  const bool written = std::fwrite(content.data(), 1, content.size(), file) == content.size();
  const bool flushed = std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
  if (std::fclose(file) != 0 || !written || !flushed) fail("write");
  if (std::rename(temp.c_str(), path.c_str()) != 0) fail("replace");
}

}  // namespace lab::cli
