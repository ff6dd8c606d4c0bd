// optim/sgd.hpp — stochastic gradient descent, as PyTorch's torch.optim.SGD.
//
//   g ← ∇f(θ)                         (g the mean gradient of a mini-batch)
//   θ ← θ − ε·g                       momentum μ = 0, the course's SGD
// With momentum μ > 0 (PyTorch's form, dampening τ):
//   b ← μ·b + (1 − τ)·g               (b ← g on the first step)
//   θ ← θ − ε·b                       or, nesterov: θ ← θ − ε·(g + μ·b)
// The course's own momentum and Nesterov forms are `momentum` and `nesterov`.
#pragma once

#include "optim/method.hpp"

namespace optim {

struct SgdConfig {
  double lr = 1e-3;       // ε
  double momentum = 0;    // μ
  double dampening = 0;   // τ
  bool nesterov = false;  // PyTorch's Nesterov form

  static std::vector<HyperField<SgdConfig>> fields();
};

template <class T>
class Sgd final : public Method<T, SgdConfig> {
 public:
  explicit Sgd(const SgdConfig& config = {});
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<Sgd>(*this); }
  std::vector<RuleLine> rule() const override;

 private:
  void compute_step(Evaluator<T>& eval, Vec<T>& theta) override;
  int b_;
  Vec<T> g_;
};

extern template class Sgd<float>;
extern template class Sgd<double>;

}  // namespace optim
