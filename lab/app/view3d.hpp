// lab/app/view3d.hpp — the surface in 3-D, with the trajectories lying on it.
//
// The height is the heatmap's log-scaled f, so the valley floor and the
// walls both keep their relief. Orbit camera: drag turns (yaw) and tilts
// (pitch), the wheel zooms. Drawn with ImGui's draw list (painter's order,
// far quads first): no extra GL state, and screenshots need nothing special.
#pragma once

#include <imgui.h>

#include "lab/app/field.hpp"
#include "lab/app/ui_state.hpp"
#include "lab/model/experiment.hpp"

namespace lab::app {

void draw_surface_3d(ImDrawList* list, const model::Experiment& e, const Field& field, ImVec2 origin, ImVec2 size,
                     const UiState& ui);

}  // namespace lab::app
