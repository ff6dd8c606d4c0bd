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

#include "optim/method.hpp"

namespace optim {

struct RadamConfig {
  double lr = 1e-3;      // ε
  double beta1 = 0.9;    // β₁
  double beta2 = 0.999;  // β₂
  double eps = 1e-8;     // added to the denominator

  static std::vector<HyperField<RadamConfig>> fields();
};

template <class T>
class Radam final : public Method<T, RadamConfig> {
 public:
  explicit Radam(const RadamConfig& config = {});
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<Radam>(*this); }
  std::vector<RuleLine> rule() const override;

 private:
  void compute_step(Evaluator<T>& eval, Vec<T>& theta) override;
  int m_, s_;
  Vec<T> g_;
};

extern template class Radam<float>;
extern template class Radam<double>;

}  // namespace optim
