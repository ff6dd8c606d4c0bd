#include "optim/momentum.hpp"

#include "optim/heavy_ball.hpp"

namespace optim {

template <class T>
Momentum<T>::Momentum()
    : Optimizer<T>("momentum",
                   {lr_spec(1e-3), unit_spec("momentum", "α", "momentum: the share of the velocity kept", 0.9),
                    flag_spec("centralize", "GC", "gradient centralization of weight tensors", false)}) {
  v_ = this->add_buffer("v");
}

template <class T>
std::vector<RuleLine> Momentum<T>::rule() const {
  if (this->hyper(kCentralize) != 0)
    return {{"g = ∇f(θ)", "g"},
            {"ĝ = Φ_GC(g) = g − mean(g) per output unit", "ĝ"},
            {"v ← α·v − ε·ĝ", "v"},
            {"θ ← θ + v", "θ"}};
  return {{"g = ∇f(θ)", "g"}, {"v ← α·v − ε·g", "v"}, {"θ ← θ + v", "θ"}};
}

template <class T>
void Momentum<T>::compute_step(Evaluator<T>& eval, Vec<T>& theta) {
  eval(theta, g_, "θ");
  this->show("g", g_);
  if (this->hyper(kCentralize) != 0) {
    this->centralize(g_);
    this->show("ĝ", g_);
  }
  const T lr = static_cast<T>(this->lr());
  const T alpha = static_cast<T>(this->hyper(kMomentum));
  Vec<T>& v = this->buffer(v_);
  const long n = theta.size();
  if (v.size() != n) v.setZero(n);
  heavy_ball_update(theta, v, g_, alpha, lr);
  this->show("v", v);
}

template class Momentum<float>;
template class Momentum<double>;

}  // namespace optim
