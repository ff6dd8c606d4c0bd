#include "optim/conjugate_gradient.hpp"

#include <cmath>
#include <limits>

#include "optim/line_search.hpp"

namespace optim {

std::vector<HyperField<ConjugateGradientConfig>> ConjugateGradientConfig::fields() {
  using C = ConjugateGradientConfig;
  return {
      field(&C::lr, {.name = "lr", .symbol = "ε", .help = "learning rate", .min = 1e-4, .max = 10, .log_scale = true}),
      field(&C::beta_rule,
            {.name = "beta_rule",
             .symbol = "β_k",
             .help = "conjugacy formula: Polak–Ribière gᵀ(g − g_k)/g_kᵀg_k or Fletcher–Reeves gᵀg/g_kᵀg_k",
             .choices = {"polak_ribiere", "fletcher_reeves"}}),
      field(&C::restart_every, {.name = "restart_every",
                                .symbol = "n",
                                .help = "restart with d = −g every this many steps (0: the dimension n)",
                                .kind = HyperSpec::Kind::Integer,
                                .max = 200}),
      field(&C::restart_negative,
            {.name = "restart_negative", .symbol = "β_k < 0", .help = "PR+: restart when β_k < 0"}),
      field(&C::c2, c2_spec()),
  };
}

template <class T>
ConjugateGradient<T>::ConjugateGradient(const ConjugateGradientConfig& config)
    : Method<T, ConjugateGradientConfig>("cg", config) {
  d_ = this->add_buffer("d");
  g_prev_ = this->add_buffer("g_k");
  f_prev_ = this->add_scalar("f_k", std::numeric_limits<double>::quiet_NaN());
  since_restart_ = this->add_scalar("steps_since_restart", 0);
}

template <class T>
std::vector<RuleLine> ConjugateGradient<T>::rule() const {
  const bool fr = this->config().beta_rule == BetaRule::fletcher_reeves;
  return {{"g = ∇f(θ)", "g"},
          {fr ? "β_k = gᵀg / g_kᵀg_k   (Fletcher–Reeves; 0 on a restart)"
              : "β_k = gᵀ(g − g_k) / g_kᵀg_k   (Polak–Ribière; 0 on a restart or when < 0)",
           "β_k"},
          {"d ← −g + β_k·d", "d"},
          {"t_k: strong Wolfe line search along d", "t_k"},
          {"Δθ = t_k·d", "Δθ"},
          {"θ ← θ + Δθ", "θ"}};
}

template <class T>
void ConjugateGradient<T>::compute_step(Evaluator<T>& eval, Vec<T>& theta) {
  const ConjugateGradientConfig& c = this->config();
  const T f = eval(theta, g_, "θ");
  this->show("g", g_, VectorKind::gradient);
  Vec<T>& d = this->buffer(d_);
  Vec<T>& g_prev = this->buffer(g_prev_);
  double& f_prev = this->scalar(f_prev_);
  double& since_restart = this->scalar(since_restart_);
  const long n = theta.size();
  const double every = c.restart_every > 0 ? c.restart_every : static_cast<double>(n);

  // β_k, or a restart.
  double beta = 0;
  bool restart = d.size() != n || g_prev.size() != n || since_restart >= every;
  if (!restart) {
    const double gg_prev = static_cast<double>(g_prev.squaredNorm());
    if (c.beta_rule == BetaRule::fletcher_reeves)
      beta = static_cast<double>(g_.squaredNorm()) / gg_prev;
    else
      beta = static_cast<double>(g_.dot(g_ - g_prev)) / gg_prev;
    if (!std::isfinite(beta) || (beta < 0 && c.restart_negative)) restart = true;
  }
  if (restart) {
    beta = 0;
    d = -g_;
    since_restart = 0;
  } else {
    d = -g_ + static_cast<T>(beta) * d;
  }
  double gtd = static_cast<double>(g_.dot(d));
  if (!(gtd < 0)) {  // not downhill: steepest descent instead
    beta = 0;
    d = -g_;
    gtd = static_cast<double>(g_.dot(d));
    since_restart = 0;
  }
  this->show("β_k", beta);
  this->show("d", d, VectorKind::descent_direction);

  // First trial step: the decrease of the last step again (N&W 3.60).
  const double lr = this->lr();
  double t0 = std::min(lr, 1 / static_cast<double>(g_.norm()));
  if (std::isfinite(f_prev)) {
    const double guess = 1.01 * 2 * (static_cast<double>(f) - f_prev) / gtd;
    if (std::isfinite(guess) && guess > 0) t0 = std::min(lr, guess);
  }

  WolfeOptions options;
  options.c2 = c.c2;
  LineSearchResult<T> ls;  // t = 0: lr = 0 moves nothing
  if (lr > 0) ls = strong_wolfe(eval, theta, d, f, g_, t0, options);
  this->show("t_k", ls.t);
  if (ls.t > 0) {
    step_along(theta, ls.t, d, theta);
    since_restart += 1;
  } else {
    since_restart = std::numeric_limits<double>::infinity();  // restart next step
  }
  g_prev = g_;
  f_prev = static_cast<double>(f);
}

template class ConjugateGradient<float>;
template class ConjugateGradient<double>;

}  // namespace optim
