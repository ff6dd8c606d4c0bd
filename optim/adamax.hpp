// optim/adamax.hpp — Adamax: Adam with the infinity norm in place of s.
//
//   g ← ∇f(θ)
//   m ← β₁·m + (1 − β₁)·g
//   u ← max(β₂·u, |g| + eps)          an exponentially weighted ‖g‖∞, u₀ = 0
//   θ ← θ − ε·m / ((1 − β₁ᵗ)·u)
// Names and defaults are torch.optim.Adamax's.
#pragma once

#include "optim/method.hpp"

namespace optim {

struct AdamaxConfig {
  double lr = 2e-3;      // ε
  double beta1 = 0.9;    // β₁
  double beta2 = 0.999;  // β₂
  double eps = 1e-8;     // added to |g|

  static std::vector<HyperField<AdamaxConfig>> fields();
};

template <class T>
class Adamax final : public Method<T, AdamaxConfig> {
 public:
  explicit Adamax(const AdamaxConfig& config = {});
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<Adamax>(*this); }
  std::vector<RuleLine> rule() const override;

 private:
  void compute_step(Evaluator<T>& eval, Vec<T>& theta) override;
  int m_, u_;
  Vec<T> g_;
};

extern template class Adamax<float>;
extern template class Adamax<double>;

}  // namespace optim
