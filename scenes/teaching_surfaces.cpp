// The course's surfaces: Rosenbrock, the ill-conditioned valley, the two
// saddles and the double well. See builtin_surfaces.hpp for the table.
#include <cmath>

#include "scenes/analytic_surface.hpp"
#include "scenes/builtin_surfaces.hpp"

namespace scenes {

namespace {

// (1 − x)² + 100·(y − x²)²: "non-convex, one global minimum" in a curved valley.
struct Rosenbrock {
  template <class S>
  static S f(const S& x, const S& y) {
    return sq(1 - x) + 100 * sq(y - sq(x));
  }
};

// 0.5·(x² + 50·y²): ∇²f = diag(1, 50), condition number κ = 50. SGD with
// ε ∈ (1/50, 2/50) = (0.02, 0.04) zig-zags across the valley (y ← (1 − 50ε)·y
// flips sign) while x creeps down it (x ← (1 − ε)·x); ε > 0.04 diverges.
struct QuadraticValley {
  static constexpr double kSteep = 50;
  template <class S>
  static S f(const S& x, const S& y) {
    return 0.5 * (sq(x) + kSteep * sq(y));
  }
};

// x² − y²: a saddle point at the origin; unbounded below.
struct Saddle {
  template <class S>
  static S f(const S& x, const S& y) {
    return sq(x) - sq(y);
  }
};

// x³ − 3·x·y²: three valleys meet at the origin, where ∇f = 0 and ∇²f = 0.
struct MonkeySaddle {
  template <class S>
  static S f(const S& x, const S& y) {
    return ipow(x, 3) - 3 * x * sq(y);
  }
};

// (x² − 1)² + 0.3·x + y²: a quartic double well tilted by 0.3·x. The minima
// lie on y = 0 at the roots of ∂f/∂x = 4x³ − 4x + 0.3 = 0 with f″ > 0:
//   global  x = −1.0355787140888537414, f = −0.30542848374391597437
//   local   x =  0.96014955551910552146, f =  0.29414648102826284621
// between them a saddle at x = 0.075429158569748219958, f = 1.0112820027156531282
// (a barrier of ≈ 0.717 above the local minimum). From the start (1.8, 1),
// gradient descent stops in the local well; momentum α = 0.9 with
// ε = 0.01 rolls over the barrier into the global one.
struct DoubleWell {
  template <class S>
  static S f(const S& x, const S& y) {
    return sq(sq(x) - 1) + 0.3 * x + sq(y);
  }
};

}  // namespace

std::unique_ptr<Surface> make_rosenbrock() {
  return std::make_unique<AnalyticSurface<Rosenbrock>>(SurfaceInfo{
      .name = "rosenbrock",
      .title = "Rosenbrock",
      .formula = "(1 − x)² + 100·(y − x²)²",
      .minima = {{.x = 1, .y = 1, .f = 0, .global = true}},
      .start = {-1.2, 1},
      .view = {.x_min = -2, .x_max = 2, .y_min = -1, .y_max = 3},
  });
}

std::unique_ptr<Surface> make_quadratic_valley() {
  return std::make_unique<AnalyticSurface<QuadraticValley>>(SurfaceInfo{
      .name = "quadratic_valley",
      .title = "Quadratic valley",
      .formula = "0.5·(x² + 50·y²)",
      .minima = {{.x = 0, .y = 0, .f = 0, .global = true}},
      .start = {-4.5, 1.5},
      .view = {.x_min = -5, .x_max = 5, .y_min = -2, .y_max = 2},
  });
}

std::unique_ptr<Surface> make_saddle() {
  return std::make_unique<AnalyticSurface<Saddle>>(SurfaceInfo{
      .name = "saddle",
      .title = "Saddle",
      .formula = "x² − y²",
      .minima = {},
      .start = {-1.8, 0.05},
      .view = {.x_min = -2, .x_max = 2, .y_min = -2, .y_max = 2},
  });
}

std::unique_ptr<Surface> make_monkey_saddle() {
  return std::make_unique<AnalyticSurface<MonkeySaddle>>(SurfaceInfo{
      .name = "monkey_saddle",
      .title = "Monkey saddle",
      .formula = "x³ − 3·x·y²",
      .minima = {},
      .start = {1.5, 0.2},
      .view = {.x_min = -2, .x_max = 2, .y_min = -2, .y_max = 2},
  });
}

std::unique_ptr<Surface> make_double_well() {
  return std::make_unique<AnalyticSurface<DoubleWell>>(SurfaceInfo{
      .name = "double_well",
      .title = "Double well",
      .formula = "(x² − 1)² + 0.3·x + y²",
      .minima = {{.x = -1.0355787140888537414, .y = 0, .f = -0.30542848374391597437, .global = true},
                 {.x = 0.96014955551910552146, .y = 0, .f = 0.29414648102826284621, .global = false}},
      .start = {1.8, 1},
      .view = {.x_min = -2, .x_max = 2, .y_min = -1.5, .y_max = 1.5},
  });
}

}  // namespace scenes
