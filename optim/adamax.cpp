#include "optim/adamax.hpp"

#include <algorithm>
#include <cmath>

namespace optim {

std::vector<HyperField<AdamaxConfig>> AdamaxConfig::fields() {
  using C = AdamaxConfig;
  return {
      field(&C::lr, {.name = "lr", .symbol = "ε", .help = "learning rate", .min = 1e-5, .max = 1, .log_scale = true}),
      field(&C::beta1,
            {.name = "beta1", .symbol = "β₁", .help = "decay of the first moment m", .max = 0.999, .hard_max = 1}),
      field(&C::beta2,
            {.name = "beta2", .symbol = "β₂", .help = "decay of the infinity norm u", .max = 0.999, .hard_max = 1}),
      field(&C::eps, {.name = "eps",
                      .symbol = "eps",
                      .help = "added to |g| for stability",
                      .min = 1e-12,
                      .max = 1e-2,
                      .log_scale = true}),
  };
}

template <class T>
Adamax<T>::Adamax(const AdamaxConfig& config) : Method<T, AdamaxConfig>("adamax", config) {
  m_ = this->add_buffer("m");
  u_ = this->add_buffer("u");
}

template <class T>
std::vector<RuleLine> Adamax<T>::rule() const {
  return {{"g = ∇f(θ)", "g"},
          {"m ← β₁·m + (1 − β₁)·g", "m"},
          {"u ← max(β₂·u, |g| + eps)", "u"},
          {"Δθ = −ε·m / ((1 − β₁ᵗ)·u)", "Δθ"},
          {"θ ← θ + Δθ", "θ"}};
}

template <class T>
void Adamax<T>::compute_step(Evaluator<T>& eval, Vec<T>& theta) {
  const AdamaxConfig& c = this->config();
  eval(theta, g_, "θ");
  this->show("g", g_, VectorKind::gradient);
  const long n = theta.size();
  const double t = static_cast<double>(this->steps());
  const T lr = static_cast<T>(this->lr());
  const T beta1 = static_cast<T>(c.beta1), one_minus_beta1 = static_cast<T>(1 - c.beta1);
  const T beta2 = static_cast<T>(c.beta2);
  const T eps = static_cast<T>(c.eps);
  const T bc1 = static_cast<T>(1 - std::pow(c.beta1, t));  // 1 − β₁ᵗ
  Vec<T>& m_vec = this->buffer(m_);
  Vec<T>& u_vec = this->buffer(u_);
  if (m_vec.size() != n) m_vec.setZero(n);
  if (u_vec.size() != n) u_vec.setZero(n);

  // m, u and θ in one pass (the compiler vectorizes it).
  T* __restrict th = theta.data();
  T* __restrict m = m_vec.data();
  T* __restrict u = u_vec.data();
  const T* __restrict g = g_.data();
  for (long i = 0; i < n; ++i) {
    m[i] = beta1 * m[i] + one_minus_beta1 * g[i];
    u[i] = std::max(beta2 * u[i], std::abs(g[i]) + eps);
    th[i] -= lr * m[i] / (bc1 * u[i]);
  }
  this->show("m", m_vec, VectorKind::ascent_direction);
  this->show("u", u_vec);
}

template class Adamax<float>;
template class Adamax<double>;

}  // namespace optim
