// optim/newton.hpp — Newton's method with the exact Hessian, as the course writes it.
//
//   g = ∇f(θ) ,  H = ∇²f(θ)
//   Δθ = −η·H⁻¹·g                            (the course's variable-metric step)
//
// Safeguarded where H is not positive definite, which would send the pure
// step uphill or into a saddle point:
//   H = Q·Λ·Qᵀ ,  H̃ = Q·max(|Λ|, δ)·Qᵀ       eigenvalues flipped, then raised to ≥ δ
//   d = −H̃⁻¹·g                               always downhill (gᵀd < 0 when g ≠ 0)
//   t_k: Armijo backtracking from t = η       (line_search = armijo)
//   θ ← θ + t_k·d
// At a point where H is positive definite with eigenvalues ≥ δ, H̃ = H and a
// full step t = η = 1 is tried first, so near a minimum this is plain Newton
// and converges quadratically. Negative curvature is turned into descent: on
// x² − y² the step moves away from the saddle along y instead of onto it.
// For n > 500 an eigen-decomposition costs too much: H̃ = H + τ·I instead, τ
// the smallest of 0, 10⁻³, 2·10⁻³, … for which the Cholesky factorization
// succeeds (Nocedal & Wright Alg. 3.3).
//
// Hyperparameters: lr = η (1), delta = δ (10⁻⁸), line_search = armijo | none.
// Requires: the objective gives the exact Hessian (Objective::has_hessian());
// otherwise step() throws std::invalid_argument. No state between steps.
#pragma once

#include "optim/method.hpp"

namespace optim {

enum class NewtonLineSearch { none, armijo };

struct NewtonConfig {
  double lr = 1;        // η
  double delta = 1e-8;  // δ
  NewtonLineSearch line_search = NewtonLineSearch::armijo;

  static std::vector<HyperField<NewtonConfig>> fields();
};

template <class T>
class Newton final : public Method<T, NewtonConfig> {
 public:
  explicit Newton(const NewtonConfig& config = {});
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<Newton>(*this); }
  std::vector<RuleLine> rule() const override;

  static constexpr long kEigenLimit = 500;  // largest n solved by eigen-decomposition

 private:
  void compute_step(Evaluator<T>& eval, Vec<T>& theta) override;

  Vec<T> g_, d_;  // per-step scratch
  Mat<T> H_;
};

extern template class Newton<float>;
extern template class Newton<double>;

}  // namespace optim
