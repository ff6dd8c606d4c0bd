// lab/model/scene.hpp — what the optimizers race on: a surface from scenes/,
// or a formula typed at run time, with optional mini-batch-like gradient noise.
//
//   g̃ = ∇f(θ) + σ·ξ,   ξ ~ N(0, I)
// The noise is a pure function of (seed, step, evaluation within the step),
// so every replay — step back and forward, an edit mid-run, loading a saved
// experiment — sees the same "mini-batches". Runners share them: two methods
// compared on the same noise is a fair race.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "optim/objective.hpp"
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

// The objective one runner's optimizer sees during one step.
class NoisyObjective final : public optim::Objective<double> {
 public:
  NoisyObjective(scenes::Surface& surface, double sigma, std::uint64_t seed)
      : surface_(surface), sigma_(sigma), seed_(seed) {}

  // Call before each step k → k+1: the noise is keyed by that step.
  void begin_step(std::int64_t step) {
    step_ = step;
    call_ = 0;
  }

  double value_and_gradient(const optim::Vec<double>& theta, optim::Vec<double>& g) override;
  bool has_hessian() const override { return true; }
  void hessian(const optim::Vec<double>& theta, optim::Mat<double>& H) override { surface_.hessian(theta, H); }

 private:
  scenes::Surface& surface_;
  double sigma_;
  std::uint64_t seed_;
  std::int64_t step_ = 0;
  std::uint64_t call_ = 0;
};

}  // namespace lab::model
