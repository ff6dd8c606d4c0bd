// nn/conv2d.hpp — 2-D convolution over NHWC images, by im2col and GEMM.
//
//   Legend: B batch, H×W input, C channels, F filters, kh×kw kernel, s stride,
//   Ho×Wo output, K = kh·kw·C, M = B·Ho·Wo output pixels.
//   W (F, kh, kw, C) output-major; b (F).
//   col (M, K): row m holds the input patch under output pixel m, ordered (i, j, c)
//   y (M, F) = σ(col·Wᵀ + b)              (y's row-major layout is NHWC already)
//   backward: δz = δy ⊙ σ'(y);  ∂L/∂W += δzᵀ·col;  ∂L/∂b += Σ_M δz;
//             δcol = δz·W;  δx = col2im(δcol)
//
// Output size per axis (the course's (w − F + 2P)/S + 1):
//   valid: ⌊(H − kh)/s⌋ + 1        same: ⌈H/s⌉, padding split as Keras/TF does
//   (the smaller half before, the larger after).
// The batch is split across the thread team; each thread runs its own
// single-threaded GEMMs on its slice and keeps its im2col buffer for backward.
#pragma once

#include <vector>

#include "nn/activation.hpp"
#include "nn/aligned_buffer.hpp"
#include "nn/layer.hpp"

namespace nn {

enum class Padding { Valid, Same };

struct Conv2DConfig {
  long filters = 1;
  long kernel_h = 3, kernel_w = 3;
  long stride_h = 1, stride_w = 1;
  Padding padding = Padding::Valid;
  Act activation = Act::Linear;
  bool use_bias = true;
  Init kernel_initializer = Init::GlorotUniform;
  double l1 = 0, l2 = 0;  // kernel penalties
};

// Output length and leading pad of one axis.
struct AxisGeometry {
  long out = 0, pad_before = 0;
};
AxisGeometry axis_geometry(long in, long kernel, long stride, Padding padding);

// Keras' "padding" field, shared by Conv2D and the poolings: "valid" or "same".
std::string padding_name(Padding padding);
Padding padding_from_config(const KerasConfig& config);  // absent: valid

template <class T>
class Conv2D : public Layer<T> {
 public:
  explicit Conv2D(Conv2DConfig config) : config_(config) {}
  std::string class_name() const override { return "Conv2D"; }
  const Conv2DConfig& config() const { return config_; }
  nlohmann::json get_config() const override;
  static std::unique_ptr<Layer<T>> from_config(const KerasConfig& config);

  std::vector<ParamInfo> param_info() const override;
  void reserve(long batch, int threads) override;
  void forward(const T* x, T* y, long batch, const Pass& pass) override;
  void backward(const T* x, const T* y, T* dy, T* dx, long batch, const Pass& pass) override;

  // A relu feeding max pooling: the pooling's backward multiplies δy by
  // σ'(y), and this backward skips that pass (Pass::relu_grad_by_next).
  bool relu_grad_deferrable() const override { return config_.activation == Act::Relu; }

 protected:
  Shape infer(const Shape& input) override;

 private:
  void im2col(const T* x, long n, T* col) const;
  void col2im(const T* dcol, long n, T* dx) const;

  Conv2DConfig config_;
  AxisGeometry gy_, gx_;
  std::vector<AlignedBuffer<T>> col_, dcol_;  // per thread
};

extern template class Conv2D<float>;
extern template class Conv2D<double>;

}  // namespace nn
