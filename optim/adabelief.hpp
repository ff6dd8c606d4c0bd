// optim/adabelief.hpp — AdaBelief: Adam whose second moment is the spread of
// g around its own average m, the "belief" in the gradient (Zhuang et al.,
// NeurIPS 2020).
//
//   g ← ∇f(θ)
//   m ← β₁·m + (1 − β₁)·g
//   s ← β₂·s + (1 − β₂)·(g − m)⊙(g − m) + eps    eps kept in s, as the authors' code does
//   θ ← θ − ε·m̂ / (√ŝ + eps)                     m̂ = m/(1 − β₁ᵗ), ŝ = s/(1 − β₂ᵗ)
// rectify (the default), as RAdam, with ρ_t = ρ_∞ − 2t·β₂ᵗ/(1 − β₂ᵗ):
//   θ ← θ − ε·r_t·m̂·√(1 − β₂ᵗ) / (√s + eps)     when ρ_t ≥ 5
//   θ ← θ − ε·m̂                                  otherwise (momentum SGD)
// Weight decay is decoupled, θ ← θ·(1 − ε·λ), as the authors' default.
// Names and defaults are those of the authors' adabelief-pytorch 0.2.1.
#pragma once

#include "optim/method.hpp"

namespace optim {

struct AdabeliefConfig {
  double lr = 1e-3;      // ε
  double beta1 = 0.9;    // β₁
  double beta2 = 0.999;  // β₂
  double eps = 1e-16;    // added to s and to the denominator
  bool rectify = true;   // RAdam's rectification

  static std::vector<HyperField<AdabeliefConfig>> fields();
};

template <class T>
class Adabelief final : public Method<T, AdabeliefConfig> {
 public:
  explicit Adabelief(const AdabeliefConfig& config = {});
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<Adabelief>(*this); }
  std::vector<RuleLine> rule() const override;

 private:
  void compute_step(Evaluator<T>& eval, Vec<T>& theta) override;
  bool decoupled_weight_decay() const override { return true; }
  int m_, s_;
  Vec<T> g_;
};

extern template class Adabelief<float>;
extern template class Adabelief<double>;

}  // namespace optim
