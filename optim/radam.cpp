#include "optim/radam.hpp"

#include <cmath>
#include <limits>

namespace optim {

template <class T>
Radam<T>::Radam()
    : Optimizer<T>("radam",
                   {lr_spec(1e-3), unit_spec("beta1", "β₁", "decay of the first moment m", 0.9),
                    unit_spec("beta2", "β₂", "decay of the second moment s", 0.999),
                    real_spec("eps", "eps", "added to the denominator for stability", 1e-8, 1e-12, 1e-2, true)}) {
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
  eval(theta, g_, "θ");
  this->show("g", g_);
  const long n = theta.size();
  const double lr = this->lr();
  const double beta1 = this->hyper(kBeta1), beta2 = this->hyper(kBeta2);
  const double t = static_cast<double>(this->steps());
  const double bc1 = 1 - std::pow(beta1, t);
  const double bc2 = 1 - std::pow(beta2, t);
  const T b1 = static_cast<T>(beta1), k1 = static_cast<T>(1 - beta1);
  const T b2 = static_cast<T>(beta2), k2 = static_cast<T>(1 - beta2);
  const T eps = static_cast<T>(this->hyper(kEps));
  Vec<T>& m = this->buffer(m_);
  Vec<T>& s = this->buffer(s_);
  if (m.size() != n) m.setZero(n);
  if (s.size() != n) s.setZero(n);
  const double rho_inf = 2 / (1 - beta2) - 1;
  const double rho_t = rho_inf - 2 * t * std::pow(beta2, t) / bc2;
  const bool rectified = rho_t > 5.;
  const double rect =
      rectified ? std::sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) : 0.0;
  // ε·r_t·√(1 − β₂ᵗ)/(1 − β₁ᵗ) folded into one factor: one division per
  // coordinate (PyTorch's three agree with it to an ulp). m, s and θ move in
  // one pass over memory.
  const T step = static_cast<T>(lr * rect * std::sqrt(bc2) / bc1);
  const T plain_step = static_cast<T>(lr / bc1);
  {
    T* __restrict mm = m.data();
    T* __restrict ss = s.data();
    T* __restrict th = theta.data();
    const T* __restrict g = g_.data();
    if (rectified) {
      for (long i = 0; i < n; ++i) {
        const T mi = mm[i] * b1 + k1 * g[i];
        const T si = ss[i] * b2 + (k2 * g[i]) * g[i];
        mm[i] = mi;
        ss[i] = si;
        th[i] -= (step * mi) / (std::sqrt(si) + eps);
      }
    } else {
      for (long i = 0; i < n; ++i) {
        const T mi = mm[i] * b1 + k1 * g[i];
        mm[i] = mi;
        ss[i] = ss[i] * b2 + (k2 * g[i]) * g[i];
        th[i] -= plain_step * mi;
      }
    }
  }
  this->show("m", m);
  this->show("s", s);
  if (this->inspecting()) {
    Vec<T> m_hat = m / static_cast<T>(bc1);
    this->show("m\u0302", m_hat);
  }
  this->show("ρ_t", rho_t);
  this->show("r_t", rectified ? rect : std::numeric_limits<double>::quiet_NaN());
}

template class Radam<float>;
template class Radam<double>;

}  // namespace optim
