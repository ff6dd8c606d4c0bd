// optim/radam.hpp — RAdam: Adam whose adaptive rate is switched on only once
// the variance of ŝ is tractable, and then rectified (Liu et al. 2020).
//
//   g ← ∇f(θ)
//   m ← β₁·m + (1 − β₁)·g
//   s ← β₂·s + (1 − β₂)·g⊙g
//   m̂ = m / (1 − β₁ᵗ)
//   ρ_t = ρ_∞ − 2t·β₂ᵗ / (1 − β₂ᵗ)     ρ_∞ = 2 / (1 − β₂) − 1
//   r_t = √((ρ_t − 4)(ρ_t − 2)ρ_∞ / ((ρ_∞ − 4)(ρ_∞ − 2)ρ_t))
//   θ ← θ − ε·r_t·m̂·√(1 − β₂ᵗ) / (√s + eps)    when ρ_t > 5
//   θ ← θ − ε·m̂                                  otherwise (momentum SGD)
// Names and defaults are torch.optim.RAdam's.
#pragma once

#include "optim/optimizer.hpp"

namespace optim {

template <class T>
class Radam final : public Optimizer<T> {
 public:
  Radam();
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<Radam>(*this); }
  std::vector<RuleLine> rule() const override;

 private:
  enum Hyper : int { kLr, kBeta1, kBeta2, kEps };
  void compute_step(Evaluator<T>& eval, Vec<T>& theta) override;
  int m_, s_;
  Vec<T> g_;
};

extern template class Radam<float>;
extern template class Radam<double>;

}  // namespace optim
