#include "optim/adabelief.hpp"

#include <cmath>
#include <limits>

namespace optim {

std::vector<HyperField<AdabeliefConfig>> AdabeliefConfig::fields() {
  using C = AdabeliefConfig;
  return {
      field(&C::lr, {.name = "lr", .symbol = "ε", .help = "learning rate", .min = 1e-5, .max = 1, .log_scale = true}),
      field(&C::beta1,
            {.name = "beta1", .symbol = "β₁", .help = "decay of the first moment m", .max = 0.999, .hard_max = 1}),
      field(&C::beta2, {.name = "beta2",
                        .symbol = "β₂",
                        .help = "decay of the spread s of g around m",
                        .max = 0.999,
                        .hard_max = 1}),
      field(&C::eps, {.name = "eps",
                      .symbol = "eps",
                      .help = "added to s and to the denominator for stability",
                      .min = 1e-20,
                      .max = 1e-2,
                      .log_scale = true}),
      field(&C::rectify, {.name = "rectify", .symbol = "r_t", .help = "RAdam's rectification of the adaptive rate"}),
  };
}

template <class T>
Adabelief<T>::Adabelief(const AdabeliefConfig& config) : Method<T, AdabeliefConfig>("adabelief", config) {
  m_ = this->add_buffer("m");
  s_ = this->add_buffer("s");
}

template <class T>
std::vector<RuleLine> Adabelief<T>::rule() const {
  std::vector<RuleLine> lines = {{"g = ∇f(θ)", "g"},
                                 {"m ← β₁·m + (1 − β₁)·g", "m"},
                                 {"s ← β₂·s + (1 − β₂)·(g − m)⊙(g − m) + eps", "s"},
                                 {"m\u0302 = m / (1 − β₁ᵗ)", "m\u0302"}};
  if (this->config().rectify) {
    lines.push_back({"ρ_t = ρ_∞ − 2t·β₂ᵗ / (1 − β₂ᵗ),  ρ_∞ = 2 / (1 − β₂) − 1", "ρ_t"});
    lines.push_back({"r_t = √((ρ_t − 4)(ρ_t − 2)ρ_∞ / ((ρ_∞ − 4)(ρ_∞ − 2)ρ_t))  (defined when ρ_t ≥ 5)", "r_t"});
    lines.push_back({"Δθ = −ε·r_t·m\u0302·√(1 − β₂ᵗ) / (√s + eps) if ρ_t ≥ 5, else −ε·m\u0302", "Δθ"});
  } else {
    lines.push_back({"ŝ = s / (1 − β₂ᵗ)", "ŝ"});
    lines.push_back({"Δθ = −ε·m\u0302 / (√ŝ + eps)", "Δθ"});
  }
  lines.push_back({"θ ← θ + Δθ", "θ"});
  return lines;
}

template <class T>
void Adabelief<T>::compute_step(Evaluator<T>& eval, Vec<T>& theta) {
  const AdabeliefConfig& c = this->config();
  eval(theta, g_, "θ");
  this->show("g", g_, VectorKind::gradient);
  const long n = theta.size();
  const double t = static_cast<double>(this->steps());
  const double bc1 = 1 - std::pow(c.beta1, t);  // 1 − β₁ᵗ
  const double bc2 = 1 - std::pow(c.beta2, t);  // 1 − β₂ᵗ
  const double rho_inf = 2 / (1 - c.beta2) - 1;
  const double rho_t = rho_inf - 2 * t * std::pow(c.beta2, t) / bc2;
  const bool rectified = c.rectify && rho_t >= 5;
  const double r_t =
      rectified ? std::sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) : 0.0;
  const T lr = static_cast<T>(this->lr());
  const T beta1 = static_cast<T>(c.beta1), one_minus_beta1 = static_cast<T>(1 - c.beta1);
  const T beta2 = static_cast<T>(c.beta2), one_minus_beta2 = static_cast<T>(1 - c.beta2);
  const T eps = static_cast<T>(c.eps);
  const T inv_bc1 = static_cast<T>(1 / bc1);
  const T inv_bc2 = static_cast<T>(1 / bc2);
  // The adaptive step is ε·m̂ / (√ŝ + eps) unrectified, ε·r_t·√(1 − β₂ᵗ)·m̂ /
  // (√s + eps) rectified: the same form with another rate and scale of s.
  const bool adaptive = rectified || !c.rectify;
  const T adaptive_lr = rectified ? static_cast<T>(this->lr() * r_t * std::sqrt(bc2)) : lr;
  const T s_scale = rectified ? T(1) : inv_bc2;
  const T decay = static_cast<T>(1 - this->lr() * this->weight_decay());  // decoupled: θ·(1 − ε·λ)
  Vec<T>& m_vec = this->buffer(m_);
  Vec<T>& s_vec = this->buffer(s_);
  if (m_vec.size() != n) m_vec.setZero(n);
  if (s_vec.size() != n) s_vec.setZero(n);

  T* __restrict th = theta.data();
  T* __restrict m = m_vec.data();
  T* __restrict s = s_vec.data();
  const T* __restrict g = g_.data();
  for (long i = 0; i < n; ++i) {
    m[i] = beta1 * m[i] + one_minus_beta1 * g[i];
    const T residual = g[i] - m[i];  // g − m: how far g is from what m predicted
    s[i] = beta2 * s[i] + one_minus_beta2 * residual * residual + eps;
    const T m_hat = m[i] * inv_bc1;
    if (adaptive)
      th[i] = th[i] * decay - adaptive_lr * m_hat / (std::sqrt(s[i] * s_scale) + eps);
    else
      th[i] = th[i] * decay - lr * m_hat;  // momentum SGD while ρ_t < 5
  }
  this->show("m", m_vec);
  this->show("s", s_vec);
  if (this->inspecting()) {
    Vec<T> m_hat = m_vec * inv_bc1;
    this->show("m\u0302", m_hat, VectorKind::ascent_direction);
    if (!c.rectify) {
      Vec<T> s_hat = s_vec * inv_bc2;
      this->show("ŝ", s_hat);
    }
  }
  if (c.rectify) {
    this->show("ρ_t", rho_t);
    this->show("r_t", rectified ? r_t : std::numeric_limits<double>::quiet_NaN());
  }
}

template class Adabelief<float>;
template class Adabelief<double>;

}  // namespace optim
