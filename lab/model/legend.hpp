// lab/model/legend.hpp — what the window says about a runner, derived on demand.
//
// Nothing here is stored: every text is computed from the hyperparameter
// values in force at the step asked for, so a label can never go stale
// after an edit or a reset.
//
//   runner_name(SGD with ε = 0.002 at step k)       "SGD ε = 0.002"
//   runner_name(Adam, bias correction off)          "Adam ε = 0.05, no bias correction"
//   runner_name(SGD on a network at its own batch)  "SGD ε = 0.1, batch 8"
//   legend_line(...)                                "SGD ε = 0.002   f = 4.95"
//   edit_note(a change to ε at the cursor)          "from step 120 on: ε 0.002 → 0.001"
//
// The rule for edits (runner.hpp): an edit or a reset made with the cursor at
// step k takes effect from step k on — steps 0 … k keep their history, the
// step from θ_k to θ_{k+1} is the first that uses the new values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "lab/model/experiment.hpp"
#include "lab/model/runner.hpp"

namespace lab::model {

// The runner's name (its user-given label, else the optimizer's title)
// followed by ε and every other method hyperparameter that differs from the
// optimizer's default, with the values in force at `step`, and the runner's
// own batch size when it has one ("batch 8", "full batch").
std::string runner_name(const Runner& r, std::int64_t step);

// How a runner stands at a step: the legend colours its line by this.
// AtPole: f is finite but ≥ kPoleFactor times larger in size than at the
// start, while θ is still near the view: the run fell into a pole of f
// (1/(x − y) at x = y), which no minimum explains.
enum class RunState { Running, Off, Diverged, Failed, AtPole };
inline constexpr double kPoleFactor = 1e6;
struct LegendLine {
  std::string text;
  RunState state = RunState::Running;
};
// The legend's line for runner i at the cursor: the name and f, or why it
// stopped. Where the surface's global minimum f* is known and not 0, the line
// shows the gap f − f* instead, so runs 10⁻³ apart near the minimum do not
// read as a tie.
LegendLine legend_line(const Experiment& e, std::size_t i);
// Whether runner r at step k sits on a pole (see RunState::AtPole).
bool at_pole(const Runner& r, std::int64_t k, const scenes::View& view);
// The lowest known minimum of the experiment's surface, if it has any.
std::optional<double> global_minimum(const Experiment& e);
// What the scene adds to a preset's caption: "gradient noise σ = 3", or "".
std::string scene_note(const Experiment& e);

// "ε 0.002 → 0.001", in the spec's symbols.
std::string change_text(const Runner& r, const HyperChange& change);
// The changes that take effect at `step` ("from step 120 on: …"), or "".
std::string edit_note(const Runner& r, std::int64_t step);

// A number the way the legend prints it: 3 significant digits, a true minus
// sign, no "−0" ("0" instead), "NaN", "∞".
std::string short_number(double v);

}  // namespace lab::model
