#include "optim/nesterov.hpp"

#include "optim/heavy_ball.hpp"

namespace optim {

template <class T>
Nesterov<T>::Nesterov()
    : Optimizer<T>("nesterov",
                   {lr_spec(1e-3), unit_spec("momentum", "α", "momentum: the share of the velocity kept", 0.9)}) {
  v_ = this->add_buffer("v");
}

template <class T>
std::vector<RuleLine> Nesterov<T>::rule() const {
  return {{"θ + α·v  (the look-ahead point)", "θ + α·v"},
          {"g = ∇f(θ + α·v)", "g"},
          {"v ← α·v − ε·g", "v"},
          {"θ ← θ + v", "θ"}};
}

template <class T>
void Nesterov<T>::compute_step(Evaluator<T>& eval, Vec<T>& theta) {
  const T lr = static_cast<T>(this->lr());
  const T alpha = static_cast<T>(this->hyper(kMomentum));
  Vec<T>& v = this->buffer(v_);
  if (v.size() != theta.size()) v.setZero(theta.size());
  ahead_ = theta + alpha * v;
  this->show("θ + α·v", ahead_);
  eval(ahead_, g_, "θ + α·v (look-ahead)");
  this->show("g", g_);
  heavy_ball_update(theta, v, g_, alpha, lr);
  this->show("v", v);
}

template class Nesterov<float>;
template class Nesterov<double>;

}  // namespace optim
