// nn/shape.hpp — the shape of one sample.
//
// Activations are stored NHWC, Keras' layout: sample n's (h, w, c) element is
// at ((n·H + h)·W + w)·C + c. A flat feature vector of n features is the
// rank-1 shape (1, 1, n).
//
// Dimension letters used throughout nn/: B batch, H×W height×width, C input
// channels, F filters / output features, K = kh·kw·C a patch.
#pragma once

#include <string>

namespace nn {

struct Shape {
  int rank = 3;  // 3: (H, W, C) image; 1: (C) features
  long h = 1;
  long w = 1;
  long c = 1;

  static Shape image(long h, long w, long c) { return {.rank = 3, .h = h, .w = w, .c = c}; }
  static Shape vector(long n) { return {.rank = 1, .h = 1, .w = 1, .c = n}; }
  long size() const { return h * w * c; }
  // Keras' summary form: "(None, 26, 26, 32)" or "(None, 128)".
  std::string str() const;
  bool operator==(const Shape&) const = default;
};

}  // namespace nn
