#include "optim/quasi_newton.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "optim/line_search.hpp"

namespace optim {

std::vector<HyperField<QuasiNewtonConfig>> QuasiNewtonConfig::fields() {
  using C = QuasiNewtonConfig;
  return {
      field(&C::lr, {.name = "lr",
                     .symbol = "ε",
                     .help = "first trial step of each line search (1: the quasi-Newton step)",
                     .min = 1e-3,
                     .max = 10,
                     .log_scale = true}),
      field(&C::initial_scaling, {.name = "initial_scaling",
                                  .symbol = "sᵀr/rᵀr",
                                  .help = "V ← (sᵀr/rᵀr)·I before the first update (N&W 6.20)"}),
      field(&C::c2, c2_spec()),
  };
}

template <class T>
QuasiNewton<T>::QuasiNewton(Update update, const QuasiNewtonConfig& config)
    : Method<T, QuasiNewtonConfig>(update == Update::Bfgs ? "bfgs" : "dfp", config), update_(update) {
  V_ = this->add_buffer("V");
  scaled_ = this->add_scalar("V_scaled", 0);
}

template <class T>
std::vector<RuleLine> QuasiNewton<T>::rule() const {
  std::vector<RuleLine> lines = {{"g = ∇f(θ)", "g"},
                                 {"d = −V·g", "d"},
                                 {"t_k: strong Wolfe line search along d", "t_k"},
                                 {"Δθ = t_k·d", "Δθ"},
                                 {"θ ← θ + Δθ", "θ"},
                                 {"s = θₖ₊₁ − θₖ", "s"},
                                 {"r = ∇f(θₖ₊₁) − ∇f(θₖ)", "r"}};
  if (update_ == Update::Bfgs)
    lines.push_back({"V ← V + (1 + rᵀVr / sᵀr)·(s sᵀ)/(sᵀr) − (s rᵀV + V r sᵀ)/(sᵀr)", "V"});
  else
    lines.push_back({"V ← V + (s sᵀ)/(sᵀr) − (V r rᵀ V)/(rᵀ V r)", "V"});
  return lines;
}

template <class T>
void QuasiNewton<T>::update_inverse(Eigen::Map<Mat<T>>& V, const Vec<T>& s, const Vec<T>& r, double sr) {
  u_.noalias() = V * r;  // V·r (= (rᵀV)ᵀ, V symmetric)
  const double rVr = static_cast<double>(r.dot(u_));
  const long n = s.size();
  // Each entry once for i ≤ j and mirrored, so V stays symmetric to the bit.
  if (update_ == Update::Bfgs) {
    const T a = static_cast<T>((1 + rVr / sr) / sr);
    const T inv_sr = static_cast<T>(1 / sr);
    for (long j = 0; j < n; ++j)
      for (long i = 0; i <= j; ++i) {
        const T v = V(i, j) + a * (s[i] * s[j]) - (s[i] * u_[j] + u_[i] * s[j]) * inv_sr;
        V(i, j) = v;
        V(j, i) = v;
      }
  } else {
    if (!(rVr > 0) || !std::isfinite(rVr)) return;  // V r rᵀ V / rᵀVr undefined: skip
    const T inv_sr = static_cast<T>(1 / sr);
    const T inv_rVr = static_cast<T>(1 / rVr);
    for (long j = 0; j < n; ++j)
      for (long i = 0; i <= j; ++i) {
        const T v = V(i, j) + (s[i] * s[j]) * inv_sr - (u_[i] * u_[j]) * inv_rVr;
        V(i, j) = v;
        V(j, i) = v;
      }
  }
}

template <class T>
void QuasiNewton<T>::compute_step(Evaluator<T>& eval, Vec<T>& theta) {
  if (theta.size() > kMaxDimension)
    throw std::invalid_argument(this->name() +
                                " keeps an n×n matrix V, too large for n = " + std::to_string(theta.size()) +
                                " (at most " + std::to_string(kMaxDimension) + "): use lbfgs");
  const T f = eval(theta, g_, "θ");
  this->show("g", g_, VectorKind::gradient);
  const long n = theta.size();
  Vec<T>& V_flat = this->buffer(V_);
  double& scaled = this->scalar(scaled_);
  auto reset = [&] {
    V_flat.setZero(n * n);
    Eigen::Map<Mat<T>>(V_flat.data(), n, n).diagonal().setOnes();
    scaled = 0;
  };
  if (V_flat.size() != n * n) reset();
  Eigen::Map<Mat<T>> V(V_flat.data(), n, n);

  d_.noalias() = -(V * g_);
  if (!(g_.dot(d_) < 0) && g_.squaredNorm() > 0) {  // V lost positive definiteness: start over
    reset();
    d_ = -g_;
  }
  this->show("d", d_, VectorKind::descent_direction);

  const double lr = this->lr();
  double t0 = lr;
  if (scaled == 0) t0 = lr * std::min(1.0, 1 / static_cast<double>(g_.norm()));
  WolfeOptions options;
  options.c2 = this->config().c2;
  LineSearchResult<T> ls;  // t = 0: lr = 0 moves nothing
  if (lr > 0) ls = strong_wolfe(eval, theta, d_, f, g_, t0, options);
  this->show("t_k", ls.t);

  if (ls.t > 0) {
    step_along(theta, ls.t, d_, theta);
    s_ = static_cast<T>(ls.t) * d_;
    r_ = ls.g - g_;
    const double sr = static_cast<double>(s_.dot(r_));
    if (sr > 0 && std::isfinite(sr)) {  // else skip: V stays positive definite
      if (scaled == 0 && this->config().initial_scaling) {
        const double rr = static_cast<double>(r_.squaredNorm());
        V.setZero();
        V.diagonal().setConstant(static_cast<T>(sr / rr));
      }
      scaled = 1;
      update_inverse(V, s_, r_, sr);
    }
    this->show("s", s_);
    this->show("r", r_);
  } else if (lr > 0 && g_.squaredNorm() > 0) {
    reset();  // no lower point along d: forget the curvature
  }
  if (this->inspecting()) this->show("V", Mat<T>(V));
}

template class QuasiNewton<float>;
template class QuasiNewton<double>;

}  // namespace optim
