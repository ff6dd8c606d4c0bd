// optim/adam.hpp — Adam and its two PyTorch relatives, AdamW and AMSGrad.
//
//   g ← ∇f(θ)                         (ĝ = Φ_GC(g) when centralize is on)
//   m ← β₁·m + (1 − β₁)·g             first moment,  m₀ = 0
//   s ← β₂·s + (1 − β₂)·g⊙g           second moment, s₀ = 0
//   m̂ = m / (1 − β₁ᵗ)                 bias correction (switch it off to see
//   ŝ = s / (1 − β₂ᵗ)                 why it exists: then m̂ = m, ŝ = s)
//   θ ← θ − ε·m̂ / (√ŝ + eps)          PyTorch's placement (the default)
//   θ ← θ − ε·m̂ / √(ŝ + eps)          the course's, with eps_inside_sqrt
//   θ ← θ − ε·√(1 − β₂ᵗ)/(1 − β₁ᵗ)·m / (√s + eps)
//                                     Keras' "epsilon hat", with eps_hat: eps is
//                                     added before the bias correction, which
//                                     is PyTorch's with eps·/√(1 − β₂ᵗ)
// amsgrad:  s_max ← max(s_max, s), and ŝ = s_max / (1 − β₂ᵗ)
// adamw:    decoupled weight decay θ ← θ·(1 − ε·λ) before the step, λ = 0.01
//
// Gradient centralization (centralize) is the course's "Adam with GC":
//   ĝ = Φ_GC(g) = g − mean(g) over each output unit of every weight tensor.
// Names and defaults are torch.optim.Adam's and AdamW's:
//   optim::Adam<float> adam({.lr = 1e-3, .beta1 = 0.9});
#pragma once

#include "optim/method.hpp"

namespace optim {

struct AdamConfig {
  double lr = 1e-3;              // ε
  double beta1 = 0.9;            // β₁
  double beta2 = 0.999;          // β₂
  double eps = 1e-8;             // added to the denominator
  bool amsgrad = false;          // divide by the running maximum of s
  bool bias_correction = true;   // m̂ and ŝ; off: m̂ = m, ŝ = s (not in PyTorch)
  bool eps_inside_sqrt = false;  // the course's √(ŝ + eps) (not in PyTorch)
  bool eps_hat = false;          // Keras' ε̂, added to √s before bias correction (not in PyTorch)
  bool centralize = false;       // gradient centralization (not in PyTorch)

  static std::vector<HyperField<AdamConfig>> fields();
};

// adamw: weight_decay defaults to 0.01 and is decoupled; amsgrad: amsgrad defaults to true.
enum class AdamVariant { Adam, AdamW, AmsGrad };

template <class T>
class Adam final : public Method<T, AdamConfig> {
 public:
  using Variant = AdamVariant;
  explicit Adam(const AdamConfig& config = {}, Variant variant = Variant::Adam);
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<Adam>(*this); }
  std::vector<RuleLine> rule() const override;

 private:
  void compute_step(Evaluator<T>& eval, Vec<T>& theta) override;
  bool decoupled_weight_decay() const override { return variant_ == Variant::AdamW; }
  Variant variant_;
  int m_, s_, s_max_;
  Vec<T> g_;
};

extern template class Adam<float>;
extern template class Adam<double>;

}  // namespace optim
