// scenes/minima.hpp — locating a surface's minima numerically.
//
// Used where minima have no closed form worth writing down: the lattice of
// local minima of Rastrigin and Ackley, and the minima of a formula typed at
// run time.
//
// refine_minimum: damped Newton from a seed,
//   d = −(∇²f + μ·I)⁻¹·∇f,   μ = 0 when ∇²f is positive definite, else
//                             μ = |λ_min(∇²f)| + 1e-3·(1 + ‖∇²f‖)
//   x ← x + t·d,             t halved until f decreases (Armijo, c = 1e-4)
// It returns a minimum when ‖∇f‖ ends ≤ 1e-7·(1 + |f|) and ∇²f is positive
// semidefinite (λ_min ≥ −1e-8·(1 + ‖∇²f‖)) there, else nothing.
#pragma once

#include <Eigen/Core>
#include <optional>
#include <vector>

#include "scenes/surface.hpp"

namespace scenes {

std::optional<Minimum> refine_minimum(const Surface& s, Eigen::Vector2d seed);

// The grid points of an n × n grid over the view where f is no larger than at
// any of the 8 neighbours and smaller than at one at least: Newton seeds.
std::vector<Eigen::Vector2d> grid_seeds(const Surface& s, int n);

// Refines every seed, keeps the minima inside the view, merges duplicates
// (closer than 1e-6 of the view's size) and marks as global those within
// 1e-9·(1 + |f|) of the lowest f. Sorted by f, lowest first.
std::vector<Minimum> find_minima(const Surface& s, const std::vector<Eigen::Vector2d>& seeds);

}  // namespace scenes
