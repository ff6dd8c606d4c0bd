#include "optim/momentum.hpp"

#include "optim/heavy_ball.hpp"

namespace optim {

std::vector<HyperField<MomentumConfig>> MomentumConfig::fields() {
  using C = MomentumConfig;
  return {
      field(&C::lr, {.name = "lr", .symbol = "ε", .help = "learning rate", .min = 1e-5, .max = 1, .log_scale = true}),
      field(&C::momentum, {.name = "momentum",
                           .symbol = "α",
                           .help = "momentum: the share of the velocity kept",
                           .max = 0.999,
                           .hard_max = 1}),
      field(&C::centralize,
            {.name = "centralize", .symbol = "GC", .help = "gradient centralization of weight tensors"}),
  };
}

template <class T>
Momentum<T>::Momentum(const MomentumConfig& config) : Method<T, MomentumConfig>("momentum", config) {
  v_ = this->add_buffer("v");
}

template <class T>
std::vector<RuleLine> Momentum<T>::rule() const {
  if (this->config().centralize)
    return {{"g = ∇f(θ)", "g"},
            {"ĝ = Φ_GC(g) = g − mean(g) per output unit", "ĝ"},
            {"v ← α·v − ε·ĝ", "v"},
            {"θ ← θ + v", "θ"}};
  return {{"g = ∇f(θ)", "g"}, {"v ← α·v − ε·g", "v"}, {"θ ← θ + v", "θ"}};
}

template <class T>
void Momentum<T>::compute_step(Evaluator<T>& eval, Vec<T>& theta) {
  const MomentumConfig& c = this->config();
  eval(theta, g_, "θ");
  this->show("g", g_, VectorKind::gradient);
  if (c.centralize) {
    this->centralize(g_);
    this->show("ĝ", g_);
  }
  const T lr = static_cast<T>(this->lr());
  const T alpha = static_cast<T>(c.momentum);
  Vec<T>& v = this->buffer(v_);
  const long n = theta.size();
  if (v.size() != n) v.setZero(n);
  heavy_ball_update(theta, v, g_, alpha, lr);
  this->show("v", v, VectorKind::descent_direction);
}

template class Momentum<float>;
template class Momentum<double>;

}  // namespace optim
