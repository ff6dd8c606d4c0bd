// nn/batch_norm.hpp — batch normalization over the last axis (channels).
//
//   Legend: N = B·H·W values per channel c.
//   training:   μ = mean_N x,  σ² = mean_N (x − μ)²   (the batch's statistics)
//               x̂ = (x − μ)/√(σ² + eps),  y = γ ⊙ x̂ + β
//               moving_μ ← momentum·moving_μ + (1 − momentum)·μ   (same for σ²)
//   inference:  x̂ = (x − moving_μ)/√(moving_σ² + eps)
//   backward (training):
//               ∂L/∂γ += Σ δy ⊙ x̂,  ∂L/∂β += Σ δy
//               δx = γ/(N·√(σ² + eps)) · (N·δy − Σ δy − x̂ ⊙ Σ δy ⊙ x̂)
// Keras' defaults: momentum 0.99, eps 0.001; γ starts at 1, β at 0, the
// moving mean at 0 and the moving variance at 1. γ and β live in θ; the
// moving averages are the layer's own state (non-trainable, saved with it).
#pragma once

#include <vector>

#include "nn/aligned_buffer.hpp"
#include "nn/layer.hpp"

namespace nn {

struct BatchNormConfig {
  double momentum = 0.99;
  double epsilon = 1e-3;
};

template <class T>
class BatchNormalization : public Layer<T> {
 public:
  explicit BatchNormalization(BatchNormConfig config = {}) : config_(config) {}
  std::string class_name() const override { return "BatchNormalization"; }
  const BatchNormConfig& config() const { return config_; }
  nlohmann::json get_config() const override;
  static std::unique_ptr<Layer<T>> from_config(const KerasConfig& config);

  std::vector<ParamInfo> param_info() const override;
  std::vector<std::pair<std::string, std::vector<T>*>> state() override {
    return {{"moving_mean", &moving_mean_}, {"moving_variance", &moving_var_}};
  }
  void reserve(long batch, int threads) override;
  void forward(const T* x, T* y, long batch, const Pass& pass) override;
  void backward(const T* x, const T* y, T* dy, T* dx, long batch, const Pass& pass) override;

 protected:
  Shape infer(const Shape& input) override;

 private:
  // Per-channel sums of f(row) over the batch, split across threads.
  template <class F>
  void channel_sums(long rows, const Pass& pass, F&& f, std::vector<double>& out);

  BatchNormConfig config_;
  std::vector<T> moving_mean_, moving_var_;
  AlignedBuffer<T> xhat_;                     // (B, size), for backward
  std::vector<T> mean_;                       // (C) of the last pass
  std::vector<T> inv_std_;                    // (C) of the last pass
  std::vector<std::vector<double>> partial_;  // per thread, 2·C
  std::vector<double> sum_a_, sum_b_;
  bool last_training_ = false;
};

extern template class BatchNormalization<float>;
extern template class BatchNormalization<double>;

}  // namespace nn
