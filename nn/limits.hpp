// nn/limits.hpp — the largest model and data Descent accepts from a file, and the
// overflow-safe arithmetic that checks sizes against it.
//
// Models come from files someone else made (an .h5, an architecture JSON).
// Every size such a file gives is checked against these limits before
// anything is allocated, so a hostile or corrupt file is refused with one
// line instead of exhausting memory. Each limit is generous for the course
// (MNIST's CNN has 8 layers and 35,000 parameters) and far below what
// exhausts a 24 GB machine: the largest model, with Adam's two buffers and
// its gradient, needs about 2 GB.
#pragma once

#include <optional>
#include <string>

namespace nn::limits {

inline constexpr long kMaxLayers = 256;                // layers in one model
inline constexpr long kMaxSide = 4096;                 // image height or width, kernel, stride, pool size
inline constexpr long kMaxWidth = 65536;               // Dense units, Conv2D filters, channels
inline constexpr long kMaxSampleValues = 1L << 22;     // values in one sample at any layer (4,194,304)
inline constexpr long kMaxLayerParams = 1L << 26;      // parameters of one layer (67,108,864)
inline constexpr long kMaxModelParams = 1L << 27;      // parameters of a model (134,217,728)
inline constexpr long kMaxAttributeBytes = 16L << 20;  // one .h5 attribute (model_config …): 16 MiB
inline constexpr long kMaxDataBytes = 512L << 20;      // one IDX file's data, inflated: 512 MiB (MNIST's: 47 MB)

// a·b, or nothing when it overflows a long.
inline std::optional<long> product(long a, long b) {
  long r = 0;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}
// a + b, or nothing when it overflows a long.
inline std::optional<long> sum(long a, long b) {
  long r = 0;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return r;
}

}  // namespace nn::limits
