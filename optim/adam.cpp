#include "optim/adam.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>

namespace optim {

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
Adam<T>::Adam(Variant variant)
    : Optimizer<T>(
          variant_name(variant),
          {lr_spec(1e-3), unit_spec("beta1", "β₁", "decay of the first moment m", 0.9),
           unit_spec("beta2", "β₂", "decay of the second moment s", 0.999),
           real_spec("eps", "eps", "added to the denominator for stability", 1e-8, 1e-12, 1e-2, true),
           flag_spec("amsgrad", "amsgrad", "divide by the running maximum of s (AMSGrad)", false),
           flag_spec("bias_correction", "m̂, ŝ", "divide m and s by 1 − βᵗ (off: m̂ = m, ŝ = s)", true),
           flag_spec("eps_inside_sqrt", "√(ŝ + eps)", "the course's √(ŝ + eps) instead of PyTorch's √ŝ + eps", false),
           flag_spec("centralize", "GC", "gradient centralization of weight tensors", false)}),
      variant_(variant) {
  if (variant == Variant::AdamW) this->override_default("weight_decay", 1e-2);
  if (variant == Variant::AmsGrad) this->override_default("amsgrad", 1);
  m_ = this->add_buffer("m");
  s_ = this->add_buffer("s");
  s_max_ = this->add_buffer("s_max");
}

template <class T>
std::vector<RuleLine> Adam<T>::rule() const {
  const bool gc = this->hyper(kCentralize) != 0;
  const bool ams = this->hyper(kAmsgrad) != 0;
  const bool corrected = this->hyper(kBiasCorrection) != 0;
  const bool inside = this->hyper(kEpsInsideSqrt) != 0;
  const std::string gv = gc ? "ĝ" : "g";
  std::vector<RuleLine> lines = {{"g = ∇f(θ)", "g"}};
  if (gc) lines.push_back({"ĝ = Φ_GC(g) = g − mean(g) per output unit", "ĝ"});
  lines.push_back({"m ← β₁·m + (1 − β₁)·" + gv, "m"});
  lines.push_back({"s ← β₂·s + (1 − β₂)·" + gv + "⊙" + gv, "s"});
  if (ams) lines.push_back({"s_max ← max(s_max, s)", "s_max"});
  const std::string sv = ams ? "s_max" : "s";
  std::string m_used = "m", s_used = sv;
  if (corrected) {
    lines.push_back({"m\u0302 = m / (1 − β₁ᵗ)", "m\u0302"});
    lines.push_back({"ŝ = " + sv + " / (1 − β₂ᵗ)", "ŝ"});
    m_used = "m\u0302";
    s_used = "ŝ";
  }
  const std::string denom = inside ? "√(" + s_used + " + eps)" : "(√" + s_used + " + eps)";
  if (decoupled_weight_decay() && this->weight_decay() != 0)
    lines.push_back({"Δθ = −ε·(" + m_used + " / " + denom + " + λ·θ)", "Δθ"});
  else
    lines.push_back({"Δθ = −ε·" + m_used + " / " + denom, "Δθ"});
  lines.push_back({"θ ← θ + Δθ", "θ"});
  return lines;
}

template <class T>
void Adam<T>::compute_step(Evaluator<T>& eval, Vec<T>& theta) {
  eval(theta, g_, "θ");
  this->show("g", g_);
  if (this->hyper(kCentralize) != 0) {
    this->centralize(g_);
    this->show("ĝ", g_);
  }
  const long n = theta.size();
  const double lr = this->lr();
  const double beta1 = this->hyper(kBeta1), beta2 = this->hyper(kBeta2);
  const double t = static_cast<double>(this->steps());
  const bool corrected = this->hyper(kBiasCorrection) != 0;
  const double bc1 = corrected ? 1 - std::pow(beta1, t) : 1.0;
  const double bc2 = corrected ? 1 - std::pow(beta2, t) : 1.0;
  const T b1 = static_cast<T>(beta1), b2 = static_cast<T>(beta2);
  const T k1 = static_cast<T>(1 - beta1), k2 = static_cast<T>(1 - beta2);
  const T eps = static_cast<T>(this->hyper(kEps));
  const T neg_step = static_cast<T>(-(lr / bc1));
  // Multiplying by 1/(1 − β₂ᵗ) or 1/√(1 − β₂ᵗ) instead of dividing saves a
  // division per coordinate; it agrees with PyTorch's division to an ulp.
  const T inv_bc2 = static_cast<T>(1 / bc2);
  const T inv_bc2_sqrt = static_cast<T>(1 / std::sqrt(bc2));

  // adamw's decoupled decay θ ← θ·(1 − ε·λ) comes first, as in PyTorch; it
  // is folded into the last pass (keep = 1 for adam and amsgrad).
  const T keep = static_cast<T>(decoupled_weight_decay() ? 1 - lr * this->weight_decay() : 1.0);

  Vec<T>& m = this->buffer(m_);
  Vec<T>& s = this->buffer(s_);
  if (m.size() != n) m.setZero(n);
  if (s.size() != n) s.setZero(n);
  const bool ams = this->hyper(kAmsgrad) != 0;
  Vec<T>& s_max = this->buffer(s_max_);
  if (ams && s_max.size() != n) s_max.setZero(n);

  // The whole update in one pass over g, m, s (s_max) and θ: memory traffic,
  // not arithmetic, bounds it on large vectors. Each line rounds as PyTorch's
  // single-tensor Adam does.
  auto pass = [&](auto amsgrad, auto inside) {
    T* __restrict th = theta.data();
    T* __restrict mm = m.data();
    T* __restrict ss = s.data();
    T* __restrict sx = s_max.data();
    const T* __restrict g = g_.data();
    for (long i = 0; i < n; ++i) {
      const T mi = mm[i] * b1 + k1 * g[i];
      T si = ss[i] * b2 + (k2 * g[i]) * g[i];
      mm[i] = mi;
      ss[i] = si;
      if constexpr (decltype(amsgrad)::value) {
        si = std::max(sx[i], si);
        sx[i] = si;
      }
      if constexpr (decltype(inside)::value)
        th[i] = th[i] * keep + (neg_step * mi) / std::sqrt(si * inv_bc2 + eps);
      else
        th[i] = th[i] * keep + (neg_step * mi) / (std::sqrt(si) * inv_bc2_sqrt + eps);
    }
  };
  using Yes = std::true_type;
  using No = std::false_type;
  const bool inside = this->hyper(kEpsInsideSqrt) != 0;
  if (ams)
    inside ? pass(Yes{}, Yes{}) : pass(Yes{}, No{});
  else
    inside ? pass(No{}, Yes{}) : pass(No{}, No{});

  this->show("m", m);
  this->show("s", s);
  if (ams) this->show("s_max", s_max);
  if (corrected && this->inspecting()) {
    Vec<T> m_hat = m / static_cast<T>(bc1);
    Vec<T> s_hat = (ams ? s_max : s) * inv_bc2;
    this->show("m\u0302", m_hat);
    this->show("ŝ", s_hat);
  }
}

template class Adam<float>;
template class Adam<double>;

}  // namespace optim
