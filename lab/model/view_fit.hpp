// lab/model/view_fit.hpp — a view window chosen from where the runners went.
//
// A lesson that lives in the first few steps (bias correction's too-large
// first jumps) is a scribble in the surface's own view; fitting the window to
// the paths makes those steps fill the canvas, whatever the optimizers did.
#pragma once

#include <cstdint>

#include "lab/model/experiment.hpp"
#include "scenes/surface.hpp"

namespace lab::model {

// The smallest window that holds θ₀ … θ_last of every enabled runner (the
// steps each has recorded, non-finite points skipped), widened on each side
// by `margin` times its width and height. A side shorter than a tenth of the
// longer one (a path along an axis, or θ₀ alone) is widened to that tenth,
// at least 10⁻³, so that the window is never empty.
scenes::View fit_view_to_paths(const Experiment& e, std::int64_t last, double margin = 0.15);

}  // namespace lab::model
