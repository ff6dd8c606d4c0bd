#include "optim/radam.hpp"

#include <cmath>
#include <limits>

namespace optim {

std::vector<HyperField<RadamConfig>> RadamConfig::fields() {
  using C = RadamConfig;
  return {
      field(&C::lr, {.name = "lr", .symbol = "ε", .help = "learning rate", .min = 1e-5, .max = 1, .log_scale = true}),
      field(&C::beta1,
            {.name = "beta1", .symbol = "β₁", .help = "decay of the first moment m", .max = 0.999, .hard_max = 1}),
      field(&C::beta2,
            {.name = "beta2", .symbol = "β₂", .help = "decay of the second moment s", .max = 0.999, .hard_max = 1}),
      field(&C::eps, {.name = "eps",
                      .symbol = "eps",
                      .help = "added to the denominator for stability",
                      .min = 1e-12,
                      .max = 1e-2,
                      .log_scale = true}),
  };
}

template <class T>
Radam<T>::Radam(const RadamConfig& config) : Method<T, RadamConfig>("radam", config) {
  m_ = this->add_buffer("m");
  s_ = this->add_buffer("s");
}

template <class T>
std::vector<RuleLine> Radam<T>::rule() const {
  return {{"g = ∇f(θ)", "g"},
          {"m ← β₁·m + (1 − β₁)·g", "m"},
          {"s ← β₂·s + (1 − β₂)·g⊙g", "s"},
          {"m\u0302 = m / (1 − β₁ᵗ)", "m\u0302"},
          {"ρ_t = ρ_∞ − 2t·β₂ᵗ / (1 − β₂ᵗ),  ρ_∞ = 2 / (1 − β₂) − 1", "ρ_t"},
          {"r_t = √((ρ_t − 4)(ρ_t − 2)ρ_∞ / ((ρ_∞ − 4)(ρ_∞ − 2)ρ_t))  (defined when ρ_t > 5)", "r_t"},
          {"Δθ = −ε·r_t·m\u0302·√(1 − β₂ᵗ) / (√s + eps) if ρ_t > 5, else −ε·m\u0302", "Δθ"},
          {"θ ← θ + Δθ", "θ"}};
}

template <class T>
void Radam<T>::compute_step(Evaluator<T>& eval, Vec<T>& theta) {
  const RadamConfig& c = this->config();
  eval(theta, g_, "θ");
  this->show("g", g_, VectorKind::gradient);
  const long n = theta.size();
  const double t = static_cast<double>(this->steps());
  const double bc1 = 1 - std::pow(c.beta1, t);  // 1 − β₁ᵗ
  const double bc2 = 1 - std::pow(c.beta2, t);  // 1 − β₂ᵗ
  const double rho_inf = 2 / (1 - c.beta2) - 1;
  const double rho_t = rho_inf - 2 * t * std::pow(c.beta2, t) / bc2;
  const bool rectified = rho_t > 5.;
  const double r_t =
      rectified ? std::sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) : 0.0;
  const T lr = static_cast<T>(this->lr());
  const T beta1 = static_cast<T>(c.beta1), one_minus_beta1 = static_cast<T>(1 - c.beta1);
  const T beta2 = static_cast<T>(c.beta2), one_minus_beta2 = static_cast<T>(1 - c.beta2);
  const T eps = static_cast<T>(c.eps);
  // m̂ = m / (1 − β₁ᵗ) as a product by the reciprocal, and ε·r_t·√(1 − β₂ᵗ)
  // as one factor: scalars taken once a step, equal to PyTorch's to an ulp.
  const T inv_bc1 = static_cast<T>(1 / bc1);
  const T rectified_lr = static_cast<T>(this->lr() * r_t * std::sqrt(bc2));
  Vec<T>& m_vec = this->buffer(m_);
  Vec<T>& s_vec = this->buffer(s_);
  if (m_vec.size() != n) m_vec.setZero(n);
  if (s_vec.size() != n) s_vec.setZero(n);

  // m, s and θ in one pass over memory (the compiler vectorizes it).
  T* __restrict th = theta.data();
  T* __restrict m = m_vec.data();
  T* __restrict s = s_vec.data();
  const T* __restrict g = g_.data();
  for (long i = 0; i < n; ++i) {
    m[i] = beta1 * m[i] + one_minus_beta1 * g[i];
    s[i] = beta2 * s[i] + one_minus_beta2 * g[i] * g[i];
    const T m_hat = m[i] * inv_bc1;
    if (rectified)
      th[i] -= rectified_lr * m_hat / (std::sqrt(s[i]) + eps);
    else
      th[i] -= lr * m_hat;
  }
  this->show("m", m_vec);
  this->show("s", s_vec);
  if (this->inspecting()) {
    Vec<T> m_hat = m_vec * inv_bc1;
    this->show("m\u0302", m_hat, VectorKind::ascent_direction);
  }
  this->show("ρ_t", rho_t);
  this->show("r_t", rectified ? r_t : std::numeric_limits<double>::quiet_NaN());
}

template class Radam<float>;
template class Radam<double>;

}  // namespace optim
