#include "nn/metrics.hpp"

#include <cstdio>
#include <string>

namespace nn {

long ConfusionMatrix::total() const {
  long n = 0;
  for (long v : m_) n += v;
  return n;
}

double ConfusionMatrix::accuracy() const {
  long right = 0;
  for (int i = 0; i < k_; ++i) right += at(i, i);
  const long n = total();
  return n ? static_cast<double>(right) / static_cast<double>(n) : 0.0;
}

double ConfusionMatrix::precision(int c) const {
  long col = 0;
  for (int i = 0; i < k_; ++i) col += at(i, c);
  return col ? static_cast<double>(at(c, c)) / static_cast<double>(col) : 0.0;
}

long ConfusionMatrix::support(int c) const {
  long row = 0;
  for (int j = 0; j < k_; ++j) row += at(c, j);
  return row;
}

double ConfusionMatrix::recall(int c) const {
  const long row = support(c);
  return row ? static_cast<double>(at(c, c)) / static_cast<double>(row) : 0.0;
}

long ConfusionMatrix::errors(int c) const {
  return support(c) - at(c, c);
}

namespace {
std::string name_of(const std::vector<std::string>& names, int i) {
  return i < static_cast<int>(names.size()) ? names[static_cast<std::size_t>(i)] : std::to_string(i);
}
}  // namespace

std::string ConfusionMatrix::table(const std::vector<std::string>& names) const {
  std::string out;
  char line[160];
  std::snprintf(line, sizeof line, "%-14s %9s %9s %8s %8s\n", "class", "precision", "recall", "errors", "support");
  out += line;
  for (int c = 0; c < k_; ++c) {
    std::snprintf(line, sizeof line, "%-14s %9.4f %9.4f %8ld %8ld\n", name_of(names, c).c_str(), precision(c),
                  recall(c), errors(c), support(c));
    out += line;
  }
  return out;
}

std::string ConfusionMatrix::matrix_text(const std::vector<std::string>& names) const {
  std::string out = "confusion matrix (rows: true class, columns: predicted)\n";
  char cell[64];
  out += std::string(14, ' ');
  for (int j = 0; j < k_; ++j) {
    std::snprintf(cell, sizeof cell, "%6d", j);
    out += cell;
  }
  out += "\n";
  for (int i = 0; i < k_; ++i) {
    const std::string name = name_of(names, i);
    if (name == std::to_string(i))
      std::snprintf(cell, sizeof cell, "%-14d", i);
    else
      std::snprintf(cell, sizeof cell, "%-2d %-11.11s", i, name.c_str());
    out += cell;
    for (int j = 0; j < k_; ++j) {
      std::snprintf(cell, sizeof cell, "%6ld", at(i, j));
      out += cell;
    }
    out += "\n";
  }
  return out;
}

}  // namespace nn
