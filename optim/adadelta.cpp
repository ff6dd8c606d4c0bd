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
  // s, d, u and θ in one pass over memory (the compiler vectorizes it).
  // √((u + eps)/(s + eps)) is one root and one division, equal to PyTorch's
  // two roots and a division to an ulp.
  const bool keep_d = this->inspecting();  // d is only shown, never kept
  if (keep_d) d_.resize(n);
  {
    T* __restrict ss = s.data();
    T* __restrict uu = u.data();
    T* __restrict th = theta.data();
    T* __restrict dd = d_.data();
    const T* __restrict g = g_.data();
    for (long i = 0; i < n; ++i) {
      const T si = ss[i] * rho + (keep * g[i]) * g[i];
      ss[i] = si;
      const T di = std::sqrt((uu[i] + eps) / (si + eps)) * g[i];
      if (keep_d) dd[i] = di;
      uu[i] = uu[i] * rho + (keep * di) * di;
      th[i] += neg_lr * di;
    }
  }
  this->show("s", s);
  if (keep_d) this->show("d", d_);
  this->show("u", u);
}

template class Adadelta<float>;
template class Adadelta<double>;

}  // namespace optim
