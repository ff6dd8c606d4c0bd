// tests/optim/golden_csv.hpp — reading the golden CSV files in tests/data/.
#pragma once

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace golden {

inline std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, sep)) parts.push_back(part);
  if (!text.empty() && text.back() == sep) parts.emplace_back();
  return parts;
}

// The whole text as a number. std::stod rejects subnormal numbers, which
// converging trajectories reach, so strtod it is.
inline double number(const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  REQUIRE((!text.empty() && *end == '\0'));
  return value;
}

// The data lines of tests/data/<folder>/<file>: header, blank and '#' lines skipped.
inline std::vector<std::string> read_lines(const std::string& folder, const std::string& file) {
  std::ifstream in(std::string(DESCENT_TEST_DATA) + "/" + folder + "/" + file);
  REQUIRE(in.good());
  std::vector<std::string> lines;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    lines.push_back(line);
  }
  return lines;
}

}  // namespace golden
