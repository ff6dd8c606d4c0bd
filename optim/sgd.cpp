#include "optim/sgd.hpp"

namespace optim {

template <class T>
Sgd<T>::Sgd()
    : Optimizer<T>("sgd", {lr_spec(1e-3), unit_spec("momentum", "μ", "momentum factor (PyTorch's form)", 0),
                           unit_spec("dampening", "τ", "dampening of the momentum", 0),
                           flag_spec("nesterov", "nesterov", "Nesterov momentum (PyTorch's form)", false)}) {
  b_ = this->add_buffer("b");
}

template <class T>
std::vector<RuleLine> Sgd<T>::rule() const {
  if (this->hyper(kMomentum) == 0) return {{"g = ∇f(θ)", "g"}, {"Δθ = −ε·g", "Δθ"}, {"θ ← θ + Δθ", "θ"}};
  std::vector<RuleLine> lines = {{"g = ∇f(θ)", "g"}, {"b ← μ·b + (1 − τ)·g", "b"}};
  if (this->hyper(kNesterov) != 0)
    lines.push_back({"Δθ = −ε·(g + μ·b)", "Δθ"});
  else
    lines.push_back({"Δθ = −ε·b", "Δθ"});
  lines.push_back({"θ ← θ + Δθ", "θ"});
  return lines;
}

template <class T>
void Sgd<T>::compute_step(Evaluator<T>& eval, Vec<T>& theta) {
  eval(theta, g_, "θ");
  const T lr = static_cast<T>(this->lr());
  const T mu = static_cast<T>(this->hyper(kMomentum));
  this->show("g", g_);
  if (mu == 0) {
    theta.noalias() -= lr * g_;
    return;
  }
  Vec<T>& b = this->buffer(b_);
  if (b.size() != theta.size()) {
    b = g_;
  } else {
    const T keep = static_cast<T>(1 - this->hyper(kDampening));
    b = mu * b + keep * g_;
  }
  this->show("b", b);
  if (this->hyper(kNesterov) != 0)
    theta.noalias() -= lr * (g_ + mu * b);
  else
    theta.noalias() -= lr * b;
}

template class Sgd<float>;
template class Sgd<double>;

}  // namespace optim
