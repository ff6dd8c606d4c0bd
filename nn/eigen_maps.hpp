// nn/eigen_maps.hpp — row-major views of raw buffers (internal to nn/).
#pragma once

#include <Eigen/Core>

namespace nn {

template <class T>
using RowMat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <class T>
using MapR = Eigen::Map<RowMat<T>>;
template <class T>
using CMapR = Eigen::Map<const RowMat<T>>;
template <class T>
using MapV = Eigen::Map<Eigen::Matrix<T, 1, Eigen::Dynamic>>;
template <class T>
using CMapV = Eigen::Map<const Eigen::Matrix<T, 1, Eigen::Dynamic>>;

// sums[c] += Σ_r m[r, c] over a row-major (rows, cols) buffer: a bias's
// gradient. Row after row, so the inner loop vectorizes; Eigen's
// colwise().sum() on row-major data walks each column with a stride.
template <class T>
void add_column_sums(const T* __restrict m, long rows, long cols, T* __restrict sums) {
  for (long r = 0; r < rows; ++r)
    for (long c = 0; c < cols; ++c) sums[c] += m[r * cols + c];
}

}  // namespace nn
