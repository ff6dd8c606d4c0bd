// lab/model/scene.hpp — what the optimizers race on: a surface from scenes/,
// or a formula typed at run time, with optional mini-batch-like gradient noise.
//
//   g̃ = ∇f(θ) + σ·ξ,   ξ ~ N(0, I)
// The noise (scenes::NoisyObjective) is a pure function of (seed, step,
// evaluation within the step), so every replay — step back and forward, an edit mid-run, loading a saved
// experiment — sees the same "mini-batches". Runners share them: two methods
// compared on the same noise is a fair race.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "scenes/surface.hpp"

namespace lab::model {

struct SceneSpec {
  std::string surface = "rosenbrock";  // a name from scenes::surface_names()
  std::string formula;                 // non-empty: a custom surface f(x, y) instead
  double noise = 0;                    // σ of the gradient noise, ≥ 0
  std::uint64_t seed = 1;

  bool operator==(const SceneSpec&) const = default;
};

// The surface the spec names. Throws std::invalid_argument with a readable
// message for an unknown name or a formula that does not parse.
std::unique_ptr<scenes::Surface> build_surface(const SceneSpec& spec);

}  // namespace lab::model
