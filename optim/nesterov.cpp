#include "optim/nesterov.hpp"

#include "optim/heavy_ball.hpp"

namespace optim {

std::vector<HyperField<NesterovConfig>> NesterovConfig::fields() {
  using C = NesterovConfig;
  return {
      field(&C::lr, {.name = "lr", .symbol = "ε", .help = "learning rate", .min = 1e-5, .max = 1, .log_scale = true}),
      field(&C::momentum, {.name = "momentum",
                           .symbol = "α",
                           .help = "momentum: the share of the velocity kept",
                           .max = 0.999,
                           .hard_max = 1}),
  };
}

template <class T>
Nesterov<T>::Nesterov(const NesterovConfig& config) : Method<T, NesterovConfig>("nesterov", config) {
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
  const T alpha = static_cast<T>(this->config().momentum);
  Vec<T>& v = this->buffer(v_);
  if (v.size() != theta.size()) v.setZero(theta.size());
  ahead_ = theta + alpha * v;
  this->show("θ + α·v", ahead_);
  eval(ahead_, g_, "θ + α·v (look-ahead)", ProbeKind::look_ahead);
  this->show("g", g_, VectorKind::gradient);
  heavy_ball_update(theta, v, g_, alpha, lr);
  this->show("v", v, VectorKind::descent_direction);
}

template class Nesterov<float>;
template class Nesterov<double>;

}  // namespace optim
