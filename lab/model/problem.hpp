// lab/model/problem.hpp — what a runner steps on: a point θ ∈ ℝⁿ and the
// objective of each step.
//
// A runner (runner.hpp) knows nothing of surfaces or networks. It asks its
// problem four things:
//   - the dimension n and the start θ₀;
//   - the objective of the step from θ_{k−1} to θ_k, a pure function of k
//     (and of the runner's own batch size, on a network): a surface plus
//     gradient noise keyed by k, or a network's loss on batch k.
//     Replaying step k from a saved state therefore repeats it bit for bit;
//   - the noise-free value at θ (the surface's f, the network's training loss
//     over the whole training set) and the problem's other per-step numbers;
//   - whether θ has escaped for good (it then stops as diverged).
// A surface is the case n = 2 (SurfaceProblem); a small network is the same
// runner with n in the tens to thousands (NetworkProblem).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "optim/objective.hpp"
#include "scenes/mlp_problem.hpp"
#include "scenes/noisy_objective.hpp"
#include "scenes/surface.hpp"

namespace lab::model {

// A surface's runner stops when it is farther than this many view sizes away.
inline constexpr double kEscapeFactor = 1e6;

// A named slice of θ: one layer's weights and biases.
struct ParameterBlock {
  std::string name;  // "layer 1"
  long offset = 0;
  long size = 0;
};

class Problem {
 public:
  virtual ~Problem() = default;

  virtual long dimension() const = 0;
  virtual optim::Vec<double> start() const = 0;

  // The objective of step k ≥ 1, valid until the next call. `batch_size`
  // (0: full batch) replaces a network scene's own for this step; a surface
  // has no batches and ignores it.
  virtual optim::Objective<double>& objective_for_step(std::int64_t k, std::optional<long> batch_size) = 0;
  optim::Objective<double>& objective_for_step(std::int64_t k) { return objective_for_step(k, std::nullopt); }

  // f(θ_k) without noise; `measures` receives the numbers measure_names()
  // lists, in that order. Called once per recorded step k, right after that
  // step's objective did its work (a measure may read what step k evaluated).
  virtual double evaluate(const optim::Vec<double>& theta, std::int64_t k, std::vector<double>& measures) = 0;
  virtual const std::vector<std::string>& measure_names() const;

  // True when θ has left for good; non-finite values are the runner's test.
  virtual bool escaped(const optim::Vec<double>& theta) const = 0;

  // θ's layers, for per-layer norms; empty when θ is one point.
  virtual std::vector<ParameterBlock> blocks() const { return {}; }
};

// f(x, y) with optional gradient noise σ (scene.hpp); escape is farther than
// kEscapeFactor view sizes from the view's centre.
class SurfaceProblem final : public Problem {
 public:
  SurfaceProblem(std::unique_ptr<scenes::Surface> surface, double noise, std::uint64_t seed, const scenes::View& view);

  long dimension() const override { return 2; }
  optim::Vec<double> start() const override { return surface_->start(); }
  using Problem::objective_for_step;
  optim::Objective<double>& objective_for_step(std::int64_t k, std::optional<long> batch_size) override;
  double evaluate(const optim::Vec<double>& theta, std::int64_t k, std::vector<double>& measures) override;
  bool escaped(const optim::Vec<double>& theta) const override;

  scenes::Surface& surface() { return *surface_; }
  const scenes::Surface& surface() const { return *surface_; }
  void set_view(const scenes::View& view) { view_ = view; }
  void set_noise(double sigma, std::uint64_t seed);

 private:
  std::unique_ptr<scenes::Surface> surface_;
  std::optional<scenes::NoisyObjective> noisy_;  // wraps *surface_
  scenes::View view_;
};

// A small network's training (scenes::MlpProblem): step k is batch k. The
// measures are the test loss, the training and test accuracy, then ‖g‖ of
// each layer, g being the first gradient step k evaluated (at θ_{k−1}, on
// batch k: the one a first-order method steps along); NaN at step 0.
class NetworkProblem final : public Problem {
 public:
  // Measures' positions.
  static constexpr int kTestLoss = 0, kTrainAccuracy = 1, kTestAccuracy = 2, kFirstLayerGradient = 3;

  // θ₀ is the network's initial weights × init_scale.
  explicit NetworkProblem(std::unique_ptr<scenes::MlpProblem> mlp, double init_scale = 1);

  long dimension() const override { return mlp_->parameter_count(); }
  optim::Vec<double> start() const override { return init_scale_ * mlp_->initial_weights(); }
  using Problem::objective_for_step;
  optim::Objective<double>& objective_for_step(std::int64_t k, std::optional<long> batch_size) override;
  double evaluate(const optim::Vec<double>& theta, std::int64_t k, std::vector<double>& measures) override;
  const std::vector<std::string>& measure_names() const override { return names_; }
  bool escaped(const optim::Vec<double>& theta) const override;
  std::vector<ParameterBlock> blocks() const override { return blocks_; }

  scenes::MlpProblem& mlp() { return *mlp_; }
  const scenes::MlpProblem& mlp() const { return *mlp_; }

 private:
  // The step's batch objective, keeping the first gradient it hands out.
  class FirstGradient final : public optim::Objective<double> {
   public:
    explicit FirstGradient(scenes::MlpProblem& mlp) : mlp_(mlp) {}
    void start_step(std::int64_t k) {
      step_ = k;
      seen_ = false;
    }
    double value_and_gradient(const optim::Vec<double>& theta, optim::Vec<double>& g) override;
    // The first gradient of step k, or nullptr when step k made none.
    const optim::Vec<double>* first(std::int64_t k) const { return seen_ && step_ == k ? &first_ : nullptr; }

   private:
    scenes::MlpProblem& mlp_;
    optim::Vec<double> first_;
    std::int64_t step_ = 0;
    bool seen_ = false;
  };

  std::unique_ptr<scenes::MlpProblem> mlp_;
  double init_scale_ = 1;
  FirstGradient batch_;
  std::vector<ParameterBlock> blocks_;
  std::vector<std::string> names_;
};

// A network's weights are absurd beyond this norm: the runner stops there.
inline constexpr double kNetworkEscapeNorm = 1e8;

}  // namespace lab::model
