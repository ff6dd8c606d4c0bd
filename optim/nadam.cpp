#include "optim/nadam.hpp"

#include <cmath>

namespace optim {

std::vector<HyperField<NadamConfig>> NadamConfig::fields() {
  using C = NadamConfig;
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
      field(&C::momentum_decay,
            {.name = "momentum_decay", .symbol = "ψ", .help = "how fast μₜ warms up to β₁", .max = 0.1}),
  };
}

template <class T>
Nadam<T>::Nadam(const NadamConfig& config) : Method<T, NadamConfig>("nadam", config) {
  m_ = this->add_buffer("m");
  s_ = this->add_buffer("s");
  mu_product_ = this->add_scalar("mu_product", 1);
}

template <class T>
std::vector<RuleLine> Nadam<T>::rule() const {
  return {{"g = ∇f(θ)", "g"},
          {"μₜ = β₁·(1 − ½·0.96^(t·ψ))", "μₜ"},
          {"μₜ₊₁ = β₁·(1 − ½·0.96^((t + 1)·ψ))", "μₜ₊₁"},
          {"∏μ ← ∏μ·μₜ", "∏μ"},
          {"m ← β₁·m + (1 − β₁)·g", "m"},
          {"s ← β₂·s + (1 − β₂)·g⊙g", "s"},
          {"ŝ = s / (1 − β₂ᵗ)", "ŝ"},
          {"Δθ = −ε·[(1 − μₜ)/(1 − ∏μ)·g + μₜ₊₁/(1 − ∏μ·μₜ₊₁)·m] / (√ŝ + eps)", "Δθ"},
          {"θ ← θ + Δθ", "θ"}};
}

template <class T>
void Nadam<T>::compute_step(Evaluator<T>& eval, Vec<T>& theta) {
  const NadamConfig& c = this->config();
  eval(theta, g_, "θ");
  this->show("g", g_, VectorKind::gradient);
  const long n = theta.size();
  const double t = static_cast<double>(this->steps());
  const double mu_t = c.beta1 * (1. - 0.5 * std::pow(0.96, t * c.momentum_decay));
  const double mu_next = c.beta1 * (1. - 0.5 * std::pow(0.96, (t + 1) * c.momentum_decay));
  double& mu_product = this->scalar(mu_product_);
  mu_product *= mu_t;
  this->show("μₜ", mu_t);
  this->show("μₜ₊₁", mu_next);
  this->show("∏μ", mu_product);
  const T lr = static_cast<T>(this->lr());
  const T beta1 = static_cast<T>(c.beta1), one_minus_beta1 = static_cast<T>(1 - c.beta1);
  const T beta2 = static_cast<T>(c.beta2), one_minus_beta2 = static_cast<T>(1 - c.beta2);
  const T eps = static_cast<T>(c.eps);
  // The weights of g and m in the step, and ŝ = s / (1 − β₂ᵗ) as a product
  // by the reciprocal: scalars taken once a step.
  const T g_weight = static_cast<T>((1. - mu_t) / (1. - mu_product));
  const T m_weight = static_cast<T>(mu_next / (1. - mu_product * mu_next));
  const T inv_bc2 = static_cast<T>(1 / (1 - std::pow(c.beta2, t)));
  Vec<T>& m_vec = this->buffer(m_);
  Vec<T>& s_vec = this->buffer(s_);
  if (m_vec.size() != n) m_vec.setZero(n);
  if (s_vec.size() != n) s_vec.setZero(n);

  // The moments and θ in one pass over memory (the compiler vectorizes it).
  // PyTorch adds the g term and the m term one after the other, each divided
  // by √ŝ + eps; one division of their sum is the same to an ulp, and cheaper.
  T* __restrict th = theta.data();
  T* __restrict m = m_vec.data();
  T* __restrict s = s_vec.data();
  const T* __restrict g = g_.data();
  for (long i = 0; i < n; ++i) {
    m[i] = beta1 * m[i] + one_minus_beta1 * g[i];
    s[i] = beta2 * s[i] + one_minus_beta2 * g[i] * g[i];
    const T s_hat = s[i] * inv_bc2;
    th[i] -= lr * (g_weight * g[i] + m_weight * m[i]) / (std::sqrt(s_hat) + eps);
  }
  this->show("m", m_vec, VectorKind::ascent_direction);
  this->show("s", s_vec);
  if (this->inspecting()) {
    Vec<T> s_hat = s_vec * inv_bc2;
    this->show("ŝ", s_hat);
  }
}

template class Nadam<float>;
template class Nadam<double>;

}  // namespace optim
