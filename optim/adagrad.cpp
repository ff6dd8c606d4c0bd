#include "optim/adagrad.hpp"

namespace optim {

template <class T>
Adagrad<T>::Adagrad()
    : Optimizer<T>("adagrad",
                   {lr_spec(1e-2), real_spec("lr_decay", "lr_decay", "ε_t = ε / (1 + (t − 1)·lr_decay)", 0, 0, 0.1),
                    real_spec("initial_accumulator_value", "s₀", "the accumulator's starting value", 0, 0, 1),
                    real_spec("eps", "eps", "added to the denominator for stability", 1e-10, 1e-12, 1e-2, true),
                    flag_spec("eps_inside_sqrt", "√(s + eps)", "the course's √(s + eps) instead of PyTorch's √s + eps",
                              false)}) {
  s_ = this->add_buffer("s");
}

template <class T>
std::vector<RuleLine> Adagrad<T>::rule() const {
  const bool decay = this->hyper(kLrDecay) != 0;
  const bool inside = this->hyper(kEpsInsideSqrt) != 0;
  std::vector<RuleLine> lines = {{"g = ∇f(θ)", "g"}, {"s ← s + g⊙g", "s"}};
  if (decay) lines.push_back({"ε_t = ε / (1 + (t − 1)·lr_decay)", "ε_t"});
  std::string step = decay ? "Δθ = −ε_t·g / " : "Δθ = −ε·g / ";
  step += inside ? "√(s + eps)" : "(√s + eps)";
  lines.push_back({step, "Δθ"});
  lines.push_back({"θ ← θ + Δθ", "θ"});
  return lines;
}

template <class T>
void Adagrad<T>::compute_step(Evaluator<T>& eval, Vec<T>& theta) {
  eval(theta, g_, "θ");
  this->show("g", g_);
  Vec<T>& s = this->buffer(s_);
  if (s.size() != theta.size()) s.setConstant(theta.size(), static_cast<T>(this->hyper(kInitialAccumulator)));
  const double lr_decay = this->hyper(kLrDecay);
  const double clr = this->lr() / (1 + (static_cast<double>(this->steps()) - 1) * lr_decay);
  if (lr_decay != 0) this->show("ε_t", clr);
  const T neg_clr = static_cast<T>(-clr);
  const T eps = static_cast<T>(this->hyper(kEps));
  s.array() += g_.array().square();
  this->show("s", s);
  if (this->hyper(kEpsInsideSqrt) != 0)
    theta.array() += (neg_clr * g_.array()) / (s.array() + eps).sqrt();
  else
    theta.array() += (neg_clr * g_.array()) / (s.array().sqrt() + eps);
}

template class Adagrad<float>;
template class Adagrad<double>;

}  // namespace optim
