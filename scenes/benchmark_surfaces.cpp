// Classic optimization benchmarks with exactly known minima: Beale, Booth,
// Himmelblau, six-hump camel and Goldstein–Price. Minima to 17+ digits from a
// 40-digit Newton solve (mpmath); tests/scenes checks ∇f = 0 and ∇²f ⪰ 0.
#include "scenes/analytic_surface.hpp"
#include "scenes/builtin_surfaces.hpp"

namespace scenes {

namespace {

struct Beale {
  template <class S>
  static S f(const S& x, const S& y) {
    return sq(1.5 - x + x * y) + sq(2.25 - x + x * sq(y)) + sq(2.625 - x + x * ipow(y, 3));
  }
};

struct Booth {
  template <class S>
  static S f(const S& x, const S& y) {
    return sq(x + 2 * y - 7) + sq(2 * x + y - 5);
  }
};

struct Himmelblau {
  template <class S>
  static S f(const S& x, const S& y) {
    return sq(sq(x) + y - 11) + sq(x + sq(y) - 7);
  }
};

struct SixHumpCamel {
  template <class S>
  static S f(const S& x, const S& y) {
    const S x2 = sq(x), y2 = sq(y);
    return (4 - 2.1 * x2 + sq(x2) / 3) * x2 + x * y + (-4 + 4 * y2) * y2;
  }
};

struct GoldsteinPrice {
  template <class S>
  static S f(const S& x, const S& y) {
    const S a = 1 + sq(x + y + 1) * (19 - 14 * x + 3 * sq(x) - 14 * y + 6 * x * y + 3 * sq(y));
    const S b = 30 + sq(2 * x - 3 * y) * (18 - 32 * x + 12 * sq(x) + 48 * y - 36 * x * y + 27 * sq(y));
    return a * b;
  }
};

}  // namespace

std::unique_ptr<Surface> make_beale() {
  return std::make_unique<AnalyticSurface<Beale>>(SurfaceInfo{
      .name = "beale",
      .title = "Beale",
      .formula = "(1.5 − x + x·y)² + (2.25 − x + x·y²)² + (2.625 − x + x·y³)²",
      .minima = {{.x = 3, .y = 0.5, .f = 0, .global = true}},
      .start = {1, 1.5},
      .view = {.x_min = -4.5, .x_max = 4.5, .y_min = -4.5, .y_max = 4.5},
  });
}

std::unique_ptr<Surface> make_booth() {
  return std::make_unique<AnalyticSurface<Booth>>(SurfaceInfo{
      .name = "booth",
      .title = "Booth",
      .formula = "(x + 2·y − 7)² + (2·x + y − 5)²",
      .minima = {{.x = 1, .y = 3, .f = 0, .global = true}},
      .start = {-3, -1},
      .view = {.x_min = -4, .x_max = 6, .y_min = -2, .y_max = 8},
  });
}

std::unique_ptr<Surface> make_himmelblau() {
  return std::make_unique<AnalyticSurface<Himmelblau>>(SurfaceInfo{
      .name = "himmelblau",
      .title = "Himmelblau",
      .formula = "(x² + y − 11)² + (x + y² − 7)²",
      .minima = {{.x = 3, .y = 2, .f = 0, .global = true},
                 {.x = -2.8051180869527448531, .y = 3.1313125182505729658, .f = 0, .global = true},
                 {.x = -3.7793102533777468919, .y = -3.2831859912861694123, .f = 0, .global = true},
                 {.x = 3.5844283403304917449, .y = -1.8481265269644035535, .f = 0, .global = true}},
      .start = {0, 0},
      .view = {.x_min = -5, .x_max = 5, .y_min = -5, .y_max = 5},
  });
}

std::unique_ptr<Surface> make_six_hump_camel() {
  constexpr double kX1 = 0.089842013100318062422, kY1 = 0.7126564030207396334;
  constexpr double kF1 = -1.0316284534898773504;
  constexpr double kX2 = 1.7036067149699808488, kY2 = 0.79608356867262511903;
  constexpr double kF2 = -0.21546382438371763758;
  constexpr double kX3 = 1.6071047529201972298, kY3 = 0.56865145488413137139;
  constexpr double kF3 = 2.1042503103112582746;
  return std::make_unique<AnalyticSurface<SixHumpCamel>>(SurfaceInfo{
      .name = "six_hump_camel",
      .title = "Six-hump camel",
      .formula = "(4 − 2.1·x² + x⁴/3)·x² + x·y + (−4 + 4·y²)·y²",
      .minima = {{.x = kX1, .y = -kY1, .f = kF1, .global = true},
                 {.x = -kX1, .y = kY1, .f = kF1, .global = true},
                 {.x = kX2, .y = -kY2, .f = kF2, .global = false},
                 {.x = -kX2, .y = kY2, .f = kF2, .global = false},
                 {.x = kX3, .y = kY3, .f = kF3, .global = false},
                 {.x = -kX3, .y = -kY3, .f = kF3, .global = false}},
      .start = {-1.5, -1},
      .view = {.x_min = -2.5, .x_max = 2.5, .y_min = -1.5, .y_max = 1.5},
  });
}

std::unique_ptr<Surface> make_goldstein_price() {
  return std::make_unique<AnalyticSurface<GoldsteinPrice>>(SurfaceInfo{
      .name = "goldstein_price",
      .title = "Goldstein–Price",
      .formula = "[1 + (x + y + 1)²·(19 − 14·x + 3·x² − 14·y + 6·x·y + 3·y²)]"
                 "·[30 + (2·x − 3·y)²·(18 − 32·x + 12·x² + 48·y − 36·x·y + 27·y²)]",
      .minima = {{.x = 0, .y = -1, .f = 3, .global = true},
                 {.x = -0.6, .y = -0.4, .f = 30, .global = false},
                 {.x = 1.8, .y = 0.2, .f = 84, .global = false},
                 {.x = 1.2, .y = 0.8, .f = 840, .global = false}},
      .start = {-1, 0},
      .view = {.x_min = -2, .x_max = 2, .y_min = -2, .y_max = 2},
  });
}

}  // namespace scenes
