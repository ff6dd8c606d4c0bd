// optim/adamax.hpp — Adamax: Adam with the infinity norm in place of s.
//
//   g ← ∇f(θ)
//   m ← β₁·m + (1 − β₁)·g
//   u ← max(β₂·u, |g| + eps)          an exponentially weighted ‖g‖∞, u₀ = 0
//   θ ← θ − ε·m / ((1 − β₁ᵗ)·u)
// Names and defaults are torch.optim.Adamax's.
#pragma once

#include "optim/optimizer.hpp"

namespace optim {

template <class T>
class Adamax final : public Optimizer<T> {
 public:
  Adamax();
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<Adamax>(*this); }
  std::vector<RuleLine> rule() const override;

 private:
  enum Hyper : int { kLr, kBeta1, kBeta2, kEps };
  void compute_step(Evaluator<T>& eval, Vec<T>& theta) override;
  int m_, u_;
  Vec<T> g_;
};

extern template class Adamax<float>;
extern template class Adamax<double>;

}  // namespace optim
