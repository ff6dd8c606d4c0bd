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

#include "optim/optimizer.hpp"

namespace optim {

template <class T>
class Nadam final : public Optimizer<T> {
 public:
  Nadam();
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<Nadam>(*this); }
  std::vector<RuleLine> rule() const override;

 private:
  enum Hyper : int { kLr, kBeta1, kBeta2, kEps, kMomentumDecay };
  void compute_step(Evaluator<T>& eval, Vec<T>& theta) override;
  int m_, s_, mu_product_;
  Vec<T> g_;
};

extern template class Nadam<float>;
extern template class Nadam<double>;

}  // namespace optim
