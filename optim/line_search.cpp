// optim/line_search.cpp — strong Wolfe (bracket + zoom) and Armijo backtracking.
#include "optim/line_search.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

namespace optim {

HyperSpec c2_spec() {
  return {.name = "c2",
          .symbol = "c₂",
          .help = "line search curvature constant: |φ'(t)| ≤ c₂·|φ'(0)|",
          .min = 0.01,
          .max = 0.99,
          .hard_min = 1e-3,  // above c₁ = 10⁻⁴
          .hard_max = 0.999};
}

double cubic_minimizer(double t1, double f1, double d1, double t2, double f2, double d2, double lo, double hi) {
  const double mid = (lo + hi) / 2;
  if (t1 == t2 || !std::isfinite(f1) || !std::isfinite(f2) || !std::isfinite(d1) || !std::isfinite(d2)) return mid;
  // N&W (3.59), written for either order of t1 and t2.
  const double a = d1 + d2 - 3 * (f1 - f2) / (t1 - t2);
  const double disc = a * a - d1 * d2;
  if (disc < 0) return mid;
  const double b = std::sqrt(disc);
  const double t = t1 <= t2 ? t2 - (t2 - t1) * ((d2 + b - a) / (d2 - d1 + 2 * b))
                            : t1 - (t1 - t2) * ((d1 + b - a) / (d1 - d2 + 2 * b));
  if (!std::isfinite(t)) return mid;
  return std::min(std::max(t, lo), hi);
}

template <class T>
void step_along(const Vec<T>& theta, double t, const Vec<T>& d, Vec<T>& out) {
  out = theta + static_cast<T>(t) * d;
}

namespace {

// One point on the line: t, φ(t), φ'(t) and the gradient there.
template <class T>
struct Point {
  double t = 0;
  double f = 0;
  double gtd = 0;
  Vec<T> g;
};

// Evaluates φ at t through the evaluator, labelled "line search k".
template <class T>
class Line {
 public:
  Line(Evaluator<T>& eval, const Vec<T>& theta, const Vec<T>& d) : eval_(eval), theta_(theta), d_(d) {}
  Point<T> at(double t) {
    Point<T> p;
    p.t = t;
    step_along(theta_, t, d_, x_);
    ++count_;
    const std::string label = "line search " + std::to_string(count_);
    p.f = static_cast<double>(eval_(x_, p.g, label.c_str(), ProbeKind::line_search));
    p.gtd = static_cast<double>(p.g.dot(d_));
    return p;
  }
  int count() const { return count_; }

 private:
  Evaluator<T>& eval_;
  const Vec<T>& theta_;
  const Vec<T>& d_;
  Vec<T> x_;
  int count_ = 0;
};

template <class T>
LineSearchResult<T> result(Point<T>& p, int evaluations, bool ok) {
  LineSearchResult<T> out;
  out.t = p.t;
  out.f = p.f;
  out.g = std::move(p.g);
  out.gtd = p.gtd;
  out.evaluations = evaluations;
  out.wolfe = ok;
  return out;
}

}  // namespace

template <class T>
LineSearchResult<T> strong_wolfe(Evaluator<T>& eval, const Vec<T>& theta, const Vec<T>& d, T f, const Vec<T>& g,
                                 double t0, const WolfeOptions& o) {
  const double f0 = static_cast<double>(f);
  const double gtd0 = static_cast<double>(g.dot(d));
  const double d_norm = static_cast<double>(d.template lpNorm<Eigen::Infinity>());
  if (!(t0 > 0) || !std::isfinite(t0)) t0 = 1;
  Line<T> line(eval, theta, d);
  auto armijo = [&](const Point<T>& p) {
    return std::isfinite(p.f) && std::isfinite(p.gtd) && p.f <= f0 + o.c1 * p.t * gtd0;
  };
  auto curvature = [&](const Point<T>& p) { return std::abs(p.gtd) <= -o.c2 * gtd0; };

  Point<T> start{0, f0, gtd0, g};
  if (!(gtd0 < 0)) return result(start, 0, false);  // not a descent direction: stay

  // Bracketing (N&W Alg. 3.5): grow t until [lo, hi] holds acceptable points.
  Point<T> prev = start;
  Point<T> lo, hi;
  double t = t0;
  for (;;) {
    Point<T> cur = line.at(t);
    if (!armijo(cur) || (line.count() > 1 && cur.f >= prev.f)) {
      lo = std::move(prev);
      hi = std::move(cur);
      break;
    }
    if (curvature(cur)) return result(cur, line.count(), true);
    if (cur.gtd >= 0) {
      lo = std::move(cur);
      hi = std::move(prev);
      break;
    }
    if (line.count() >= o.max_evaluations) return result(cur, line.count(), false);
    const double next =
        cubic_minimizer(prev.t, prev.f, prev.gtd, cur.t, cur.f, cur.gtd, cur.t + 0.01 * (cur.t - prev.t), 10 * cur.t);
    prev = std::move(cur);
    t = next;
  }

  // Zoom (N&W Alg. 3.6): lo satisfies Armijo with the least f seen; the
  // minimizer lies between lo and hi. Interpolate, keeping 10% from the ends.
  bool insufficient = false;
  while (line.count() < o.max_evaluations) {
    if (std::abs(hi.t - lo.t) * d_norm < o.tolerance_change) break;
    const double a = std::min(lo.t, hi.t);
    const double b = std::max(lo.t, hi.t);
    double trial = cubic_minimizer(lo.t, lo.f, lo.gtd, hi.t, hi.f, hi.gtd, a, b);
    const double margin = 0.1 * (b - a);
    if (std::min(b - trial, trial - a) < margin) {
      if (insufficient || trial >= b || trial <= a) {
        trial = std::abs(trial - b) < std::abs(trial - a) ? b - margin : a + margin;
        insufficient = false;
      } else {
        insufficient = true;
      }
    } else {
      insufficient = false;
    }
    Point<T> cur = line.at(trial);
    if (!armijo(cur) || cur.f >= lo.f) {
      hi = std::move(cur);
    } else {
      if (curvature(cur)) return result(cur, line.count(), true);
      if (cur.gtd * (hi.t - lo.t) >= 0) hi = std::move(lo);
      lo = std::move(cur);
    }
  }
  // Out of evaluations or bracket: the best acceptable point (t = 0: none).
  return result(lo, line.count(), false);
}

template <class T>
LineSearchResult<T> backtracking(Evaluator<T>& eval, const Vec<T>& theta, const Vec<T>& d, T f, const Vec<T>& g,
                                 double t0, const ArmijoOptions& o) {
  const double f0 = static_cast<double>(f);
  const double gtd0 = static_cast<double>(g.dot(d));
  if (!(t0 > 0) || !std::isfinite(t0)) t0 = 1;
  Point<T> start{0, f0, gtd0, g};
  if (!(gtd0 < 0)) return result(start, 0, false);
  Line<T> line(eval, theta, d);
  double t = t0;
  while (line.count() < o.max_evaluations) {
    Point<T> cur = line.at(t);
    if (std::isfinite(cur.f) && cur.f <= f0 + o.c1 * t * gtd0) return result(cur, line.count(), true);
    // Minimizer of the quadratic q(0) = φ(0), q'(0) = φ'(0), q(t) = φ(t), kept in [0.1·t, 0.5·t].
    double next = 0.5 * t;
    if (std::isfinite(cur.f)) {
      const double q = -gtd0 * t * t / (2 * (cur.f - f0 - gtd0 * t));
      if (std::isfinite(q)) next = std::min(std::max(q, 0.1 * t), 0.5 * t);
    }
    t = next;
  }
  return result(start, line.count(), false);
}

#define DESCENT_LINE_SEARCH(T)                                                                                        \
  template void step_along<T>(const Vec<T>&, double, const Vec<T>&, Vec<T>&);                                         \
  template LineSearchResult<T> strong_wolfe<T>(Evaluator<T>&, const Vec<T>&, const Vec<T>&, T, const Vec<T>&, double, \
                                               const WolfeOptions&);                                                  \
  template LineSearchResult<T> backtracking<T>(Evaluator<T>&, const Vec<T>&, const Vec<T>&, T, const Vec<T>&, double, \
                                               const ArmijoOptions&);
DESCENT_LINE_SEARCH(float)
DESCENT_LINE_SEARCH(double)
#undef DESCENT_LINE_SEARCH

}  // namespace optim
