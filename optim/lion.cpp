#include "optim/lion.hpp"

namespace optim {

template <class T>
Lion<T>::Lion()
    : Optimizer<T>("lion", {lr_spec(1e-4), unit_spec("beta1", "β₁", "weight of m in the direction c", 0.9),
                            unit_spec("beta2", "β₂", "decay of the momentum m", 0.99)}) {
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
  eval(theta, g_, "θ");
  this->show("g", g_);
  const long n = theta.size();
  const double lr = this->lr();
  const T b1 = static_cast<T>(this->hyper(kBeta1)), k1 = static_cast<T>(1 - this->hyper(kBeta1));
  const T b2 = static_cast<T>(this->hyper(kBeta2)), k2 = static_cast<T>(1 - this->hyper(kBeta2));
  const T neg_lr = static_cast<T>(-lr);
  Vec<T>& m = this->buffer(m_);
  if (m.size() != n) m.setZero(n);
  if (this->inspecting()) {
    Vec<T> c = m * b1 + k1 * g_;
    this->show("c", c);
  }
  const T keep = static_cast<T>(1 - lr * this->weight_decay());
  // θ and m in one pass (the compiler vectorizes it; sign(c) without a branch).
  T* th = theta.data();
  T* mm = m.data();
  const T* g = g_.data();
  for (long i = 0; i < n; ++i) {
    const T c = mm[i] * b1 + k1 * g[i];
    const T sign = static_cast<T>(c > 0) - static_cast<T>(c < 0);
    th[i] = th[i] * keep + neg_lr * sign;
    mm[i] = mm[i] * b2 + k2 * g[i];
  }
  this->show("m", m);
}

template class Lion<float>;
template class Lion<double>;

}  // namespace optim
