// scenes/noisy_objective.hpp — gradient noise standing in for mini-batch SGD.
//
//   g̃(θ) = ∇f(θ) + σ·ξ,   ξ ~ N(0, I)
//
// The course's SGD uses g, the mean gradient over a mini-batch: an unbiased
// but noisy estimate of ∇f. On a 2-D surface there is no data set, so the
// noise is added directly; f itself (what line searches compare) and ∇²f stay
// exact.
//
// ξ is a pure function of (seed, step k, evaluation e within the step,
// component i): a splitmix64 hash of the four gives two uniforms, and
// Box–Muller turns them into one standard normal,
//   ξᵢ = √(−2·ln u₁)·cos(2π·u₂),   u₁ ∈ (0, 1], u₂ ∈ [0, 1).
// No generator state is carried, so a replay from any step is exact: call
// set_step(k) before step k (it resets e to 0); each value_and_gradient then
// uses e = 0, 1, 2, … (Nesterov's look-ahead, line-search probes).
#pragma once

#include <cstdint>

#include "optim/objective.hpp"

namespace scenes {

class NoisyObjective final : public optim::Objective<double> {
 public:
  // `inner` must outlive this wrapper. σ ≥ 0 (σ = 0 adds nothing).
  NoisyObjective(optim::Objective<double>& inner, double sigma, std::uint64_t seed);

  void set_step(std::int64_t k) {
    step_ = k;
    evaluation_ = 0;
  }
  std::int64_t step() const { return step_; }
  std::int64_t evaluations() const { return evaluation_; }  // made in this step so far

  double sigma() const { return sigma_; }
  void set_sigma(double sigma);  // throws std::invalid_argument if negative or not finite
  std::uint64_t seed() const { return seed_; }

  // f(θ) exact; g ← ∇f(θ) + σ·ξ(seed, step, evaluation); then evaluation += 1.
  double value_and_gradient(const optim::Vec<double>& theta, optim::Vec<double>& g) override;
  bool has_hessian() const override { return inner_.has_hessian(); }
  void hessian(const optim::Vec<double>& theta, optim::Mat<double>& H) override { inner_.hessian(theta, H); }

  // ξᵢ for the given counters: the standard normal the wrapper scales by σ.
  static double standard_normal(std::uint64_t seed, std::int64_t step, std::int64_t evaluation, std::int64_t component);

 private:
  optim::Objective<double>& inner_;
  double sigma_;
  std::uint64_t seed_;
  std::int64_t step_ = 0;
  std::int64_t evaluation_ = 0;
};

}  // namespace scenes
