#include "optim/adamax.hpp"

#include <algorithm>
#include <cmath>

namespace optim {

template <class T>
Adamax<T>::Adamax()
    : Optimizer<T>("adamax", {lr_spec(2e-3), unit_spec("beta1", "β₁", "decay of the first moment m", 0.9),
                              unit_spec("beta2", "β₂", "decay of the infinity norm u", 0.999),
                              real_spec("eps", "eps", "added to |g| for stability", 1e-8, 1e-12, 1e-2, true)}) {
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
  eval(theta, g_, "θ");
  this->show("g", g_);
  const long n = theta.size();
  const double beta1 = this->hyper(kBeta1);
  const T b1 = static_cast<T>(beta1), k1 = static_cast<T>(1 - beta1);
  const T b2 = static_cast<T>(this->hyper(kBeta2));
  const T eps = static_cast<T>(this->hyper(kEps));
  const T neg_clr = static_cast<T>(-(this->lr() / (1 - std::pow(beta1, static_cast<double>(this->steps())))));
  Vec<T>& m = this->buffer(m_);
  Vec<T>& u = this->buffer(u_);
  if (m.size() != n) m.setZero(n);
  if (u.size() != n) u.setZero(n);
  // m, u and θ in one pass (the compiler vectorizes it).
  T* mm = m.data();
  T* uu = u.data();
  T* th = theta.data();
  const T* g = g_.data();
  for (long i = 0; i < n; ++i) {
    mm[i] = mm[i] * b1 + k1 * g[i];
    uu[i] = std::max(uu[i] * b2, std::abs(g[i]) + eps);
    th[i] += (neg_clr * mm[i]) / uu[i];
  }
  this->show("m", m);
  this->show("u", u);
}

template class Adamax<float>;
template class Adamax<double>;

}  // namespace optim
