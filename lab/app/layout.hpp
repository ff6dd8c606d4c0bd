// lab/app/layout.hpp — where the panels go on each screen, at any UI scale.
//
//   Surfaces:  menu bar
//              surface view            | optimizers
//              plots                   | inspector
//              timeline (whole width)
//              (a network scene at a large UI scale: the plots in a tab of
//              the network pane, which takes their height too)
//   CNN:       menu bar, then setup | progress | results (three columns where
//              they fit, else setup beside a tab each for progress and results)
// While ui.capturing (an export is drawing its frame), the menu bar is left
// out and the panels start at the top.
#pragma once

#include "lab/app/network_scene_view.hpp"
#include "lab/app/surface_view.hpp"
#include "lab/app/ui_state.hpp"
#include "lab/model/cnn_session.hpp"
#include "lab/model/commands.hpp"
#include "lab/model/experiment.hpp"
#include "lab/model/timeline.hpp"

namespace lab::app {

void draw_surfaces_screen(const model::Experiment& e, const model::Timeline& t, SurfaceView& surface,
                          NetworkSceneView& network, UiState& ui, model::CommandQueue& queue);
void draw_cnn_screen(const model::CnnSnapshot& snap, const model::CnnPane& pane, UiState& ui,
                     model::CommandQueue& queue);

}  // namespace lab::app
