#include "optim/adam.hpp"

#include <algorithm>
#include <cmath>

namespace optim {

std::vector<HyperField<AdamConfig>> AdamConfig::fields() {
  using C = AdamConfig;
  return {
      field(&C::lr, {.name = "lr", .symbol = "ε", .help = "learning rate", .min = 1e-5, .max = 1, .log_scale = true}),
      field(&C::beta1,
            {.name = "beta1", .symbol = "β₁", .help = "decay of the first moment m", .max = 0.999, .hard_max = 1}),
      field(&C::beta2,
            {.name = "beta2", .symbol = "β₂", .help = "decay of the second moment s", .max = 0.999, .hard_max = 1}),
      field(&C::eps, {.name = "eps",
                      .symbol = "eps",
                      .help = "added to the denominator for stability",
                      .min = 1e-12,
                      .max = 1e-2,
                      .log_scale = true}),
      field(&C::amsgrad,
            {.name = "amsgrad", .symbol = "amsgrad", .help = "divide by the running maximum of s (AMSGrad)"}),
      field(&C::bias_correction,
            {.name = "bias_correction", .symbol = "m̂, ŝ", .help = "divide m and s by 1 − βᵗ (off: m̂ = m, ŝ = s)"}),
      field(&C::eps_inside_sqrt, {.name = "eps_inside_sqrt",
                                  .symbol = "√(ŝ + eps)",
                                  .help = "the course's √(ŝ + eps) instead of PyTorch's √ŝ + eps"}),
      field(
          &C::eps_hat,
          {.name = "eps_hat", .symbol = "ε̂", .help = "Keras' epsilon hat: eps added to √s before the bias correction"}),
      field(&C::centralize,
            {.name = "centralize", .symbol = "GC", .help = "gradient centralization of weight tensors"}),
  };
}

namespace {
template <class Variant>
const char* variant_name(Variant variant) {
  switch (variant) {
    case Variant::AdamW:
      return "adamw";
    case Variant::AmsGrad:
      return "amsgrad";
    default:
      return "adam";
  }
}
}  // namespace

template <class T>
Adam<T>::Adam(const AdamConfig& config, Variant variant)
    : Method<T, AdamConfig>(variant_name(variant), config), variant_(variant) {
  if (variant == Variant::AdamW) this->override_default("weight_decay", 1e-2);
  if (variant == Variant::AmsGrad) this->override_default("amsgrad", 1);
  m_ = this->add_buffer("m");
  s_ = this->add_buffer("s");
  s_max_ = this->add_buffer("s_max");
}

template <class T>
std::vector<RuleLine> Adam<T>::rule() const {
  const AdamConfig& c = this->config();
  const std::string gv = c.centralize ? "ĝ" : "g";
  std::vector<RuleLine> lines = {{"g = ∇f(θ)", "g"}};
  if (c.centralize) lines.push_back({"ĝ = Φ_GC(g) = g − mean(g) per output unit", "ĝ"});
  lines.push_back({"m ← β₁·m + (1 − β₁)·" + gv, "m"});
  lines.push_back({"s ← β₂·s + (1 − β₂)·" + gv + "⊙" + gv, "s"});
  if (c.amsgrad) lines.push_back({"s_max ← max(s_max, s)", "s_max"});
  const std::string sv = c.amsgrad ? "s_max" : "s";
  std::string m_used = "m", s_used = sv;
  if (c.bias_correction) {
    lines.push_back({"m\u0302 = m / (1 − β₁ᵗ)", "m\u0302"});
    lines.push_back({"ŝ = " + sv + " / (1 − β₂ᵗ)", "ŝ"});
    m_used = "m\u0302";
    s_used = "ŝ";
  }
  // Keras' ε̂ is eps before the correction: after it, eps / √(1 − β₂ᵗ).
  const std::string e = !c.eps_hat || !c.bias_correction ? "eps"
                        : c.eps_inside_sqrt              ? "eps/(1 − β₂ᵗ)"
                                                         : "eps/√(1 − β₂ᵗ)";
  const std::string denom = c.eps_inside_sqrt ? "√(" + s_used + " + " + e + ")" : "(√" + s_used + " + " + e + ")";
  if (decoupled_weight_decay() && this->weight_decay() != 0)
    lines.push_back({"Δθ = −ε·(" + m_used + " / " + denom + " + λ·θ)", "Δθ"});
  else
    lines.push_back({"Δθ = −ε·" + m_used + " / " + denom, "Δθ"});
  lines.push_back({"θ ← θ + Δθ", "θ"});
  return lines;
}

template <class T>
void Adam<T>::compute_step(Evaluator<T>& eval, Vec<T>& theta) {
  const AdamConfig& c = this->config();
  eval(theta, g_, "θ");
  this->show("g", g_, VectorKind::gradient);
  if (c.centralize) {
    this->centralize(g_);
    this->show("ĝ", g_);
  }
  const long n = theta.size();
  const double t = static_cast<double>(this->steps());
  const T lr = static_cast<T>(this->lr());
  const T beta1 = static_cast<T>(c.beta1), one_minus_beta1 = static_cast<T>(1 - c.beta1);
  const T beta2 = static_cast<T>(c.beta2), one_minus_beta2 = static_cast<T>(1 - c.beta2);
  // m̂ = m / (1 − β₁ᵗ) and ŝ = s / (1 − β₂ᵗ) multiply by reciprocals taken
  // once a step: a division per coordinate saved, equal to PyTorch's to an ulp.
  const T inv_bc1 = static_cast<T>(c.bias_correction ? 1 / (1 - std::pow(c.beta1, t)) : 1.0);
  const double inv_bc2_exact = c.bias_correction ? 1 / (1 - std::pow(c.beta2, t)) : 1.0;
  const T inv_bc2 = static_cast<T>(inv_bc2_exact);
  // Keras' ε̂ joins √s (or s) before the correction: eps·√(1/(1 − β₂ᵗ)) after it.
  const T eps = static_cast<T>(!c.eps_hat          ? c.eps
                               : c.eps_inside_sqrt ? c.eps * inv_bc2_exact
                                                   : c.eps * std::sqrt(inv_bc2_exact));
  // adamw's decoupled decay θ ← θ·(1 − ε·λ), first, as in PyTorch (1 otherwise).
  const T decay = static_cast<T>(decoupled_weight_decay() ? 1 - this->lr() * this->weight_decay() : 1.0);
  const bool amsgrad = c.amsgrad, inside = c.eps_inside_sqrt;

  Vec<T>& m_vec = this->buffer(m_);
  Vec<T>& s_vec = this->buffer(s_);
  Vec<T>& s_max_vec = this->buffer(s_max_);
  if (m_vec.size() != n) m_vec.setZero(n);
  if (s_vec.size() != n) s_vec.setZero(n);
  if (amsgrad && s_max_vec.size() != n) s_max_vec.setZero(n);

  // One pass over g, m, s (s_max) and θ: memory traffic, not arithmetic,
  // bounds it on large vectors. The compiler vectorizes it, one copy of the
  // loop per setting of the flags.
  T* __restrict th = theta.data();
  T* __restrict m = m_vec.data();
  T* __restrict s = s_vec.data();
  T* __restrict s_max = s_max_vec.data();
  const T* __restrict g = g_.data();
  for (long i = 0; i < n; ++i) {
    m[i] = beta1 * m[i] + one_minus_beta1 * g[i];
    s[i] = beta2 * s[i] + one_minus_beta2 * g[i] * g[i];
    if (amsgrad) s_max[i] = std::max(s_max[i], s[i]);
    const T m_hat = m[i] * inv_bc1;
    const T s_hat = (amsgrad ? s_max[i] : s[i]) * inv_bc2;
    const T denom = inside ? std::sqrt(s_hat + eps) : std::sqrt(s_hat) + eps;
    th[i] = th[i] * decay - lr * m_hat / denom;
  }

  this->show("m", m_vec, c.bias_correction ? VectorKind::quantity : VectorKind::ascent_direction);
  this->show("s", s_vec);
  if (amsgrad) this->show("s_max", s_max_vec);
  if (c.bias_correction && this->inspecting()) {
    Vec<T> m_hat = m_vec * inv_bc1;
    Vec<T> s_hat = (amsgrad ? s_max_vec : s_vec) * inv_bc2;
    this->show("m\u0302", m_hat, VectorKind::ascent_direction);
    this->show("ŝ", s_hat);
  }
}

template class Adam<float>;
template class Adam<double>;

}  // namespace optim
