// optim/rmsprop.hpp — RMSProp: a per-coordinate rate from a moving average of g².
//
//   g ← ∇f(θ)
//   s ← ρ·s + (1 − ρ)·g⊙g             ρ is PyTorch's `alpha`
//   θ ← θ − ε·g / (√s + eps)          PyTorch's placement (the default)
//   θ ← θ − ε·g / √(s + eps)          the course's, with eps_inside_sqrt
// PyTorch's options, names and defaults (torch.optim.RMSprop):
//   centered:  ḡ ← ρ·ḡ + (1 − ρ)·g, and s − ḡ⊙ḡ replaces s under the root
//   momentum μ > 0:  b ← μ·b + g / (√s + eps);  θ ← θ − ε·b   (b₀ = 0)
#pragma once

#include "optim/optimizer.hpp"

namespace optim {

template <class T>
class Rmsprop final : public Optimizer<T> {
 public:
  Rmsprop();
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<Rmsprop>(*this); }
  std::vector<RuleLine> rule() const override;

 private:
  enum Hyper : int { kLr, kAlpha, kEps, kMomentum, kCentered, kEpsInsideSqrt };
  void compute_step(Evaluator<T>& eval, Vec<T>& theta) override;
  int s_, g_avg_, b_;
  Vec<T> g_;
};

extern template class Rmsprop<float>;
extern template class Rmsprop<double>;

}  // namespace optim
