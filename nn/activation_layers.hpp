// nn/activation_layers.hpp — Keras' ReLU, LeakyReLU and Softmax layers.
//
// Each computes what an Activation layer of the same σ computes
// (nn/activation.hpp), and is its own class so that a model read from Keras
// is written back with the class and the config Keras gave it:
//   ReLU        y = max(0, x)             config: max_value null, negative_slope 0, threshold 0
//   LeakyReLU   y = x or α·x              config: alpha (Keras 2) or negative_slope (Keras 3), α ≥ 0
//   Softmax     y_k = e^{x_k}/Σ_j e^{x_j}  over the last axis; config: axis −1
// Other values of ReLU's fields, and another softmax axis, are refused
// naming the field.
#pragma once

#include "nn/simple_layers.hpp"

namespace nn {

template <class T>
class ReLU : public Activation<T> {
 public:
  ReLU() : Activation<T>(Act::Relu) {}
  std::string class_name() const override { return "ReLU"; }
  nlohmann::json get_config() const override;
  static std::unique_ptr<Layer<T>> from_config(const KerasConfig& config);
};

template <class T>
class LeakyReLU : public Activation<T> {
 public:
  explicit LeakyReLU(T alpha = T(0.3)) : Activation<T>(Act::LeakyRelu, alpha) {}
  std::string class_name() const override { return "LeakyReLU"; }
  nlohmann::json get_config() const override;
  static std::unique_ptr<Layer<T>> from_config(const KerasConfig& config);
};

template <class T>
class Softmax : public Activation<T> {
 public:
  Softmax() : Activation<T>(Act::Softmax) {}
  std::string class_name() const override { return "Softmax"; }
  nlohmann::json get_config() const override;
  static std::unique_ptr<Layer<T>> from_config(const KerasConfig& config);
};

extern template class ReLU<float>;
extern template class ReLU<double>;
extern template class LeakyReLU<float>;
extern template class LeakyReLU<double>;
extern template class Softmax<float>;
extern template class Softmax<double>;

}  // namespace nn
