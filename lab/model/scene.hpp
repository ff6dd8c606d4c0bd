// lab/model/scene.hpp — what the optimizers race on: a surface from scenes/,
// a formula typed at run time, or a small network learning a data set.
//
// On a surface, optional mini-batch-like gradient noise:
//   g̃ = ∇f(θ) + σ·ξ,   ξ ~ N(0, I)
// The noise (scenes::NoisyObjective) is a pure function of (seed, step,
// evaluation within the step), so every replay — step back and forward, an edit mid-run, loading a saved
// experiment — sees the same "mini-batches". Runners share them: two methods
// compared on the same noise is a fair race.
//
// A network (scenes::MlpProblem) has real mini-batches instead: batch k at
// step k for every runner, from the batch seed; its weights start from the
// init seed, the same θ₀ for every runner.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "lab/model/problem.hpp"
#include "scenes/mlp_problem.hpp"
#include "scenes/network_datasets.hpp"
#include "scenes/surface.hpp"

namespace lab::model {

inline constexpr double kMaxInitScale = 10;

struct NetworkSpec {
  scenes::DatasetSpec data;  // a generated set: name, points, noise, split, classes, seed
  scenes::MlpSpec model;     // hidden layers, activation, features, L2, batch size, init and batch seeds
  // θ₀ = the init seed's weights × init_scale: 1 is Glorot's scale; a small
  // one starts near zero weights (a deep linear net's saddle).
  double init_scale = 1;
  // The user's own points (a CSV) in place of a generated set; null for one.
  std::shared_ptr<const scenes::NetworkDataset> points;

  bool operator==(const NetworkSpec& other) const;
};

struct SceneSpec {
  std::string surface = "rosenbrock";  // a name from scenes::surface_names()
  std::string formula;                 // non-empty: a custom surface f(x, y) instead
  double noise = 0;                    // σ of the gradient noise, ≥ 0
  std::uint64_t seed = 1;
  std::optional<NetworkSpec> network;  // set: a small network instead of any surface

  bool operator==(const SceneSpec&) const = default;
};

// The surface the spec names. Throws std::invalid_argument with a readable
// message for an unknown name or a formula that does not parse.
std::unique_ptr<scenes::Surface> build_surface(const SceneSpec& spec);

// The data set a network scene learns (generated, or the user's points).
// Throws std::invalid_argument naming the bad field.
scenes::NetworkDataset build_dataset(const NetworkSpec& spec);

// What the runners of the scene step on; a surface in its own view (the
// experiment sets its view afterwards). Throws std::invalid_argument with a
// readable message, as build_surface and scenes::MlpProblem do.
std::unique_ptr<Problem> build_problem(const SceneSpec& spec);

}  // namespace lab::model
