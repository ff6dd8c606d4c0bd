// scenes/network_surface.hpp — a network with two weights, drawn as a surface.
//
// The loss of an MlpProblem with exactly two parameters θ = (θ₀, θ₁) over its
// whole training set is a function of the surface's (x, y) = (θ₀, θ₁): the
// lab draws it, races optimizers on it and shows the network's output at
// each θ, with the same nn forward and backward passes that train every
// other network.
//
//   f(x, y)     the training loss (full batch), by nn's forward pass
//   ∇f(x, y)    by nn's backward pass
//   ∇²f(x, y)   by differences of ∇f (nn's layers are written for float and
//               double only, so there is no second-order pass to reuse):
//                 H·eᵢ ≈ [−∇f(θ + 2hᵢeᵢ) + 8∇f(θ + hᵢeᵢ) − 8∇f(θ − hᵢeᵢ) + ∇f(θ − 2hᵢeᵢ)] / 12hᵢ
//               with hᵢ = 10⁻³·(1 + |θᵢ|), then symmetrized. The error is
//               O(hᵢ⁴·∇f⁽⁵⁾) + O(ε·|∇f|/hᵢ): relative to 1 + ‖∇²f‖, about
//               10⁻¹⁰ over the built-in networks' views and 2·10⁻⁹ far outside
//               (tests/scenes/test_network_surfaces.cpp bounds it by 10⁻⁸
//               against the exact Hessian of their formulas).
//
// Passes reuse one problem's buffers; a mutex makes the const calls safe
// from any thread.
#pragma once

#include <mutex>
#include <vector>

#include "scenes/analytic_surface.hpp"
#include "scenes/mlp_problem.hpp"

namespace scenes {

class NetworkSurface final : public Surface {
 public:
  // Throws std::invalid_argument when the network has other than two
  // parameters, or for whatever MlpProblem refuses. Batches are ignored:
  // every value is over the whole training set.
  NetworkSurface(SurfaceInfo info, const NetworkDataset& data, const MlpSpec& spec);

  std::string name() const override { return info_.name; }
  std::string title() const override { return info_.title; }
  std::string formula() const override { return info_.formula; }

  double value(double x, double y) const override;
  Eigen::Vector2d gradient(double x, double y) const override;
  double value_gradient(double x, double y, Eigen::Vector2d& g) const override;
  using Surface::hessian;
  Eigen::Matrix2d hessian(double x, double y) const override;

  std::vector<Minimum> minima() const override { return info_.minima; }
  Eigen::Vector2d start() const override { return info_.start; }
  View view() const override { return info_.view; }
  // For minima found after construction (by Newton's method on this surface).
  void set_minima(std::vector<Minimum> minima) { info_.minima = std::move(minima); }

  // What the network fits: its 1-D inputs and their labels or targets.
  const NetworkDataset& data() const { return problem_.data(); }
  // The network's outputs at θ = (x, y) for 1-D inputs: probabilities for
  // classes (σ of the logit, for one binary output), values for regression.
  std::vector<double> outputs(double x, double y, const std::vector<double>& inputs) const;

 private:
  double value_gradient_locked(double x, double y, Eigen::Vector2d& g) const;

  SurfaceInfo info_;
  mutable std::mutex mutex_;
  mutable MlpProblem problem_;
  mutable optim::Vec<double> theta_, g_;
};

}  // namespace scenes
