// tests/fuzz/fuzz_input.hpp — what every libFuzzer target shares.
//
// Parsers that read files (IDX, .h5, images) get the input as a file: it is
// written to one temporary path per process, so they run their whole load
// path, opening and sizing included. A parser may refuse any input with an
// exception; the refusal must be one non-empty line (the CLI prints it as it
// is). Anything else — a crash, a sanitizer report, a leak, a hang past
// -timeout, an allocation past -rss_limit_mb — is a finding.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

namespace fuzz {

// `data` written to <tmp>/descent-fuzz-<pid><suffix>; the path.
inline std::string write_input(const std::uint8_t* data, std::size_t size, const std::string& suffix) {
  static const std::string stem =
      (std::filesystem::temp_directory_path() / ("descent-fuzz-" + std::to_string(::getpid()))).string();
  const std::string path = stem + suffix;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out.flush()) std::abort();  // the disk, not the parser: stop rather than report nonsense
  return path;
}

// A refusal the app can print: one line, not empty. Anything else aborts,
// which libFuzzer records as a crash with its input.
inline void check_refusal(const std::exception& e) {
  const char* what = e.what();
  if (what == nullptr || *what == '\0' || std::strchr(what, '\n') != nullptr) {
    std::fprintf(stderr, "refusal is not one line: [%s]\n", what ? what : "(null)");
    std::abort();
  }
}

}  // namespace fuzz
