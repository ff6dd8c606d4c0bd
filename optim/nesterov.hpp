// optim/nesterov.hpp — Nesterov's accelerated gradient, as the course writes it.
//
//   g ← ∇f(θ + α·v)                   the gradient at the look-ahead point
//   v ← α·v − ε·g                     v₀ = 0
//   θ ← θ + v
// The look-ahead points θ_t + α·v_t are the iterates of PyTorch's
// SGD(momentum=α, nesterov=True) with a constant ε (equal in exact
// arithmetic, to 1e-12 in float64): PyTorch keeps only the look-ahead point.
// With α = 0 it is plain SGD.
#pragma once

#include "optim/method.hpp"

namespace optim {

struct NesterovConfig {
  double lr = 1e-3;       // ε
  double momentum = 0.9;  // α

  static std::vector<HyperField<NesterovConfig>> fields();
};

template <class T>
class Nesterov final : public Method<T, NesterovConfig> {
 public:
  explicit Nesterov(const NesterovConfig& config = {});
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<Nesterov>(*this); }
  std::vector<RuleLine> rule() const override;

 private:
  void compute_step(Evaluator<T>& eval, Vec<T>& theta) override;
  int v_;
  Vec<T> g_;
  Vec<T> ahead_;  // θ + α·v, recomputed every step
};

extern template class Nesterov<float>;
extern template class Nesterov<double>;

}  // namespace optim
