// optim/nadam.hpp — NAdam: Adam with Nesterov momentum (Dozat 2016).
//
//   g ← ∇f(θ)
//   μ_t = β₁·(1 − ½·0.96^(t·ψ))       the momentum schedule, ψ = momentum_decay
//   ∏μ ← ∏μ·μ_t                       the product μ₁·…·μ_t, ∏μ₀ = 1
//   m ← β₁·m + (1 − β₁)·g
//   s ← β₂·s + (1 − β₂)·g⊙g
//   ŝ = s / (1 − β₂ᵗ)
//   θ ← θ − ε·[(1 − μ_t)/(1 − ∏μ)·g + μ_{t+1}/(1 − ∏μ·μ_{t+1})·m] / (√ŝ + eps)
// Names and defaults are torch.optim.NAdam's. The update is that of its
// multi-tensor path (foreach=True): torch 1.13's default single-tensor path
// multiplies μ_t into the second coefficient's product twice, a bug fixed in 2.0.
#pragma once

#include "optim/method.hpp"

namespace optim {

struct NadamConfig {
  double lr = 2e-3;              // ε
  double beta1 = 0.9;            // β₁
  double beta2 = 0.999;          // β₂
  double eps = 1e-8;             // added to the denominator
  double momentum_decay = 4e-3;  // ψ

  static std::vector<HyperField<NadamConfig>> fields();
};

template <class T>
class Nadam final : public Method<T, NadamConfig> {
 public:
  explicit Nadam(const NadamConfig& config = {});
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<Nadam>(*this); }
  std::vector<RuleLine> rule() const override;

 private:
  void compute_step(Evaluator<T>& eval, Vec<T>& theta) override;
  int m_, s_, mu_product_;
  Vec<T> g_;
};

extern template class Nadam<float>;
extern template class Nadam<double>;

}  // namespace optim
