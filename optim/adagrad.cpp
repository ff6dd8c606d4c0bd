#include "optim/adagrad.hpp"

namespace optim {

std::vector<HyperField<AdagradConfig>> AdagradConfig::fields() {
  using C = AdagradConfig;
  return {
      field(&C::lr, {.name = "lr", .symbol = "ε", .help = "learning rate", .min = 1e-5, .max = 1, .log_scale = true}),
      field(&C::lr_decay,
            {.name = "lr_decay", .symbol = "lr_decay", .help = "ε_t = ε / (1 + (t − 1)·lr_decay)", .max = 0.1}),
      field(&C::initial_accumulator_value,
            {.name = "initial_accumulator_value", .symbol = "s₀", .help = "the accumulator's starting value"}),
      field(&C::eps, {.name = "eps",
                      .symbol = "eps",
                      .help = "added to the denominator for stability",
                      .min = 1e-12,
                      .max = 1e-2,
                      .log_scale = true}),
      field(&C::eps_inside_sqrt, {.name = "eps_inside_sqrt",
                                  .symbol = "√(s + eps)",
                                  .help = "the course's √(s + eps) instead of PyTorch's √s + eps"}),
  };
}

template <class T>
Adagrad<T>::Adagrad(const AdagradConfig& config) : Method<T, AdagradConfig>("adagrad", config) {
  s_ = this->add_buffer("s");
}

template <class T>
std::vector<RuleLine> Adagrad<T>::rule() const {
  const AdagradConfig& c = this->config();
  std::vector<RuleLine> lines = {{"g = ∇f(θ)", "g"}, {"s ← s + g⊙g", "s"}};
  if (c.lr_decay != 0) lines.push_back({"ε_t = ε / (1 + (t − 1)·lr_decay)", "ε_t"});
  std::string step = c.lr_decay != 0 ? "Δθ = −ε_t·g / " : "Δθ = −ε·g / ";
  step += c.eps_inside_sqrt ? "√(s + eps)" : "(√s + eps)";
  lines.push_back({step, "Δθ"});
  lines.push_back({"θ ← θ + Δθ", "θ"});
  return lines;
}

template <class T>
void Adagrad<T>::compute_step(Evaluator<T>& eval, Vec<T>& theta) {
  const AdagradConfig& c = this->config();
  eval(theta, g_, "θ");
  this->show("g", g_, VectorKind::gradient);
  Vec<T>& s = this->buffer(s_);
  if (s.size() != theta.size()) s.setConstant(theta.size(), static_cast<T>(c.initial_accumulator_value));
  const double lr_t = this->lr() / (1 + (static_cast<double>(this->steps()) - 1) * c.lr_decay);
  if (c.lr_decay != 0) this->show("ε_t", lr_t);
  const T neg_lr_t = static_cast<T>(-lr_t);
  const T eps = static_cast<T>(c.eps);
  const auto g = g_.array();
  s.array() += g.square();
  this->show("s", s);
  if (c.eps_inside_sqrt)
    theta.array() += (neg_lr_t * g) / (s.array() + eps).sqrt();
  else
    theta.array() += (neg_lr_t * g) / (s.array().sqrt() + eps);
}

template class Adagrad<float>;
template class Adagrad<double>;

}  // namespace optim
