// nn/dense.hpp — a fully connected layer.
//
//   y = σ(x·Wᵀ + b)      x (B, C), W (F, C) output-major, b (F), y (B, F)
//   backward:  δz = δy ⊙ σ'(y);  ∂L/∂W += δzᵀ·x;  ∂L/∂b += Σ_B δz;  δx = δz·W
//
// The activation σ is fused: applied in the same pass as the bias.
#pragma once

#include "nn/activation.hpp"
#include "nn/layer.hpp"

namespace nn {

struct DenseConfig {
  long units = 1;
  Act activation = Act::Linear;
  bool use_bias = true;
  Init kernel_initializer = Init::GlorotUniform;
  // Penalties on the kernel, Keras' kernel_regularizer: λ₁·‖W‖₁ + λ₂·‖W‖².
  double l1 = 0, l2 = 0;
};

template <class T>
class Dense : public Layer<T> {
 public:
  explicit Dense(DenseConfig config) : config_(config) {}
  std::string class_name() const override { return "Dense"; }
  const DenseConfig& config() const { return config_; }
  nlohmann::json get_config() const override;
  static std::unique_ptr<Layer<T>> from_config(const KerasConfig& config);
  // The last layer of a model trained with fused softmax cross-entropy
  // outputs logits: σ is skipped here and applied by the loss.
  bool output_logits(bool on) override { return logits_ = on && config_.activation == Act::Softmax; }

  std::vector<ParamInfo> param_info() const override;
  void forward(const T* x, T* y, long batch, const Pass& pass) override;
  void backward(const T* x, const T* y, T* dy, T* dx, long batch, const Pass& pass) override;

 protected:
  Shape infer(const Shape& input) override;

 private:
  DenseConfig config_;
  bool logits_ = false;
};

extern template class Dense<float>;
extern template class Dense<double>;

}  // namespace nn
