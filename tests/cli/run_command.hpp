// tests/cli/run_command.hpp — run the built `descent` and capture what it says.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace test_cli {

struct Result {
  int code = -1;
  std::string out;
  std::string err;
};

inline std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `arguments` is appended to the binary's path as shell text (quote as needed).
inline Result run_descent(const std::string& arguments) {
  static int counter = 0;
  const std::string base = "/tmp/descent_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  const std::string command =
      std::string("'") + DESCENT_BINARY + "' " + arguments + " >" + base + ".out 2>" + base + ".err";
  const int status = std::system(command.c_str());
  Result r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_all(base + ".out");
  r.err = read_all(base + ".err");
  std::remove((base + ".out").c_str());
  std::remove((base + ".err").c_str());
  return r;
}

inline int count_lines(const std::string& text) {
  int n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

}  // namespace test_cli
