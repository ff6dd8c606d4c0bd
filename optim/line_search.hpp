// optim/line_search.hpp — how far to go along a direction d.
//
// Along a descent direction d (gᵀd < 0) from θ, a line search looks at
//   φ(t) = f(θ + t·d),   φ'(t) = ∇f(θ + t·d)ᵀd,
// and picks a step length t > 0. Both searches here are free functions
// (PyTorch's and ensmallen's style): they evaluate f through the step's
// Evaluator, so every probe θ + t·d is counted and shown to the inspector
// as "line search 1", "line search 2", … in the order made.
//
// strong_wolfe: Nocedal & Wright, Numerical Optimization, Alg. 3.5 (bracket)
// and Alg. 3.6 (zoom), with safeguarded cubic interpolation. It returns a t
// satisfying the strong Wolfe conditions
//   φ(t) ≤ φ(0) + c₁·t·φ'(0)          sufficient decrease (Armijo)
//   |φ'(t)| ≤ c₂·|φ'(0)|              curvature
// with 0 < c₁ < c₂ < 1: c₂ = 0.9 for quasi-Newton methods, 0.1–0.4 for
// conjugate gradients. Defaults and safeguards follow torch.optim.LBFGS's
// `_strong_wolfe` (itself from minFunc): extrapolation in [t + 0.01·(t − t₋),
// 10·t], at most 25 evaluations, stop when the bracket is narrower than
// tolerance_change/‖d‖∞.
//
// backtracking: Armijo only (N&W Alg. 3.1): t ← t·ρ-ish, the next trial the
// minimizer of the quadratic through φ(0), φ'(0), φ(t), kept in [0.1·t, 0.5·t].
//
// Requires: d a descent direction (gᵀd < 0), t0 > 0, g = ∇f(θ), f = f(θ).
// Ensures: never more than max_evaluations evaluations (never hangs); the
// result's t is 0 when no point below f(θ) was found, otherwise the best
// point seen that satisfies the Armijo condition; `wolfe` says whether the
// conditions asked for hold there. A non-finite φ(t) counts as "too far".
#pragma once

#include "optim/optimizer.hpp"

namespace optim {

struct WolfeOptions {
  double c1 = 1e-4;                // sufficient decrease
  double c2 = 0.9;                 // curvature: 0.9 quasi-Newton, 0.1–0.4 CG
  int max_evaluations = 25;        // torch's max_ls
  double tolerance_change = 1e-9;  // smallest bracket, in units of ‖d‖∞
};

struct ArmijoOptions {
  double c1 = 1e-4;
  int max_evaluations = 30;
};

template <class T>
struct LineSearchResult {
  double t = 0;    // accepted step length; 0: stay at θ
  double f = 0;    // φ(t) = f(θ + t·d)   (f(θ) when t = 0)
  Vec<T> g;        // ∇f(θ + t·d)         (∇f(θ) when t = 0)
  double gtd = 0;  // φ'(t) = gᵀd
  int evaluations = 0;
  bool wolfe = false;  // the strong Wolfe (or Armijo, for backtracking) conditions hold at t
};

// The point the searches evaluate: θ + t·d, computed the same way as a
// method's final θ ← θ + t·d, so both agree bit for bit.
template <class T>
void step_along(const Vec<T>& theta, double t, const Vec<T>& d, Vec<T>& out);

template <class T>
LineSearchResult<T> strong_wolfe(Evaluator<T>& eval, const Vec<T>& theta, const Vec<T>& d, T f, const Vec<T>& g,
                                 double t0, const WolfeOptions& options = {});

template <class T>
LineSearchResult<T> backtracking(Evaluator<T>& eval, const Vec<T>& theta, const Vec<T>& d, T f, const Vec<T>& g,
                                 double t0, const ArmijoOptions& options = {});

// The "c2" hyperparameter of the methods that use strong_wolfe, in (c₁, 1);
// its default is in each method's config.
HyperSpec c2_spec();

// The minimizer of the cubic through (t1, f1, φ'1) and (t2, f2, φ'2), clamped
// to [lo, hi]; the midpoint of [lo, hi] when the cubic has none or a value is
// not finite (N&W eq. 3.59).
double cubic_minimizer(double t1, double f1, double d1, double t2, double f2, double d2, double lo, double hi);

extern template void step_along<float>(const Vec<float>&, double, const Vec<float>&, Vec<float>&);
extern template void step_along<double>(const Vec<double>&, double, const Vec<double>&, Vec<double>&);
extern template LineSearchResult<float> strong_wolfe<float>(Evaluator<float>&, const Vec<float>&, const Vec<float>&,
                                                            float, const Vec<float>&, double, const WolfeOptions&);
extern template LineSearchResult<double> strong_wolfe<double>(Evaluator<double>&, const Vec<double>&,
                                                              const Vec<double>&, double, const Vec<double>&, double,
                                                              const WolfeOptions&);
extern template LineSearchResult<float> backtracking<float>(Evaluator<float>&, const Vec<float>&, const Vec<float>&,
                                                            float, const Vec<float>&, double, const ArmijoOptions&);
extern template LineSearchResult<double> backtracking<double>(Evaluator<double>&, const Vec<double>&,
                                                              const Vec<double>&, double, const Vec<double>&, double,
                                                              const ArmijoOptions&);

}  // namespace optim
