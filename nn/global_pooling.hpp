// nn/global_pooling.hpp — Keras' GlobalAveragePooling2D over NHWC images.
//
//   y[c] = (1/HW)·Σ_{h,w} x[h, w, c]        δx[h, w, c] = δy[c]/(HW)
// (H, W, C) → (C), or (1, 1, C) with keepdims. Only data_format
// channels_last.
#pragma once

#include "nn/layer.hpp"

namespace nn {

template <class T>
class GlobalAveragePooling2D : public Layer<T> {
 public:
  explicit GlobalAveragePooling2D(bool keepdims = false) : keepdims_(keepdims) {}
  std::string class_name() const override { return "GlobalAveragePooling2D"; }
  nlohmann::json get_config() const override;
  static std::unique_ptr<Layer<T>> from_config(const KerasConfig& config);
  void forward(const T* x, T* y, long batch, const Pass& pass) override;
  void backward(const T* x, const T* y, T* dy, T* dx, long batch, const Pass& pass) override;

 protected:
  Shape infer(const Shape& input) override;

 private:
  bool keepdims_;
};

extern template class GlobalAveragePooling2D<float>;
extern template class GlobalAveragePooling2D<double>;

}  // namespace nn
