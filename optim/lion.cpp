#include "optim/lion.hpp"

namespace optim {

std::vector<HyperField<LionConfig>> LionConfig::fields() {
  using C = LionConfig;
  return {
      field(&C::lr, {.name = "lr", .symbol = "ε", .help = "learning rate", .min = 1e-5, .max = 1, .log_scale = true}),
      field(&C::beta1,
            {.name = "beta1", .symbol = "β₁", .help = "weight of m in the direction c", .max = 0.999, .hard_max = 1}),
      field(&C::beta2,
            {.name = "beta2", .symbol = "β₂", .help = "decay of the momentum m", .max = 0.999, .hard_max = 1}),
  };
}

template <class T>
Lion<T>::Lion(const LionConfig& config) : Method<T, LionConfig>("lion", config) {
  m_ = this->add_buffer("m");
}

template <class T>
std::vector<RuleLine> Lion<T>::rule() const {
  const bool decay = this->weight_decay() != 0;
  return {{"g = ∇f(θ)", "g"},
          {"c = β₁·m + (1 − β₁)·g", "c"},
          {decay ? "Δθ = −ε·(sign(c) + λ·θ)" : "Δθ = −ε·sign(c)", "Δθ"},
          {"m ← β₂·m + (1 − β₂)·g", "m"},
          {"θ ← θ + Δθ", "θ"}};
}

template <class T>
void Lion<T>::compute_step(Evaluator<T>& eval, Vec<T>& theta) {
  const LionConfig& c = this->config();
  eval(theta, g_, "θ");
  this->show("g", g_, VectorKind::gradient);
  const long n = theta.size();
  const T lr = static_cast<T>(this->lr());
  const T beta1 = static_cast<T>(c.beta1), one_minus_beta1 = static_cast<T>(1 - c.beta1);
  const T beta2 = static_cast<T>(c.beta2), one_minus_beta2 = static_cast<T>(1 - c.beta2);
  // The decoupled decay θ ← θ·(1 − ε·λ), folded into the update.
  const T decay = static_cast<T>(1 - this->lr() * this->weight_decay());
  Vec<T>& m_vec = this->buffer(m_);
  if (m_vec.size() != n) m_vec.setZero(n);
  if (this->inspecting()) {
    Vec<T> c_shown = beta1 * m_vec + one_minus_beta1 * g_;
    this->show("c", c_shown);
  }

  // θ and m in one pass (the compiler vectorizes it; sign(c) without a branch).
  T* __restrict th = theta.data();
  T* __restrict m = m_vec.data();
  const T* __restrict g = g_.data();
  for (long i = 0; i < n; ++i) {
    const T c_i = beta1 * m[i] + one_minus_beta1 * g[i];
    const T sign_c = static_cast<T>(c_i > 0) - static_cast<T>(c_i < 0);
    th[i] = th[i] * decay - lr * sign_c;
    m[i] = beta2 * m[i] + one_minus_beta2 * g[i];
  }
  this->show("m", m_vec, VectorKind::ascent_direction);
}

template class Lion<float>;
template class Lion<double>;

}  // namespace optim
