// nn/aligned_buffer.hpp — a std::vector whose data starts on Eigen's widest
// packet boundary.
//
// Eigen's vectorized sums start with scalar steps up to the first packet
// boundary, so where a buffer sits in memory decides the order in which its
// numbers are added. A network rebuilt in fresh buffers (an experiment loaded
// from a file) would then differ from the original in its last bits. Every
// activation, gradient and data buffer nn reduces over is an AlignedBuffer,
// so the same numbers give the same bits wherever they were allocated.
#pragma once

#include <Eigen/Core>
#include <vector>

namespace nn {

template <class T>
using AlignedBuffer = std::vector<T, Eigen::aligned_allocator<T>>;

}  // namespace nn
