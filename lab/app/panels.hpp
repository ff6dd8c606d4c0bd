// lab/app/panels.hpp — one panel per file, each drawing the experiment
// (read-only) and pushing commands for any edit.
//
//   optimizers_panel.cpp  add/remove/duplicate, color, on/off, hyperparameters
//   timeline_panel.cpp    play/pause, speed, step ±1, scrub, reset, keys
//   inspector_panel.cpp   the selected step's rule with its numbers, counters
//   plots_panel.cpp       f − f* and distance to the nearest minimum vs step; a network's curves
//   menu_bar.cpp          file, scene, presets, view, and the switch to the CNN trainer
//   network_summary.cpp   a network scene's data, model, shared start and each runner's standing
//   cnn_setup_panel.cpp     the CNN trainer: settings, buttons, update rule, model summary
//   cnn_progress_panel.cpp  status, progress, loss and accuracy curves, epoch table
//   cnn_results_panel.cpp   test images with guesses, confusion matrix with per-class metrics
//   cnn_inside_panel.cpp    inside the network: draw a digit, misclassified gallery, filters and
//                           feature maps, data samples, and the layer editor (cnn_layer_editor.cpp)
#pragma once

#include <vector>

#include "lab/app/ui_state.hpp"
#include "lab/model/commands.hpp"
#include "lab/model/experiment.hpp"
#include "lab/model/timeline.hpp"

namespace lab::app {

// Records the last ImGui item's rectangle in ui.widgets under `name`.
void place_last_item(UiState& ui, std::string name);

void draw_optimizers_panel(const model::Experiment& e, UiState& ui, model::CommandQueue& queue);
void draw_timeline_panel(const model::Experiment& e, const model::Timeline& t, UiState& ui, model::CommandQueue& queue);
void draw_inspector_panel(const model::Experiment& e, UiState& ui);
void draw_plots_panel(const model::Experiment& e, UiState& ui);
void draw_menu_bar(const model::Experiment& e, UiState& ui, model::CommandQueue& queue);
// The Scene menu's network fields (network_menu.cpp).
void draw_network_menu(const model::Experiment& e, UiState& ui, model::CommandQueue& queue);
// A network scene's header: its lesson, its shared start and the button that
// draws new initial weights for every runner (network_summary.cpp).
void draw_network_header(const model::Experiment& e, UiState& ui, model::CommandQueue& queue);
// Each runner's losses, accuracies and dead ReLUs at the cursor (network_summary.cpp).
void draw_network_table(const model::Experiment& e);
void draw_cnn_menu_bar(UiState& ui, model::CommandQueue& queue);
// The CNN trainer pane reads a snapshot of the session; its buttons push commands.
void draw_cnn_setup_panel(const model::CnnSnapshot& snap, bool running, UiState& ui, model::CommandQueue& queue);
void draw_cnn_progress_panel(const model::CnnSnapshot& snap, UiState& ui, model::CommandQueue& queue);
// A click on a wrong cell of the confusion matrix filters the gallery to it
// (a command) and selects the Inside tab and its gallery (ui.cnn_inside).
void draw_cnn_results_panel(const model::CnnSnapshot& snap, UiState& ui, model::CommandQueue& queue);
// The inside view and the layer editor read the pane's choices (lab/model/cnn_pane.hpp)
// and change them only through commands.
void draw_cnn_inside_panel(const model::CnnSnapshot& snap, const model::CnnPane& pane, UiState& ui,
                           model::CommandQueue& queue);
void draw_cnn_layer_editor(const model::CnnSnapshot& snap, const model::CnnPane& pane, UiState& ui,
                           model::CommandQueue& queue);

}  // namespace lab::app
