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

}  // namespace nn
