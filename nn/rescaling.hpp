// nn/rescaling.hpp — Keras' Rescaling preprocessing layer.
//
//   y = scale·x + offset        δx = scale·δy
// Models that take raw 0–255 pixels often start with Rescaling(1/255).
// scale and offset are single finite numbers (Keras' per-channel lists are
// refused, naming the field).
#pragma once

#include "nn/layer.hpp"

namespace nn {

template <class T>
class Rescaling : public Layer<T> {
 public:
  Rescaling(double scale, double offset);
  std::string class_name() const override { return "Rescaling"; }
  double scale() const { return scale_; }
  double offset() const { return offset_; }
  nlohmann::json get_config() const override;
  static std::unique_ptr<Layer<T>> from_config(const KerasConfig& config);
  void forward(const T* x, T* y, long batch, const Pass& pass) override;
  void backward(const T* x, const T* y, T* dy, T* dx, long batch, const Pass& pass) override;

 protected:
  Shape infer(const Shape& input) override { return input; }

 private:
  double scale_, offset_;
};

extern template class Rescaling<float>;
extern template class Rescaling<double>;

}  // namespace nn
