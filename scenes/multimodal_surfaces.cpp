// Surfaces with a lattice of local minima: Rastrigin and Ackley. Each has its
// global minimum f = 0 at the origin and one local minimum near every integer
// point (i, j) of the view, pulled slightly towards the origin; those are
// found at construction by Newton's method seeded at the integer points.
#include <cmath>
#include <numbers>

#include "scenes/analytic_surface.hpp"
#include "scenes/builtin_surfaces.hpp"
#include "scenes/minima.hpp"

namespace scenes {

namespace {

constexpr double kTwoPi = 2 * std::numbers::pi;

struct Rastrigin {
  template <class S>
  static S f(const S& x, const S& y) {
    using std::cos;
    return 20 + sq(x) - 10 * cos(kTwoPi * x) + sq(y) - 10 * cos(kTwoPi * y);
  }
};

// The cone term −20·exp(−0.2·r), r = √(0.5·(x² + y²)), has no derivative at
// the origin (its tip). There we take its gradient and Hessian as 0, the
// minimal-norm subgradient, so the global minimum reports ∇f = 0.
struct Ackley {
  template <class S>
  static S f(const S& x, const S& y) {
    using std::cos;
    using std::exp;
    using std::sqrt;
    const S r2 = 0.5 * (sq(x) + sq(y));
    const S cone = value_of(r2) > 0 ? -20 * exp(-0.2 * sqrt(r2)) : S(-20.0);
    return cone - exp(0.5 * (cos(kTwoPi * x) + cos(kTwoPi * y))) + std::numbers::e + 20;
  }
};

// The integer points of the view: seeds for the lattice of local minima.
std::vector<Eigen::Vector2d> integer_points(const View& v) {
  std::vector<Eigen::Vector2d> seeds;
  for (double i = std::ceil(v.x_min); i <= v.x_max; ++i)
    for (double j = std::ceil(v.y_min); j <= v.y_max; ++j) seeds.emplace_back(i, j);
  return seeds;
}

template <class Shape>
std::unique_ptr<Surface> with_lattice_minima(SurfaceInfo info) {
  auto s = std::make_unique<AnalyticSurface<Shape>>(std::move(info));
  s->set_minima(find_minima(*s, integer_points(s->view())));
  return s;
}

}  // namespace

std::unique_ptr<Surface> make_rastrigin() {
  return with_lattice_minima<Rastrigin>(SurfaceInfo{
      .name = "rastrigin",
      .title = "Rastrigin",
      .formula = "20 + x² − 10·cos(2πx) + y² − 10·cos(2πy)",
      .minima = {},
      .start = {-3.3, 2.6},
      .view = {.x_min = -5.12, .x_max = 5.12, .y_min = -5.12, .y_max = 5.12},
  });
}

std::unique_ptr<Surface> make_ackley() {
  return with_lattice_minima<Ackley>(SurfaceInfo{
      .name = "ackley",
      .title = "Ackley",
      .formula = "−20·exp(−0.2·√(0.5·(x² + y²))) − exp(0.5·(cos 2πx + cos 2πy)) + e + 20",
      .minima = {},
      .start = {-3.2, 2.7},
      .view = {.x_min = -5, .x_max = 5, .y_min = -5, .y_max = 5},
  });
}

}  // namespace scenes
