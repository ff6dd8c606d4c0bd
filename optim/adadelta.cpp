#include "optim/adadelta.hpp"

namespace optim {

std::vector<HyperField<AdadeltaConfig>> AdadeltaConfig::fields() {
  using C = AdadeltaConfig;
  return {
      field(&C::lr,
            {.name = "lr", .symbol = "ε", .help = "learning rate", .min = 1e-3, .max = 10.0, .log_scale = true}),
      field(&C::rho, {.name = "rho",
                      .symbol = "ρ",
                      .help = "decay of the moving averages of g² and d²",
                      .max = 0.999,
                      .hard_max = 1}),
      field(&C::eps, {.name = "eps",
                      .symbol = "eps",
                      .help = "added under both roots for stability",
                      .min = 1e-12,
                      .max = 1e-2,
                      .log_scale = true}),
  };
}

template <class T>
Adadelta<T>::Adadelta(const AdadeltaConfig& config) : Method<T, AdadeltaConfig>("adadelta", config) {
  s_ = this->add_buffer("s");
  u_ = this->add_buffer("u");
}

template <class T>
std::vector<RuleLine> Adadelta<T>::rule() const {
  return {{"g = ∇f(θ)", "g"},
          {"s ← ρ·s + (1 − ρ)·g⊙g", "s"},
          {"d = √(u + eps) / √(s + eps) ⊙ g", "d"},
          {"u ← ρ·u + (1 − ρ)·d⊙d", "u"},
          {"Δθ = −ε·d", "Δθ"},
          {"θ ← θ + Δθ", "θ"}};
}

template <class T>
void Adadelta<T>::compute_step(Evaluator<T>& eval, Vec<T>& theta) {
  const AdadeltaConfig& c = this->config();
  eval(theta, g_, "θ");
  this->show("g", g_, VectorKind::gradient);
  const long n = theta.size();
  const T lr = static_cast<T>(this->lr());
  const T rho = static_cast<T>(c.rho), one_minus_rho = static_cast<T>(1 - c.rho);
  const T eps = static_cast<T>(c.eps);
  Vec<T>& s_vec = this->buffer(s_);
  Vec<T>& u_vec = this->buffer(u_);
  if (s_vec.size() != n) s_vec.setZero(n);
  if (u_vec.size() != n) u_vec.setZero(n);
  const bool keep_d = this->inspecting();  // d is only shown, never kept
  if (keep_d) d_.resize(n);

  // s, d, u and θ in one pass over memory (the compiler vectorizes it).
  T* __restrict th = theta.data();
  T* __restrict s = s_vec.data();
  T* __restrict u = u_vec.data();
  T* __restrict d_shown = d_.data();
  const T* __restrict g = g_.data();
  for (long i = 0; i < n; ++i) {
    s[i] = rho * s[i] + one_minus_rho * g[i] * g[i];
    // √(u + eps) / √(s + eps) as one root of the quotient: equal to
    // PyTorch's two roots and a division to an ulp, and cheaper.
    const T d = std::sqrt((u[i] + eps) / (s[i] + eps)) * g[i];
    u[i] = rho * u[i] + one_minus_rho * d * d;
    th[i] -= lr * d;
    if (keep_d) d_shown[i] = d;
  }
  this->show("s", s_vec);
  if (keep_d) this->show("d", d_, VectorKind::ascent_direction);  // θ ← θ − ε·d
  this->show("u", u_vec);
}

template class Adadelta<float>;
template class Adadelta<double>;

}  // namespace optim
