#include "optim/adadelta.hpp"

namespace optim {

template <class T>
Adadelta<T>::Adadelta()
    : Optimizer<T>("adadelta",
                   {lr_spec(1.0, 1e-3, 10.0), unit_spec("rho", "ρ", "decay of the moving averages of g² and d²", 0.9),
                    real_spec("eps", "eps", "added under both roots for stability", 1e-6, 1e-12, 1e-2, true)}) {
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
  eval(theta, g_, "θ");
  this->show("g", g_);
  const long n = theta.size();
  const T rho = static_cast<T>(this->hyper(kRho)), keep = static_cast<T>(1 - this->hyper(kRho));
  const T eps = static_cast<T>(this->hyper(kEps));
  const T neg_lr = static_cast<T>(-this->lr());
  Vec<T>& s = this->buffer(s_);
  Vec<T>& u = this->buffer(u_);
  if (s.size() != n) s.setZero(n);
  if (u.size() != n) u.setZero(n);
  s.array() = s.array() * rho + (keep * g_.array()) * g_.array();
  // √((u + eps)/(s + eps)): one root and one division, equal to PyTorch's
  // two roots and a division to an ulp.
  d_.resize(n);
  d_.array() = ((u.array() + eps) / (s.array() + eps)).sqrt() * g_.array();
  // u and θ in one pass (the compiler vectorizes it).
  T* uu = u.data();
  T* th = theta.data();
  const T* d = d_.data();
  for (long i = 0; i < n; ++i) {
    uu[i] = uu[i] * rho + (keep * d[i]) * d[i];
    th[i] += neg_lr * d[i];
  }
  this->show("s", s);
  this->show("d", d_);
  this->show("u", u);
}

template class Adadelta<float>;
template class Adadelta<double>;

}  // namespace optim
