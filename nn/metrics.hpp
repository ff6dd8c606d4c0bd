// nn/metrics.hpp — how well a classifier does: accuracy, per-class
// precision and recall, errors per class, and the confusion matrix.
//
//   confusion[i][j] = samples of true class i predicted as j
//   accuracy        = Σ_i confusion[i][i] / N
//   precision_j     = confusion[j][j] / Σ_i confusion[i][j]   (0 when nothing is predicted j)
//   recall_i        = confusion[i][i] / Σ_j confusion[i][j]
//   errors_i        = Σ_j confusion[i][j] − confusion[i][i]
#pragma once

#include <string>
#include <vector>

namespace nn {

class ConfusionMatrix {
 public:
  explicit ConfusionMatrix(int classes = 0) : k_(classes), m_(static_cast<std::size_t>(classes * classes), 0) {}
  void add(int truth, int predicted) { ++m_[static_cast<std::size_t>(truth * k_ + predicted)]; }
  int classes() const { return k_; }
  long at(int truth, int predicted) const { return m_[static_cast<std::size_t>(truth * k_ + predicted)]; }
  long total() const;
  double accuracy() const;
  double precision(int c) const;
  double recall(int c) const;
  long errors(int c) const;
  long support(int c) const;  // samples of true class c

  // The per-class table and the matrix as text, for the CLI.
  std::string table(const std::vector<std::string>& names) const;
  std::string matrix_text(const std::vector<std::string>& names) const;

 private:
  int k_;
  std::vector<long> m_;
};

// Index of the largest of k values.
template <class T>
int argmax(const T* v, long k) {
  int best = 0;
  for (long i = 1; i < k; ++i)
    if (v[i] > v[best]) best = static_cast<int>(i);
  return best;
}

}  // namespace nn
