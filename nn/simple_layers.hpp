// nn/simple_layers.hpp — the layers without parameters that move no pixels:
// Flatten, Activation and Dropout.
//
//   Flatten      (H, W, C) → (H·W·C), NHWC order as Keras flattens it
//   Activation   y = σ(x) for σ in nn/activation.hpp
//   Dropout      training: y = x ⊙ m / (1 − rate), m_i ~ Bernoulli(1 − rate)
//                inference: y = x
//                The mask is a hash of (seed, the layer's position in its
//                model, training-pass counter, element), so it needs no
//                generator state to save and is the same for any thread count.
#pragma once

#include <cstdint>
#include <vector>

#include "nn/activation.hpp"
#include "nn/aligned_buffer.hpp"
#include "nn/layer.hpp"

namespace nn {

template <class T>
class Flatten : public Layer<T> {
 public:
  std::string class_name() const override { return "Flatten"; }
  nlohmann::json get_config() const override;
  static std::unique_ptr<Layer<T>> from_config(const KerasConfig& config);
  void forward(const T* x, T* y, long batch, const Pass& pass) override;
  void backward(const T* x, const T* y, T* dy, T* dx, long batch, const Pass& pass) override;

 protected:
  Shape infer(const Shape& input) override { return Shape::vector(input.size()); }
};

template <class T>
class Activation : public Layer<T> {
 public:
  explicit Activation(Act act, T alpha = T(0.3)) : act_(act), alpha_(alpha) {}
  std::string class_name() const override { return "Activation"; }
  Act activation() const { return act_; }
  T alpha() const { return alpha_; }  // leaky_relu's slope below 0
  nlohmann::json get_config() const override;
  // Keras' ReLU, LeakyReLU and Softmax layers are their own classes
  // (nn/activation_layers.hpp).
  static std::unique_ptr<Layer<T>> from_config(const KerasConfig& config);
  bool output_logits(bool on) override { return logits_ = on && act_ == Act::Softmax; }
  void forward(const T* x, T* y, long batch, const Pass& pass) override;
  void backward(const T* x, const T* y, T* dy, T* dx, long batch, const Pass& pass) override;

 protected:
  Shape infer(const Shape& input) override { return input; }

 private:
  Act act_;
  T alpha_;
  bool logits_ = false;
};

struct DropoutConfig {
  double rate = 0.5;
  std::uint64_t seed = 0;  // mixed with the model's seed and the layer's position
};

template <class T>
class Dropout : public Layer<T> {
 public:
  explicit Dropout(DropoutConfig config);
  std::string class_name() const override { return "Dropout"; }
  const DropoutConfig& config() const { return config_; }
  nlohmann::json get_config() const override;
  static std::unique_ptr<Layer<T>> from_config(const KerasConfig& config);
  void reserve(long batch, int threads) override;
  void forward(const T* x, T* y, long batch, const Pass& pass) override;
  void backward(const T* x, const T* y, T* dy, T* dx, long batch, const Pass& pass) override;

 protected:
  Shape infer(const Shape& input) override { return input; }

 private:
  DropoutConfig config_;
  bool last_training_ = false;
  AlignedBuffer<T> mask_;  // (B, size): 0 or 1/(1 − rate)
};

extern template class Flatten<float>;
extern template class Flatten<double>;
extern template class Activation<float>;
extern template class Activation<double>;
extern template class Dropout<float>;
extern template class Dropout<double>;

}  // namespace nn
