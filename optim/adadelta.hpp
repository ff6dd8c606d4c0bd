// optim/adadelta.hpp — Adadelta: steps with the units of θ, from moving
// averages of g² and of the steps themselves (Zeiler 2012).
//
//   g ← ∇f(θ)
//   s ← ρ·s + (1 − ρ)·g⊙g             s₀ = 0
//   d = √(u + eps) / √(s + eps) ⊙ g   u: the moving average of d⊙d, u₀ = 0
//   u ← ρ·u + (1 − ρ)·d⊙d
//   θ ← θ − ε·d                       ε = 1 by default
// Names and defaults are torch.optim.Adadelta's.
#pragma once

#include "optim/method.hpp"

namespace optim {

struct AdadeltaConfig {
  double lr = 1.0;    // ε
  double rho = 0.9;   // ρ
  double eps = 1e-6;  // added under both roots

  static std::vector<HyperField<AdadeltaConfig>> fields();
};

template <class T>
class Adadelta final : public Method<T, AdadeltaConfig> {
 public:
  explicit Adadelta(const AdadeltaConfig& config = {});
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<Adadelta>(*this); }
  std::vector<RuleLine> rule() const override;

 private:
  void compute_step(Evaluator<T>& eval, Vec<T>& theta) override;
  int s_, u_;
  Vec<T> g_;
  Vec<T> d_;  // this step's unscaled update, recomputed every step
};

extern template class Adadelta<float>;
extern template class Adadelta<double>;

}  // namespace optim
