// lab/app/network_inset.hpp — on a small-network surface, what the network
// computes at each optimizer's current weights.
//
// The surface's coordinates are the network's two weights, so every point of
// a trajectory is a whole network. The inset plots the data it is fitted to
// and, in each optimizer's colour, the network's output at that optimizer's
// θ at the timeline cursor: students see the fit improve as the point descends.
#pragma once

#include <imgui.h>

#include "lab/model/experiment.hpp"

namespace lab::app {

// Draws in the canvas's lower-left corner; does nothing on other surfaces.
void draw_network_inset(ImDrawList* list, const model::Experiment& e, ImVec2 canvas_min, ImVec2 canvas_max,
                        float scale);

}  // namespace lab::app
