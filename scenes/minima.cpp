#include "scenes/minima.hpp"

#include <algorithm>
#include <cmath>

namespace scenes {

namespace {

bool inside(const View& v, const Eigen::Vector2d& p) {
  return p.x() >= v.x_min && p.x() <= v.x_max && p.y() >= v.y_min && p.y() <= v.y_max;
}

// λ_min of a symmetric 2 × 2 matrix [[a, b], [b, c]].
double smallest_eigenvalue(const Eigen::Matrix2d& H) {
  const double m = 0.5 * (H(0, 0) + H(1, 1)), h = 0.5 * (H(0, 0) - H(1, 1));
  return m - std::hypot(h, H(0, 1));
}

}  // namespace

std::optional<Minimum> refine_minimum(const Surface& s, Eigen::Vector2d seed) {
  constexpr int kMaxIterations = 200;
  Eigen::Vector2d x = seed, g;
  double f = s.value_gradient(x.x(), x.y(), g);
  if (!std::isfinite(f)) return std::nullopt;
  for (int it = 0; it < kMaxIterations; ++it) {
    if (g.norm() <= 1e-13 * (1 + std::abs(f))) break;
    const Eigen::Matrix2d H = s.hessian(x.x(), x.y());
    if (!H.allFinite()) return std::nullopt;
    const double lmin = smallest_eigenvalue(H), scale = 1 + H.norm();
    double mu = 0;
    if (lmin <= 1e-12 * scale) mu = std::abs(lmin) + 1e-3 * scale;
    // d = −(H + μ·I)⁻¹·g, the 2 × 2 inverse written out (H + μ·I is positive definite).
    const double a = H(0, 0) + mu, b = H(0, 1), c = H(1, 1) + mu, det = a * c - b * b;
    const Eigen::Vector2d d(-(c * g.x() - b * g.y()) / det, -(a * g.y() - b * g.x()) / det);
    const double slope = g.dot(d);
    double t = 1;
    Eigen::Vector2d xn, gn;
    double fn = f;
    bool moved = false;
    for (int k = 0; k < 60; ++k, t *= 0.5) {
      xn = x + t * d;
      fn = s.value_gradient(xn.x(), xn.y(), gn);
      if (std::isfinite(fn) && fn <= f + 1e-4 * t * slope) {
        moved = true;
        break;
      }
    }
    // At a minimum to rounding, no step lowers f: keep x and judge it.
    if (!moved) break;
    const bool tiny = (xn - x).norm() <= 1e-15 * (1 + x.norm());
    x = xn;
    f = fn;
    g = gn;
    if (tiny) break;
  }
  if (g.norm() > 1e-7 * (1 + std::abs(f))) return std::nullopt;
  const Eigen::Matrix2d H = s.hessian(x.x(), x.y());
  if (smallest_eigenvalue(H) < -1e-8 * (1 + H.norm())) return std::nullopt;
  return Minimum{.x = x.x(), .y = x.y(), .f = f, .global = false};
}

std::vector<Eigen::Vector2d> grid_seeds(const Surface& s, int n) {
  const View v = s.view();
  std::vector<double> f(static_cast<std::size_t>(n * n));
  auto at = [&](int i, int j) -> double& { return f[static_cast<std::size_t>(i * n + j)]; };
  auto point = [&](int i, int j) {
    return Eigen::Vector2d(v.x_min + (v.x_max - v.x_min) * i / (n - 1), v.y_min + (v.y_max - v.y_min) * j / (n - 1));
  };
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const Eigen::Vector2d p = point(i, j);
      at(i, j) = s.value(p.x(), p.y());
    }
  std::vector<Eigen::Vector2d> seeds;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double c = at(i, j);
      if (!std::isfinite(c)) continue;
      bool lowest = true, below_one = false;
      for (int di = -1; di <= 1; ++di)
        for (int dj = -1; dj <= 1; ++dj) {
          const int a = i + di, b = j + dj;
          if ((di == 0 && dj == 0) || a < 0 || b < 0 || a >= n || b >= n) continue;
          if (at(a, b) < c) lowest = false;
          if (at(a, b) > c) below_one = true;
        }
      if (lowest && below_one) seeds.push_back(point(i, j));
    }
  return seeds;
}

std::vector<Minimum> find_minima(const Surface& s, const std::vector<Eigen::Vector2d>& seeds) {
  const View v = s.view();
  const double merge = 1e-6 * std::hypot(v.x_max - v.x_min, v.y_max - v.y_min);
  std::vector<Minimum> found;
  for (const Eigen::Vector2d& seed : seeds) {
    const std::optional<Minimum> m = refine_minimum(s, seed);
    if (!m || !inside(v, {m->x, m->y})) continue;
    const bool seen = std::any_of(found.begin(), found.end(),
                                  [&](const Minimum& o) { return std::hypot(o.x - m->x, o.y - m->y) <= merge; });
    if (!seen) found.push_back(*m);
  }
  std::sort(found.begin(), found.end(), [](const Minimum& a, const Minimum& b) { return a.f < b.f; });
  if (!found.empty()) {
    const double lowest = found.front().f;
    for (Minimum& m : found) m.global = m.f <= lowest + 1e-9 * (1 + std::abs(lowest));
  }
  return found;
}

}  // namespace scenes
