#include "optim/rmsprop.hpp"

namespace optim {

std::vector<HyperField<RmspropConfig>> RmspropConfig::fields() {
  using C = RmspropConfig;
  return {
      field(&C::lr, {.name = "lr", .symbol = "ε", .help = "learning rate", .min = 1e-5, .max = 1, .log_scale = true}),
      field(
          &C::alpha,
          {.name = "alpha", .symbol = "ρ", .help = "decay of the moving average of g⊙g", .max = 0.999, .hard_max = 1}),
      field(&C::eps, {.name = "eps",
                      .symbol = "eps",
                      .help = "added to the denominator for stability",
                      .min = 1e-12,
                      .max = 1e-2,
                      .log_scale = true}),
      field(&C::momentum, {.name = "momentum",
                           .symbol = "μ",
                           .help = "momentum on the scaled gradient (PyTorch's option)",
                           .max = 0.999,
                           .hard_max = 1}),
      field(&C::centered,
            {.name = "centered", .symbol = "centered", .help = "divide by an estimate of the variance of g instead"}),
      field(&C::eps_inside_sqrt, {.name = "eps_inside_sqrt",
                                  .symbol = "√(s + eps)",
                                  .help = "the course's √(s + eps) instead of PyTorch's √s + eps"}),
  };
}

template <class T>
Rmsprop<T>::Rmsprop(const RmspropConfig& config) : Method<T, RmspropConfig>("rmsprop", config) {
  s_ = this->add_buffer("s");
  g_avg_ = this->add_buffer("g_avg");
  b_ = this->add_buffer("b");
}

template <class T>
std::vector<RuleLine> Rmsprop<T>::rule() const {
  const RmspropConfig& c = this->config();
  const bool centered = c.centered, inside = c.eps_inside_sqrt;
  std::vector<RuleLine> lines = {{"g = ∇f(θ)", "g"}, {"s ← ρ·s + (1 − ρ)·g⊙g", "s"}};
  if (centered) lines.push_back({"ḡ ← ρ·ḡ + (1 − ρ)·g", "ḡ"});
  const std::string var = centered ? "s − ḡ⊙ḡ" : "s";
  const std::string denom = inside ? "√(" + var + " + eps)" : centered ? "(√(" + var + ") + eps)" : "(√s + eps)";
  if (c.momentum > 0) {
    lines.push_back({"b ← μ·b + g / " + denom, "b"});
    lines.push_back({"Δθ = −ε·b", "Δθ"});
  } else {
    lines.push_back({"Δθ = −ε·g / " + denom, "Δθ"});
  }
  lines.push_back({"θ ← θ + Δθ", "θ"});
  return lines;
}

template <class T>
void Rmsprop<T>::compute_step(Evaluator<T>& eval, Vec<T>& theta) {
  const RmspropConfig& c = this->config();
  eval(theta, g_, "θ");
  this->show("g", g_, VectorKind::gradient);
  const long n = theta.size();
  const T lr = static_cast<T>(this->lr());
  const T rho = static_cast<T>(c.alpha);
  const T keep = static_cast<T>(1 - c.alpha);  // 1 − ρ
  const T eps = static_cast<T>(c.eps);
  const T mu = static_cast<T>(c.momentum);
  const bool centered = c.centered;
  Vec<T>& s = this->buffer(s_);
  if (s.size() != n) s.setZero(n);
  s.array() = s.array() * rho + (keep * g_.array()) * g_.array();
  this->show("s", s);
  Vec<T>& g_avg = this->buffer(g_avg_);
  if (centered) {
    if (g_avg.size() != n) g_avg.setZero(n);
    g_avg.array() = g_avg.array() * rho + keep * g_.array();
    this->show("ḡ", g_avg);
  }
  // The update, for whichever denominator the settings choose.
  auto apply = [&](const auto& denom) {
    if (mu > 0) {
      Vec<T>& b = this->buffer(b_);
      if (b.size() != n) b.setZero(n);
      b.array() = b.array() * mu + g_.array() / denom;
      this->show("b", b, VectorKind::ascent_direction);
      theta.array() += -lr * b.array();
    } else {
      theta.array() += (-lr * g_.array()) / denom;
    }
  };
  const bool inside = c.eps_inside_sqrt;
  if (centered && inside)
    apply((s.array() - g_avg.array() * g_avg.array() + eps).sqrt());
  else if (centered)
    apply((s.array() - g_avg.array() * g_avg.array()).sqrt() + eps);
  else if (inside)
    apply((s.array() + eps).sqrt());
  else
    apply(s.array().sqrt() + eps);
}

template class Rmsprop<float>;
template class Rmsprop<double>;

}  // namespace optim
