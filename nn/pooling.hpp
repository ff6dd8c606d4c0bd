// nn/pooling.hpp — MaxPooling2D and AveragePooling2D over NHWC images.
//
//   max:      y[oy, ox, c] = max over the window of x;   δx[argmax] += δy
//   average:  y[oy, ox, c] = mean over the window's in-image cells (TF excludes
//             'same' padding from the count);            δx[cell] += δy / count
// Windows are pool_h×pool_w with strides (default: the pool size); output
// sizes follow Conv2D's valid/same rule.
#pragma once

#include <cstdint>
#include <vector>

#include "nn/conv2d.hpp"
#include "nn/layer.hpp"

namespace nn {

struct PoolConfig {
  long pool_h = 2, pool_w = 2;
  long stride_h = 0, stride_w = 0;  // 0: the pool size (Keras' strides=None)
  Padding padding = Padding::Valid;
};

template <class T>
class Pool2D : public Layer<T> {
 public:
  enum class Kind { Max, Average };
  Pool2D(Kind kind, PoolConfig config);
  std::string class_name() const override { return kind_ == Kind::Max ? "MaxPooling2D" : "AveragePooling2D"; }
  Kind kind() const { return kind_; }
  const PoolConfig& config() const { return config_; }
  nlohmann::json get_config() const override;
  // MaxPooling2D or AveragePooling2D, by the config's class name.
  static std::unique_ptr<Layer<T>> from_config(const KerasConfig& config);

  void reserve(long batch, int threads) override;
  void forward(const T* x, T* y, long batch, const Pass& pass) override;
  void backward(const T* x, const T* y, T* dy, T* dx, long batch, const Pass& pass) override;

  // Max pooling after a relu: backward also applies relu's derivative
  // (Pass::relu_grad_of_input), so the layer before can skip its own pass
  // over δ. The winner of a window is the pooled value, so relu'(x[argmax])
  // = [y > 0]: δx[argmax] += [y > 0]·δy, bit for bit what the two passes give.
  bool applies_input_relu_grad() const override { return kind_ == Kind::Max; }

 protected:
  Shape infer(const Shape& input) override;

 private:
  bool tiled_max() const;
  void forward_max2x2(const T* x, T* y, long b0, long b1);
  void backward_max2x2(const T* y, const T* dy, T* dx, long b0, long b1, bool relu_grad);

  Kind kind_;
  PoolConfig config_;
  AxisGeometry gy_, gx_;
  std::vector<std::int32_t> argmax_;  // (B, Ho, Wo, C): index into the sample's input
};

template <class T>
std::unique_ptr<Pool2D<T>> max_pooling(PoolConfig config = {}) {
  return std::make_unique<Pool2D<T>>(Pool2D<T>::Kind::Max, config);
}
template <class T>
std::unique_ptr<Pool2D<T>> average_pooling(PoolConfig config = {}) {
  return std::make_unique<Pool2D<T>>(Pool2D<T>::Kind::Average, config);
}

extern template class Pool2D<float>;
extern template class Pool2D<double>;

}  // namespace nn
