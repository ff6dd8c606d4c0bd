// lab/model/network_measures.hpp — what the lab says about a network scene
// beyond the runners' recorded measures.
//
// A dead ReLU unit outputs 0 on every training point: its pre-activation
// w·x + b ≤ 0 for all of them, so no gradient reaches w or b again and it
// stays dead. Too large a learning rate kills units this way.
#pragma once

#include <string>

#include "lab/model/experiment.hpp"
#include "scenes/mlp_problem.hpp"

namespace lab::model {

// "moons · 2→8→8→2 · tanh" (plus the extra features and L2 when set); "" on a surface.
std::string network_title(const Experiment& e);

// Hidden ReLU units of `net` at θ that output 0 on every training point; 0
// when the hidden activation is not ReLU.
long dead_units(const scenes::MlpProblem& net, const optim::Vec<double>& theta);

// The step turn at step k ≥ 2: cos(Δθₖ, Δθₖ₋₁), −1 when the step goes back
// the way the last one came (a zig-zag), +1 when it goes straight on; NaN
// before step 2 or where a step is zero.
double step_turn(const Runner& r, std::int64_t k);

}  // namespace lab::model
