#include "optim/nadam.hpp"

#include <cmath>

namespace optim {

template <class T>
Nadam<T>::Nadam()
    : Optimizer<T>("nadam", {lr_spec(2e-3), unit_spec("beta1", "β₁", "decay of the first moment m", 0.9),
                             unit_spec("beta2", "β₂", "decay of the second moment s", 0.999),
                             real_spec("eps", "eps", "added to the denominator for stability", 1e-8, 1e-12, 1e-2, true),
                             real_spec("momentum_decay", "ψ", "how fast μ_t warms up to β₁", 4e-3, 0, 0.1)}) {
  m_ = this->add_buffer("m");
  s_ = this->add_buffer("s");
  mu_product_ = this->add_scalar("mu_product", 1);
}

template <class T>
std::vector<RuleLine> Nadam<T>::rule() const {
  return {{"g = ∇f(θ)", "g"},
          {"μ_t = β₁·(1 − ½·0.96^(t·ψ))", "μ_t"},
          {"μ_{t+1} = β₁·(1 − ½·0.96^((t + 1)·ψ))", "μ_{t+1}"},
          {"∏μ ← ∏μ·μ_t", "∏μ"},
          {"m ← β₁·m + (1 − β₁)·g", "m"},
          {"s ← β₂·s + (1 − β₂)·g⊙g", "s"},
          {"ŝ = s / (1 − β₂ᵗ)", "ŝ"},
          {"Δθ = −ε·[(1 − μ_t)/(1 − ∏μ)·g + μ_{t+1}/(1 − ∏μ·μ_{t+1})·m] / (√ŝ + eps)", "Δθ"},
          {"θ ← θ + Δθ", "θ"}};
}

template <class T>
void Nadam<T>::compute_step(Evaluator<T>& eval, Vec<T>& theta) {
  eval(theta, g_, "θ");
  this->show("g", g_);
  const long n = theta.size();
  const double lr = this->lr();
  const double beta1 = this->hyper(kBeta1), beta2 = this->hyper(kBeta2), psi = this->hyper(kMomentumDecay);
  const double t = static_cast<double>(this->steps());
  const double bc2 = 1 - std::pow(beta2, t);
  const double mu = beta1 * (1. - 0.5 * std::pow(0.96, t * psi));
  const double mu_next = beta1 * (1. - 0.5 * std::pow(0.96, (t + 1) * psi));
  double& mu_product = this->scalar(mu_product_);
  mu_product *= mu;
  this->show("μ_t", mu);
  this->show("μ_{t+1}", mu_next);
  this->show("∏μ", mu_product);
  const T b1 = static_cast<T>(beta1), k1 = static_cast<T>(1 - beta1);
  const T b2 = static_cast<T>(beta2), k2 = static_cast<T>(1 - beta2);
  const T eps = static_cast<T>(this->hyper(kEps));
  const T inv_bc2_sqrt = static_cast<T>(1 / std::sqrt(bc2));
  const T step_g = static_cast<T>((lr * (1. - mu) / (1. - mu_product)) * -1);
  const T step_m = static_cast<T>((lr * mu_next / (1. - mu_product * mu_next)) * -1);
  Vec<T>& m = this->buffer(m_);
  Vec<T>& s = this->buffer(s_);
  if (m.size() != n) m.setZero(n);
  if (s.size() != n) s.setZero(n);
  // The moments and θ in one pass over memory (the compiler vectorizes it).
  // PyTorch adds the g term and the m term one after the other, each divided
  // by √ŝ + eps; one division of their sum is the same to an ulp, and cheaper.
  {
    T* __restrict mm = m.data();
    T* __restrict ss = s.data();
    T* __restrict th = theta.data();
    const T* __restrict g = g_.data();
    for (long i = 0; i < n; ++i) {
      const T mi = mm[i] * b1 + k1 * g[i];
      const T si = ss[i] * b2 + (k2 * g[i]) * g[i];
      mm[i] = mi;
      ss[i] = si;
      th[i] += (step_g * g[i] + step_m * mi) / (std::sqrt(si) * inv_bc2_sqrt + eps);
    }
  }
  this->show("m", m);
  this->show("s", s);
  if (this->inspecting()) {
    Vec<T> s_hat = s / static_cast<T>(bc2);
    this->show("ŝ", s_hat);
  }
}

template class Nadam<float>;
template class Nadam<double>;

}  // namespace optim
