// optim/lbfgs.hpp — limited-memory BFGS, as torch.optim.LBFGS with max_iter = 1.
//
//   g = ∇f(θ)
//   s = t_{k−1}·d_{k−1} ,  r = g − g_{k−1}        kept when sᵀr > 10⁻¹⁰ (the last m pairs)
//   γ = sᵀr / rᵀr                                V₀ = γ·I (γ = 1 until the first pair)
//   d = −V·g                                     V the BFGS inverse Hessian built from V₀
//                                                and the m pairs, applied by the two-loop
//                                                recursion without ever forming it
//   t_k = lr, or a strong Wolfe search from lr   (first step: t₀ = min(1, 1/‖g‖₁)·lr)
//   θ ← θ + t_k·d
//
// PyTorch correspondence: one step() is one call of
//   torch.optim.LBFGS(params, lr, max_iter=1, history_size, tolerance_grad,
//                     tolerance_change, line_search_fn)
// with line_search = "none" ↔ line_search_fn=None (PyTorch's default) and
// "strong_wolfe" ↔ "strong_wolfe" (the same c₁ = 10⁻⁴, c₂ = 0.9, 25 evaluations).
// PyTorch's defaults are kept for every hyperparameter but one: `line_search`
// defaults to strong_wolfe, because a fixed step of lr = 1 is rarely a good
// L-BFGS in the lab. Set it to none for PyTorch's default behaviour; the golden
// test does (tests/optim/test_lbfgs_torch.cpp). Like PyTorch, a step whose
// max|g| ≤ tolerance_grad changes nothing, and a direction with
// gᵀd > −tolerance_change is not taken.
//
// State: d, g_{k−1}, the (s, r) pairs as one ring buffer "history" (pair k:
// s then r, 2n entries each), ρ = 1/sᵀr per pair, γ, t_{k−1}, torch's
// iteration count n_iter, and the ring's count and oldest slot.
#pragma once

#include "optim/method.hpp"

namespace optim {

enum class LbfgsLineSearch { none, strong_wolfe };

struct LbfgsConfig {
  double lr = 1;
  double history_size = 100;                                    // m, a whole number
  LbfgsLineSearch line_search = LbfgsLineSearch::strong_wolfe;  // PyTorch's default: none (see above)
  double tolerance_grad = 1e-7;
  double tolerance_change = 1e-9;

  static std::vector<HyperField<LbfgsConfig>> fields();
};

template <class T>
class Lbfgs final : public Method<T, LbfgsConfig> {
 public:
  explicit Lbfgs(const LbfgsConfig& config = {});
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<Lbfgs>(*this); }
  std::vector<RuleLine> rule() const override;

 private:
  void compute_step(Evaluator<T>& eval, Vec<T>& theta) override;

  // The ring of (s, r) pairs, oldest first.
  long capacity(long n) const;
  void linearize(long n);  // rotate so the oldest pair is in slot 0
  void push(const Vec<T>& s, const Vec<T>& r, double rho, long m);
  void trim(long n, long m);  // keep the newest m pairs
  // out = V·q by the two-loop recursion (q is overwritten).
  void two_loop(Vec<T>& q, Vec<T>& out);

  int d_, g_prev_, history_, rho_;              // buffers
  int n_iter_, t_prev_, gamma_, count_, head_;  // scalars
  Vec<T> g_, s_, r_;                            // per-step scratch
  std::vector<double> alpha_;
};

extern template class Lbfgs<float>;
extern template class Lbfgs<double>;

}  // namespace optim
