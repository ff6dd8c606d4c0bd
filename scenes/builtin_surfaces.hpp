// scenes/builtin_surfaces.hpp — the built-in test surfaces, one factory each.
//
// Most callers want make_surface(name) from surface.hpp; these are what it
// dispatches to. Exact minima are recorded to 17 significant digits
// (computed with 40-digit Newton in mpmath; tests/scenes checks them).
//
// From the course (teaching_surfaces.cpp):
//   rosenbrock        (1 − x)² + 100·(y − x²)²          min (1, 1), f = 0
//   quadratic_valley  0.5·(x² + 50·y²)                   min (0, 0), κ = 50
//   saddle            x² − y²                            no minimum
//   monkey_saddle     x³ − 3·x·y²                        no minimum
//   double_well       (x² − 1)² + 0.3·x + y²             global x ≈ −1.0356, local x ≈ 0.9601
// Classic optimization benchmarks (benchmark_surfaces.cpp):
//   beale, booth, himmelblau, six_hump_camel, goldstein_price
// Many local minima (multimodal_surfaces.cpp):
//   rastrigin, ackley — every local minimum in the view, refined by Newton.
// Small networks with two weights, their loss over a fixed data set (network_surfaces.cpp):
//   neuron            mean BCE of σ(w·x + b), 12 points   min ≈ (1.3217, −2.7078), f ≈ 0.4051
//   tiny_net          mean (v·tanh(w·x) − tanh(1.5x))²     min (±1.5, ±1), f = 0; saddle at (0, 0)
#pragma once

#include <memory>

#include "scenes/surface.hpp"

namespace scenes {

std::unique_ptr<Surface> make_rosenbrock();
std::unique_ptr<Surface> make_quadratic_valley();
std::unique_ptr<Surface> make_saddle();
std::unique_ptr<Surface> make_monkey_saddle();
std::unique_ptr<Surface> make_double_well();

std::unique_ptr<Surface> make_beale();
std::unique_ptr<Surface> make_booth();
std::unique_ptr<Surface> make_himmelblau();
std::unique_ptr<Surface> make_six_hump_camel();
std::unique_ptr<Surface> make_goldstein_price();

std::unique_ptr<Surface> make_rastrigin();
std::unique_ptr<Surface> make_ackley();

std::unique_ptr<Surface> make_neuron();
std::unique_ptr<Surface> make_tiny_net();

}  // namespace scenes
