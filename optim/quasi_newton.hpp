// optim/quasi_newton.hpp — variable-metric methods: BFGS and DFP, as the course writes them.
//
//   g = ∇f(θ_k)
//   d = −V·g                              V ≈ H⁻¹, symmetric positive definite
//   θ_{k+1} = θ_k + t_k·d                 t_k from a strong Wolfe line search
//   s = θ_{k+1} − θ_k ,  r = ∇f(θ_{k+1}) − ∇f(θ_k)
//   BFGS:  V ← V + (1 + rᵀVr / sᵀr)·(s sᵀ)/(sᵀr) − (s rᵀV + V r sᵀ)/(sᵀr)
//   DFP:   V ← V + (s sᵀ)/(sᵀr) − (V r rᵀ V)/(rᵀ V r)
//
// V₀ = I. With initial_scaling, V is set to (sᵀr / rᵀr)·I just before its
// first update (Nocedal & Wright eq. 6.20), so the first quasi-Newton step
// already has the right length. The update is skipped when sᵀr ≤ 0, which
// keeps V positive definite; the strong Wolfe conditions guarantee sᵀr > 0
// whenever the search succeeds. V is stored symmetric to the bit.
//
// One step() is one iteration: evaluate g, d = −V·g, search, update V.
// The curvature pair (s, r) uses the gradient of the accepted line-search
// point, so V is complete after every step. Each step evaluates f at θ
// afresh, though the last search saw that point: between steps the objective
// may change (noise, decay, a moved θ). The inspector shows g, d, t_k (the
// step length; "t" is the step counter), s, r and V.
//
// Hyperparameters:
//   lr               the first trial step t₀ of each line search (1: the
//                    quasi-Newton step). While V is still the unscaled I,
//                    t₀ = lr·min(1, 1/‖g‖).
//   initial_scaling  V ← (sᵀr/rᵀr)·I before the first update (on)
//   c2               the line search's curvature constant: 0.1, a near-exact
//                    search. N&W advise 0.9 for quasi-Newton methods, which
//                    saves evaluations per iteration but costs iterations, and
//                    the lab animates iterations. DFP needs it: its update
//                    corrects a bad V slowly, and with loose searches it
//                    crawls (Rosenbrock from (−1.2, 1): not there after 1000
//                    iterations at c₂ = 0.9, 28 at 0.1). With exact line
//                    searches every Broyden-class update, DFP and BFGS
//                    included, makes the same iterates (Dixon, 1972): raise
//                    c2 to 0.9 to show the difference between them.
// Safeguards: a direction that is not downhill (gᵀd ≥ 0, V no longer positive
// definite in floating point) or a line search that finds no lower point
// resets V to I.
//
// State: V (n×n, flattened column-major) and whether it has been scaled yet.
// For n > kMaxDimension step() throws std::invalid_argument: use lbfgs.
#pragma once

#include "optim/method.hpp"

namespace optim {

struct QuasiNewtonConfig {
  double lr = 1;                // the first trial step t₀
  bool initial_scaling = true;  // V ← (sᵀr/rᵀr)·I before the first update
  // A near-exact search (not N&W's 0.9): fewer, better iterations to
  // animate, and DFP needs it (see above).
  double c2 = 0.1;

  static std::vector<HyperField<QuasiNewtonConfig>> fields();
};

enum class QuasiNewtonUpdate { Bfgs, Dfp };

template <class T>
class QuasiNewton final : public Method<T, QuasiNewtonConfig> {
 public:
  using Update = QuasiNewtonUpdate;
  explicit QuasiNewton(Update update, const QuasiNewtonConfig& config = {});
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<QuasiNewton>(*this); }
  std::vector<RuleLine> rule() const override;
  Update update() const { return update_; }

  // V has n² entries: larger problems throw std::invalid_argument (use lbfgs).
  static constexpr long kMaxDimension = 10000;

 private:
  void compute_step(Evaluator<T>& eval, Vec<T>& theta) override;
  void update_inverse(Eigen::Map<Mat<T>>& V, const Vec<T>& s, const Vec<T>& r, double sr);

  Update update_;
  int V_;                     // buffer: V, n×n
  int scaled_;                // scalar: 0 while V is the unscaled I
  Vec<T> g_, d_, s_, r_, u_;  // per-step scratch
};

extern template class QuasiNewton<float>;
extern template class QuasiNewton<double>;

}  // namespace optim
