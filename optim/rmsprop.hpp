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

#include "optim/method.hpp"

namespace optim {

struct RmspropConfig {
  double lr = 1e-2;              // ε
  double alpha = 0.99;           // ρ
  double eps = 1e-8;             // added to the denominator
  double momentum = 0;           // μ
  bool centered = false;         // divide by an estimate of the variance of g
  bool eps_inside_sqrt = false;  // the course's √(s + eps) (not in PyTorch)

  static std::vector<HyperField<RmspropConfig>> fields();
};

template <class T>
class Rmsprop final : public Method<T, RmspropConfig> {
 public:
  explicit Rmsprop(const RmspropConfig& config = {});
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<Rmsprop>(*this); }
  std::vector<RuleLine> rule() const override;

 private:
  void compute_step(Evaluator<T>& eval, Vec<T>& theta) override;
  int s_, g_avg_, b_;
  Vec<T> g_;
};

extern template class Rmsprop<float>;
extern template class Rmsprop<double>;

}  // namespace optim
