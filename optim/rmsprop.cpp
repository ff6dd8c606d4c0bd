#include "optim/rmsprop.hpp"

namespace optim {

template <class T>
Rmsprop<T>::Rmsprop()
    : Optimizer<T>("rmsprop",
                   {lr_spec(1e-2), unit_spec("alpha", "ρ", "decay of the moving average of g⊙g", 0.99),
                    real_spec("eps", "eps", "added to the denominator for stability", 1e-8, 1e-12, 1e-2, true),
                    unit_spec("momentum", "μ", "momentum on the scaled gradient (PyTorch's option)", 0),
                    flag_spec("centered", "centered", "divide by an estimate of the variance of g instead", false),
                    flag_spec("eps_inside_sqrt", "√(s + eps)", "the course's √(s + eps) instead of PyTorch's √s + eps",
                              false)}) {
  s_ = this->add_buffer("s");
  g_avg_ = this->add_buffer("g_avg");
  b_ = this->add_buffer("b");
}

template <class T>
std::vector<RuleLine> Rmsprop<T>::rule() const {
  const bool centered = this->hyper(kCentered) != 0;
  const bool inside = this->hyper(kEpsInsideSqrt) != 0;
  std::vector<RuleLine> lines = {{"g = ∇f(θ)", "g"}, {"s ← ρ·s + (1 − ρ)·g⊙g", "s"}};
  if (centered) lines.push_back({"ḡ ← ρ·ḡ + (1 − ρ)·g", "ḡ"});
  const std::string var = centered ? "s − ḡ⊙ḡ" : "s";
  const std::string denom = inside ? "√(" + var + " + eps)" : centered ? "(√(" + var + ") + eps)" : "(√s + eps)";
  if (this->hyper(kMomentum) > 0) {
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
  eval(theta, g_, "θ");
  this->show("g", g_);
  const long n = theta.size();
  const T lr = static_cast<T>(this->lr());
  const T rho = static_cast<T>(this->hyper(kAlpha));
  const T keep = static_cast<T>(1 - this->hyper(kAlpha));
  const T eps = static_cast<T>(this->hyper(kEps));
  const T mu = static_cast<T>(this->hyper(kMomentum));
  const bool centered = this->hyper(kCentered) != 0;
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
      this->show("b", b);
      theta.array() += -lr * b.array();
    } else {
      theta.array() += (-lr * g_.array()) / denom;
    }
  };
  const bool inside = this->hyper(kEpsInsideSqrt) != 0;
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
