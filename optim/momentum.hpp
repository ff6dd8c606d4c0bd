// optim/momentum.hpp — the heavy ball, as the course writes it.
//
//   g ← ∇f(θ)                         (ĝ = Φ_GC(g) when centralize is on)
//   v ← α·v − ε·g                     v the velocity, v₀ = 0, α ≈ 0.9
//   θ ← θ + v
// With a constant ε this is PyTorch's SGD(momentum=α, dampening=0) in other
// coordinates: v = −ε·b. With α = 0 it is plain SGD.
//
// Gradient centralization (the `centralize` flag) removes from the gradient
// of every weight tensor its mean over each output unit before the update:
//   ĝ = Φ_GC(g) = g − mean(g)         (1-D tensors such as biases unchanged)
#pragma once

#include "optim/method.hpp"

namespace optim {

struct MomentumConfig {
  double lr = 1e-3;         // ε
  double momentum = 0.9;    // α
  bool centralize = false;  // gradient centralization

  static std::vector<HyperField<MomentumConfig>> fields();
};

template <class T>
class Momentum final : public Method<T, MomentumConfig> {
 public:
  explicit Momentum(const MomentumConfig& config = {});
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<Momentum>(*this); }
  std::vector<RuleLine> rule() const override;

 private:
  void compute_step(Evaluator<T>& eval, Vec<T>& theta) override;
  int v_;
  Vec<T> g_;
};

extern template class Momentum<float>;
extern template class Momentum<double>;

}  // namespace optim
