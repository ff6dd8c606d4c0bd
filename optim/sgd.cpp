#include "optim/sgd.hpp"

namespace optim {

std::vector<HyperField<SgdConfig>> SgdConfig::fields() {
  using C = SgdConfig;
  return {
      field(&C::lr, {.name = "lr", .symbol = "ε", .help = "learning rate", .min = 1e-5, .max = 1, .log_scale = true}),
      field(
          &C::momentum,
          {.name = "momentum", .symbol = "μ", .help = "momentum factor (PyTorch's form)", .max = 0.999, .hard_max = 1}),
      field(&C::dampening,
            {.name = "dampening", .symbol = "τ", .help = "dampening of the momentum", .max = 0.999, .hard_max = 1}),
      field(&C::nesterov, {.name = "nesterov", .symbol = "nesterov", .help = "Nesterov momentum (PyTorch's form)"}),
  };
}

template <class T>
Sgd<T>::Sgd(const SgdConfig& config) : Method<T, SgdConfig>("sgd", config) {
  b_ = this->add_buffer("b");
}

template <class T>
std::vector<RuleLine> Sgd<T>::rule() const {
  const SgdConfig& c = this->config();
  if (c.momentum == 0) return {{"g = ∇f(θ)", "g"}, {"Δθ = −ε·g", "Δθ"}, {"θ ← θ + Δθ", "θ"}};
  std::vector<RuleLine> lines = {{"g = ∇f(θ)", "g"}, {"b ← μ·b + (1 − τ)·g", "b"}};
  if (c.nesterov)
    lines.push_back({"Δθ = −ε·(g + μ·b)", "Δθ"});
  else
    lines.push_back({"Δθ = −ε·b", "Δθ"});
  lines.push_back({"θ ← θ + Δθ", "θ"});
  return lines;
}

template <class T>
void Sgd<T>::compute_step(Evaluator<T>& eval, Vec<T>& theta) {
  const SgdConfig& c = this->config();
  eval(theta, g_, "θ");
  const T lr = static_cast<T>(this->lr());
  const T mu = static_cast<T>(c.momentum);
  this->show("g", g_, VectorKind::gradient);
  if (mu == 0) {
    theta.noalias() -= lr * g_;
    return;
  }
  Vec<T>& b = this->buffer(b_);
  if (b.size() != theta.size()) {
    b = g_;
  } else {
    const T tau = static_cast<T>(c.dampening);
    b = mu * b + (1 - tau) * g_;
  }
  this->show("b", b, VectorKind::ascent_direction);
  if (c.nesterov)
    theta.noalias() -= lr * (g_ + mu * b);
  else
    theta.noalias() -= lr * b;
}

template class Sgd<float>;
template class Sgd<double>;

}  // namespace optim
