// lab/model/runner.hpp — one optimizer racing on a problem, with its history.
//
// A problem (problem.hpp) is a point θ ∈ ℝⁿ and an objective per step: a
// surface is n = 2, a small network n in the tens to thousands. A runner
// records, for every step k = 0 … head():
//   θ_k, f(θ_k) (noise-free), the problem's measures, the evaluations so far;
// and the optimizer's complete state at keyframes: every step for small n
// (n ≤ kSmallDimension); for large n at least kMinKeyframeSpacing steps
// apart and far enough apart that the states take at most half the memory θ
// takes (L-BFGS keeps 2m vectors of n: its keyframes are sparser, and a
// replay from one stays under 50 ms on 2→16→16→3).
// Moving the timeline back and forth only reads this history. Continuing,
// inspecting or reading the state at step k restores the keyframe at or below
// k and replays the steps up to k: the objective of a step is a pure function
// of its index and the optimizer is deterministic, so the replay is bit for
// bit what was recorded; nothing is approximated.
//
// On a network a runner may use its own batch size instead of the scene's
// (batch 8 racing the full batch). The problem draws every size's batches
// from one shared order, so runners of the same size see the same batch at
// step k; changing the size restarts the runner (experiment.hpp).
//
// Hyperparameters may change mid-run. The values in force at step k are the
// initial ones plus every change recorded at a step ≤ k; the step from k to
// k + 1 uses the values in force at k. Changes are what the timeline marks.
//
// The one rule for edits and resets: made at step k, they take effect from
// step k on. Steps 0 … k keep their history (nothing already shown is
// rewritten); the step from θ_k to θ_{k+1} is the first with the new values.
// At step 0 that means the initial values (no marker: there is no history).
// The legend, the inspector and the timeline read the values in force from
// here (legend.hpp), so they show an edit as soon as it is made.
//
// A step that produces NaN/Inf, a point the problem calls escaped (a surface:
// farther than kEscapeFactor view sizes from the view), or a numerical
// failure the optimizer reports itself (a std::runtime_error, such as
// Newton's "Hessian could not be made positive definite") marks the runner
// diverged at that step; it stops there. Anything else a step throws
// (std::logic_error and the like) is a bug, not a property of the numbers:
// the runner stops before that step and keeps the message in error(), so the
// window shows an error instead of "diverged".
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lab/model/palette.hpp"
#include "lab/model/problem.hpp"
#include "optim/inspection.hpp"
#include "optim/optimizer.hpp"

namespace lab::model {

// Keyframes when θ is large (n > kSmallDimension): at least this many steps
// apart, and at least kKeyframeMemoryRatio·|state|/n apart.
inline constexpr long kSmallDimension = 16;
inline constexpr std::int64_t kMinKeyframeSpacing = 64;
inline constexpr std::int64_t kKeyframeMemoryRatio = 2;

struct StepRecord {
  optim::Vec<double> theta;
  double f = 0;                  // f(θ_k) without noise
  std::int64_t evaluations = 0;  // f and ∇f evaluations after k steps
  std::int64_t hessians = 0;
  std::vector<double> measures;  // the problem's measure_names(), in order; empty on a surface

  // θ as a point of the plane, for a surface's code (n = 2).
  Eigen::Vector2d point() const { return {theta[0], theta[1]}; }
};

struct HyperChange {
  std::int64_t step = 0;  // in force from this step on
  std::string key;
  double value = 0;
  double previous = 0;
};

class Runner {
 public:
  // Throws std::invalid_argument for an unknown optimizer name.
  Runner(int id, const std::string& optimizer, Rgb color);
  Runner(const Runner& other);
  Runner& operator=(const Runner& other);
  Runner(Runner&&) noexcept = default;
  Runner& operator=(Runner&&) noexcept = default;

  // ---- identity and looks
  int id() const { return id_; }
  void set_id(int id) { id_ = id; }
  const std::string& optimizer_name() const { return optimizer_->name(); }
  // A name the user gave, "" for the optimizer's title. The legend adds the
  // values in force to it (legend.hpp): never store hyperparameters here.
  std::string label;
  Rgb color;
  bool enabled = true;
  std::optional<optim::Vec<double>> own_start;  // set by shift-click; else the experiment's

  // ---- batches (a network's): 0 is the full batch; nullopt, the scene's size
  const std::optional<long>& batch_size() const { return batch_size_; }
  // Every recorded step used the old size: the history is dropped, and the
  // runner needs a restart() before it advances. Throws
  // std::invalid_argument for a negative size.
  void set_batch_size(std::optional<long> batch_size);

  // ---- hyperparameters
  const std::vector<optim::HyperSpec>& specs() const { return optimizer_->specs(); }
  double initial_hyper(const std::string& key) const;
  double hyper_at(const std::string& name, std::int64_t step) const;
  const std::vector<HyperChange>& changes() const { return changes_; }
  // Sets `key` from `step` on: drops the history after `step` and every change
  // after it. At step 0 it changes the initial value. Throws
  // std::invalid_argument (with the optimizer's message) for a bad value.
  void set_hyper(const std::string& key, double value, std::int64_t step);
  // Every hyperparameter back to its default from `step` on (the edit rule
  // above): drops the history after `step` and every later change.
  void reset_hypers(std::int64_t step);
  // The optimizer's rule lines with the values in force at `step`.
  std::vector<optim::RuleLine> rule_at(std::int64_t step) const;

  // ---- history
  // Starts over from θ₀ = start: history holds step 0 only.
  void restart(const optim::Vec<double>& start, Problem& problem);
  std::int64_t head() const { return static_cast<std::int64_t>(history_.size()) - 1; }
  const std::vector<StepRecord>& history() const { return history_; }
  // Names this history for caches of what is drawn from it: it changes when
  // recorded steps are dropped or replaced (restart, truncate, a new batch
  // size) and when the runner is copied; recording more steps keeps it. No
  // two runners ever share one, so equal epochs mean one history, of which
  // the longer is the shorter plus steps.
  std::uint64_t history_epoch() const { return history_epoch_; }
  // The record shown at `step` (the last one when step is past the head).
  const StepRecord& at(std::int64_t step) const;
  std::optional<std::int64_t> diverged_at() const { return diverged_at_; }
  // Why the runner diverged, when the optimizer said so ("" for NaN/Inf or escape).
  const std::string& divergence_reason() const { return divergence_reason_; }
  // A programming error thrown by the step after head(): "" when none.
  const std::string& error() const { return error_; }
  bool can_advance() const { return !diverged_at_.has_value() && error_.empty(); }
  // One more step from the head. Returns false when it could not advance
  // (diverged or failed, now or before).
  bool advance(Problem& problem);
  // Keeps steps 0 … step; the optimizer's state after `step` is restored by
  // the next advance().
  void truncate(std::int64_t step);

  // Replays step `step` (the one from θ_{step−1} to θ_step) on a copy, with
  // an Inspection attached. Bit-identical to the recorded step. A numerical
  // failure (the step that diverged) returns what was shown before it; any
  // other exception propagates to the caller.
  optim::Inspection<double> inspect(std::int64_t step, Problem& problem) const;

  // The optimizer's state after `step` steps (for tests and inspection).
  optim::OptimizerState<double> state_at(std::int64_t step, Problem& problem) const;

  // The steps whose optimizer state is kept, and the bytes this runner holds:
  // history, states and changes (what the lab's memory budget counts).
  std::vector<std::int64_t> keyframe_steps() const;
  std::size_t memory_bytes() const;

 private:
  // The state minus hyperparameters: scalars, buffer sizes, buffer data.
  using Packed = std::vector<double>;
  Packed pack() const;
  void unpack(const Packed& packed, optim::Optimizer<double>& into) const;
  // Sets every hyperparameter of `opt` to its value in force at `step`.
  void apply_hypers_at(optim::Optimizer<double>& opt, std::int64_t step) const;
  // `opt` ← the state after `step`: the keyframe at or below, then a replay.
  void restore(optim::Optimizer<double>& opt, std::int64_t step, Problem& problem) const;
  // The step from θ_k (in `theta`) to θ_{k+1}: the changes made at k, then one
  // step of batch k + 1. A numerical failure sets θ to NaN and returns its
  // message; anything else propagates.
  std::string step_from(optim::Optimizer<double>& opt, std::int64_t k, optim::Vec<double>& theta,
                        Problem& problem) const;

  int id_ = 0;
  std::optional<long> batch_size_;
  std::unique_ptr<optim::Optimizer<double>> optimizer_;  // at the head
  std::vector<std::pair<std::string, double>> initial_;  // every spec's initial value
  std::vector<HyperChange> changes_;                     // sorted by step
  std::vector<StepRecord> history_;
  std::uint64_t history_epoch_ = next_history_epoch();
  static std::uint64_t next_history_epoch();
  struct Keyframe {
    std::int64_t step = 0;
    Packed state;  // after `step` steps
  };
  // Whether the state after head() steps is to be kept.
  bool keyframe_due() const;
  std::vector<Keyframe> keyframes_;  // by step; the first is step 0
  bool head_stale_ = false;          // optimizer_ is not at the head: restore before stepping
  std::optional<std::int64_t> diverged_at_;
  std::string divergence_reason_;
  std::string error_;
};

}  // namespace lab::model
