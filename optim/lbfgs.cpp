#include "optim/lbfgs.hpp"

#include <algorithm>
#include <cmath>

#include "optim/line_search.hpp"

namespace optim {

std::vector<HyperField<LbfgsConfig>> LbfgsConfig::fields() {
  using C = LbfgsConfig;
  return {
      field(&C::lr, {.name = "lr",
                     .symbol = "ε",
                     .help = "step length, or the line search's first trial step (PyTorch's lr)",
                     .min = 1e-3,
                     .max = 10,
                     .log_scale = true}),
      field(&C::history_size, {.name = "history_size",
                               .symbol = "m",
                               .help = "how many (s, r) pairs to remember",
                               .kind = HyperSpec::Kind::Integer,
                               .min = 1,
                               .max = 200,
                               .hard_min = 1}),
      field(&C::line_search,
            {.name = "line_search",
             .symbol = "t_k",
             .help = "none: t = lr (PyTorch's line_search_fn=None); strong_wolfe: Wolfe line search from lr",
             .choices = {"none", "strong_wolfe"}}),
      field(&C::tolerance_grad, {.name = "tolerance_grad",
                                 .symbol = "tol_g",
                                 .help = "do nothing when max|g| ≤ this",
                                 .min = 1e-12,
                                 .max = 1e-3,
                                 .log_scale = true}),
      field(&C::tolerance_change, {.name = "tolerance_change",
                                   .symbol = "tol_Δ",
                                   .help = "do not move when gᵀd > −this",
                                   .min = 1e-15,
                                   .max = 1e-3,
                                   .log_scale = true}),
  };
}

template <class T>
Lbfgs<T>::Lbfgs(const LbfgsConfig& config) : Method<T, LbfgsConfig>("lbfgs", config) {
  d_ = this->add_buffer("d");
  g_prev_ = this->add_buffer("g_prev");
  history_ = this->add_buffer("history");
  rho_ = this->add_buffer("rho");
  n_iter_ = this->add_scalar("n_iter", 0);
  t_prev_ = this->add_scalar("t_prev", 0);
  gamma_ = this->add_scalar("gamma", 1);
  count_ = this->add_scalar("history_count", 0);
  head_ = this->add_scalar("history_head", 0);
}

template <class T>
std::vector<RuleLine> Lbfgs<T>::rule() const {
  const bool wolfe = this->config().line_search == LbfgsLineSearch::strong_wolfe;
  return {
      {"g = ∇f(θ)", "g"},
      {"s = tₖ₋₁·dₖ₋₁   (kept, with r, when sᵀr > 10⁻¹⁰; the last m pairs)", "s"},
      {"r = g − gₖ₋₁", "r"},
      {"γ = sᵀr / rᵀr   (V₀ = γ·I)", "γ"},
      {"d = −V·g   (two-loop recursion over the m pairs)", "d"},
      {wolfe ? "t_k: strong Wolfe line search along d, from lr" : "t_k = lr   (first step: min(1, 1/‖g‖₁)·lr)", "t_k"},
      {"Δθ = t_k·d", "Δθ"},
      {"θ ← θ + Δθ", "θ"}};
}

// [SECTION] the ring of pairs -------------------------------------------------

template <class T>
long Lbfgs<T>::capacity(long n) const {
  return n > 0 ? this->buffer(history_).size() / (2 * n) : 0;
}

template <class T>
void Lbfgs<T>::linearize(long n) {
  const long head = static_cast<long>(this->scalar(head_));
  if (head == 0) return;
  Vec<T>& h = this->buffer(history_);
  Vec<T>& rho = this->buffer(rho_);
  // head ≠ 0 only once the ring is full, so every slot is in use.
  std::rotate(h.data(), h.data() + head * 2 * n, h.data() + h.size());
  std::rotate(rho.data(), rho.data() + head, rho.data() + rho.size());
  this->scalar(head_) = 0;
}

template <class T>
void Lbfgs<T>::trim(long n, long m) {
  const long count = static_cast<long>(this->scalar(count_));
  if (count <= m && capacity(n) <= m) return;
  linearize(n);
  Vec<T>& h = this->buffer(history_);
  Vec<T>& rho = this->buffer(rho_);
  const long keep = std::min(count, m);
  const long drop = count - keep;
  if (drop > 0) {
    std::copy(h.data() + drop * 2 * n, h.data() + count * 2 * n, h.data());
    std::copy(rho.data() + drop, rho.data() + count, rho.data());
  }
  h.conservativeResize(keep * 2 * n);
  rho.conservativeResize(keep);
  this->scalar(count_) = static_cast<double>(keep);
}

template <class T>
void Lbfgs<T>::push(const Vec<T>& s, const Vec<T>& r, double rho_value, long m) {
  const long n = s.size();
  trim(n, m);
  Vec<T>& h = this->buffer(history_);
  Vec<T>& rho = this->buffer(rho_);
  long count = static_cast<long>(this->scalar(count_));
  long cap = capacity(n);
  long slot;
  if (count < m) {
    if (count == cap) {  // grow geometrically, up to m pairs
      linearize(n);
      cap = std::min(m, std::max(1L, 2 * cap));
      h.conservativeResizeLike(Vec<T>::Zero(cap * 2 * n));  // unused slots are zeros, so
      rho.conservativeResizeLike(Vec<T>::Zero(cap));        // saved states compare bitwise
    }
    slot = count;  // head is 0 whenever the ring is not full
    this->scalar(count_) = static_cast<double>(count + 1);
  } else {  // full: overwrite the oldest
    const long head = static_cast<long>(this->scalar(head_));
    slot = head;
    this->scalar(head_) = static_cast<double>((head + 1) % cap);
  }
  h.segment(slot * 2 * n, n) = s;
  h.segment(slot * 2 * n + n, n) = r;
  rho[slot] = static_cast<T>(rho_value);
}

template <class T>
void Lbfgs<T>::two_loop(Vec<T>& q, Vec<T>& out) {
  const long n = q.size();
  const long count = static_cast<long>(this->scalar(count_));
  const long head = static_cast<long>(this->scalar(head_));
  const long cap = capacity(n);
  const Vec<T>& h = this->buffer(history_);
  const Vec<T>& rho = this->buffer(rho_);
  alpha_.assign(static_cast<std::size_t>(count), 0.0);
  for (long k = count - 1; k >= 0; --k) {  // newest to oldest
    const long slot = (head + k) % cap;
    const auto s = h.segment(slot * 2 * n, n);
    const auto r = h.segment(slot * 2 * n + n, n);
    const T a = s.dot(q) * rho[slot];
    alpha_[static_cast<std::size_t>(k)] = static_cast<double>(a);
    q -= a * r;
  }
  out = q * static_cast<T>(this->scalar(gamma_));
  for (long k = 0; k < count; ++k) {  // oldest to newest
    const long slot = (head + k) % cap;
    const auto s = h.segment(slot * 2 * n, n);
    const auto r = h.segment(slot * 2 * n + n, n);
    const T b = r.dot(out) * rho[slot];
    out += (static_cast<T>(alpha_[static_cast<std::size_t>(k)]) - b) * s;
  }
}

// [SECTION] the step ------------------------------------------------------------

template <class T>
void Lbfgs<T>::compute_step(Evaluator<T>& eval, Vec<T>& theta) {
  const T f = eval(theta, g_, "θ");
  this->show("g", g_, VectorKind::gradient);
  if (static_cast<double>(g_.template lpNorm<Eigen::Infinity>()) <= this->config().tolerance_grad) return;

  const long n = theta.size();
  Vec<T>& d = this->buffer(d_);
  Vec<T>& g_prev = this->buffer(g_prev_);
  double& n_iter = this->scalar(n_iter_);
  double& t_prev = this->scalar(t_prev_);
  double& gamma = this->scalar(gamma_);
  if (g_prev.size() != n) n_iter = 0;  // first step, or θ changed size
  n_iter += 1;

  if (n_iter == 1) {
    d = -g_;
    this->buffer(history_).resize(0);
    this->buffer(rho_).resize(0);
    this->scalar(count_) = 0;
    this->scalar(head_) = 0;
    gamma = 1;
    if (this->inspecting()) {  // no pair yet: the inspector shows s = r = 0
      this->show("s", Vec<T>::Zero(n).eval());
      this->show("r", Vec<T>::Zero(n).eval());
    }
  } else {
    r_ = g_ - g_prev;
    s_ = d * static_cast<T>(t_prev);
    const T sr = r_.dot(s_);
    if (sr > T(1e-10)) {
      push(s_, r_, static_cast<double>(T(1) / sr), static_cast<long>(this->config().history_size));
      gamma = static_cast<double>(sr / r_.dot(r_));
    }
    this->show("s", s_);
    this->show("r", r_);
    Vec<T> q = -g_;
    two_loop(q, d);
  }
  this->show("γ", gamma);
  this->show("d", d, VectorKind::descent_direction);
  if (this->inspecting() && n <= 16 && n_iter > 1) {  // V itself, column by column, for the lab's ellipse
    Mat<T> V(n, n);
    Vec<T> column(n);
    for (long j = 0; j < n; ++j) {
      Vec<T> e = Vec<T>::Unit(n, j);
      two_loop(e, column);
      V.col(j) = column;
    }
    this->show("V", V);
  }
  g_prev = g_;

  const double lr = this->lr();
  double t = n_iter == 1 ? std::min(1.0, 1.0 / static_cast<double>(g_.template lpNorm<1>())) * lr : lr;
  const double gtd = static_cast<double>(g_.dot(d));
  if (gtd > -this->config().tolerance_change) {  // not downhill enough: stay
    t_prev = t;
    this->show("t_k", 0.0);
    return;
  }
  if (this->config().line_search == LbfgsLineSearch::strong_wolfe && t > 0) {
    t = strong_wolfe(eval, theta, d, f, g_, t).t;  // torch's c₁, c₂, 25 evaluations, 1e-9
  }
  this->show("t_k", t);
  step_along(theta, t, d, theta);
  t_prev = t;
}

template class Lbfgs<float>;
template class Lbfgs<double>;

}  // namespace optim
