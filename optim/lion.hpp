// optim/lion.hpp — Lion: the sign of an interpolated momentum (Chen et al.
// 2023, "Symbolic Discovery of Optimization Algorithms").
//
//   g ← ∇f(θ)
//   c = β₁·m + (1 − β₁)·g             the direction's source
//   θ ← θ − ε·(sign(c) + λ·θ)         λ: decoupled weight decay
//   m ← β₂·m + (1 − β₂)·g             m₀ = 0
// Every coordinate moves by exactly ε (plus decay): use a rate about 3–10×
// smaller than Adam's. Not in PyTorch 1.13; names follow the paper's code.
#pragma once

#include "optim/method.hpp"

namespace optim {

struct LionConfig {
  double lr = 1e-4;     // ε
  double beta1 = 0.9;   // β₁: weight of m in c
  double beta2 = 0.99;  // β₂: decay of m

  static std::vector<HyperField<LionConfig>> fields();
};

template <class T>
class Lion final : public Method<T, LionConfig> {
 public:
  explicit Lion(const LionConfig& config = {});
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<Lion>(*this); }
  std::vector<RuleLine> rule() const override;

 private:
  void compute_step(Evaluator<T>& eval, Vec<T>& theta) override;
  bool decoupled_weight_decay() const override { return true; }
  int m_;
  Vec<T> g_;
};

extern template class Lion<float>;
extern template class Lion<double>;

}  // namespace optim
