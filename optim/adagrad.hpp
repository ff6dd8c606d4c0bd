// optim/adagrad.hpp — AdaGrad: a per-coordinate rate from all past gradients.
//
//   g ← ∇f(θ)
//   s ← s + g⊙g                       s₀ = initial_accumulator_value
//   ε_t = ε / (1 + (t − 1)·lr_decay)  (ε_t = ε when lr_decay = 0)
//   θ ← θ − ε_t·g / (√s + eps)        PyTorch's placement (the default)
//   θ ← θ − ε_t·g / √(s + eps)        the course's, with eps_inside_sqrt
// Names and defaults are torch.optim.Adagrad's.
#pragma once

#include "optim/method.hpp"

namespace optim {

struct AdagradConfig {
  double lr = 1e-2;                      // ε
  double lr_decay = 0;                   // ε_t = ε / (1 + (t − 1)·lr_decay)
  double initial_accumulator_value = 0;  // s₀
  double eps = 1e-10;                    // added to the denominator
  bool eps_inside_sqrt = false;          // the course's √(s + eps) (not in PyTorch)

  static std::vector<HyperField<AdagradConfig>> fields();
};

template <class T>
class Adagrad final : public Method<T, AdagradConfig> {
 public:
  explicit Adagrad(const AdagradConfig& config = {});
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<Adagrad>(*this); }
  std::vector<RuleLine> rule() const override;

 private:
  void compute_step(Evaluator<T>& eval, Vec<T>& theta) override;
  int s_;
  Vec<T> g_;
};

extern template class Adagrad<float>;
extern template class Adagrad<double>;

}  // namespace optim
