// optim/conjugate_gradient.hpp — nonlinear conjugate gradients, as the course writes them.
//
//   g = ∇f(θ_{k+1})
//   β_k = gᵀ(g − g_k) / g_kᵀg_k                 Polak–Ribière  (beta_rule = polak_ribiere)
//   β_k = gᵀg / g_kᵀg_k                         Fletcher–Reeves (beta_rule = fletcher_reeves)
//   β_k ← 0 (restart) when β_k < 0 (PR+, restart_negative) or every restart_every steps
//   d ← −g + β_k·d
//   θ ← θ + t_k·d,  t_k from a strong Wolfe line search (c₁ = 10⁻⁴, c₂ = c2)
//
// One step() is one iteration: evaluate g at θ, pick d, search along it. On a
// quadratic with exact line searches it reaches the minimum in n iterations.
// Each step evaluates f at θ afresh, though the last line search saw that
// point: between steps the objective may change (noise, decay, a moved θ).
// The step length is shown as "t_k" ("t" is the step counter).
//
// Hyperparameters:
//   lr              the cap on the first trial step t₀ of each line search (1);
//                   t₀ = min(lr, 1.01·2·(f_k − f_{k−1})/gᵀd) after the first
//                   step (N&W eq. 3.60, as SciPy's CG), min(lr, 1/‖g‖) on the first
//   beta_rule       polak_ribiere (default) or fletcher_reeves
//   restart_every   restart with d = −g every this many steps (100); 0 = the
//                   dimension n, the textbook choice, which on a 2-D surface
//                   turns CG into alternating steepest-descent steps
//   restart_negative  PR+: restart whenever β_k < 0 (on)
//   c2              the line search's curvature constant (0.1, N&W's choice for
//                   CG; keep it < 0.5 for FR, which then always descends)
// A direction that is not downhill (gᵀd ≥ 0) is replaced by −g. When the line
// search finds no lower point, θ stays and the next step restarts.
//
// State: d, g_k (the previous gradient), f_k, and steps since the last restart.
#pragma once

#include "optim/method.hpp"

namespace optim {

enum class BetaRule { polak_ribiere, fletcher_reeves };

struct ConjugateGradientConfig {
  double lr = 1;  // cap on the first trial step t₀
  BetaRule beta_rule = BetaRule::polak_ribiere;
  // Not 0 (= n): on a 2-D surface a restart every 2 steps turns CG into
  // alternating steepest-descent steps (Rosenbrock from (−1.2, 1): 33
  // iterations, not 20).
  double restart_every = 100;
  bool restart_negative = true;  // PR+
  double c2 = 0.1;               // N&W's choice for CG

  static std::vector<HyperField<ConjugateGradientConfig>> fields();
};

template <class T>
class ConjugateGradient final : public Method<T, ConjugateGradientConfig> {
 public:
  explicit ConjugateGradient(const ConjugateGradientConfig& config = {});
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<ConjugateGradient>(*this); }
  std::vector<RuleLine> rule() const override;

 private:
  void compute_step(Evaluator<T>& eval, Vec<T>& theta) override;

  int d_, g_prev_;              // buffers
  int f_prev_, since_restart_;  // scalars
  Vec<T> g_;                    // per-step scratch
};

extern template class ConjugateGradient<float>;
extern template class ConjugateGradient<double>;

}  // namespace optim
