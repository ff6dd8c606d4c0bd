// lab/app/ui_state.hpp — the window's own state: view options, messages,
// and what the update phase prepared for drawing. A plain struct with
// defaults (Tracy's lesson); the experiment itself lives in lab/model.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lab/app/cnn_inside_view.hpp"
#include "lab/app/fonts.hpp"
#include "lab/app/hyper_editor.hpp"
#include "lab/model/cnn_session.hpp"
#include "lab/model/commands.hpp"
#include "optim/inspection.hpp"

namespace lab::app {

struct Message {
  std::string text;
  double until = 0;  // seconds (glfwGetTime)
  bool error = true;
};

// The selected runner's step, replayed with an Inspection attached.
struct InspectedStep {
  int runner = -1;        // id
  std::int64_t step = 0;  // the step from θ_{step−1} to θ_step
  optim::Inspection<double> inspection;
  std::vector<optim::RuleLine> rule;
  // θ_{step−1} and θ_step it was replayed between: the same runner, step and
  // points need no new replay (a network's replays from a keyframe are not free).
  optim::Vec<double> from, to;
};

// A widget's rectangle in window pixels.
struct WidgetRect {
  std::string name;
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool operator==(const WidgetRect&) const = default;
};

// What the window shows: optimizers racing on a surface, or a CNN training.
enum class Mode { Surfaces, Cnn };

struct UiState {
  Mode mode = Mode::Surfaces;

  // ---- the CNN trainer pane: the settings of the next run
  model::CnnConfig cnn_draft;
  std::string cnn_model_path = "descent-model.h5";
  // Keras-style summaries (layer, output shape, parameters), built once per
  // model name: building a model allocates its weights.
  std::map<std::string, std::vector<std::array<std::string, 3>>> model_summaries;
  // What the inside view and the layer editor computed and keep between frames.
  CnnInsideView cnn_inside;
  CnnEditorView cnn_editor;

  // ---- the hyperparameter editor's typed text, for every place it is used
  HyperEditor hypers;

  // ---- classroom
  float scale = 1.0f;  // 1× … 2.5×
  bool fullscreen = false;
  Fonts fonts;
  // True while a frame is drawn for an export: no menu bar, popups or tooltips.
  bool capturing = false;

  // ---- view options
  bool view_3d = false;
  bool show_contours = true;
  bool show_step_markers = true;
  bool show_arrows = true;
  int network_curve = 0;             // the plots' right-hand curve on a network scene (plots_panel.cpp)
  model::NetworkSpec network_draft;  // the Scene menu's network fields (network_menu.cpp)
  int point_class = 0;               // the class a click on a boundaries panel adds a point of
  // The weight (an index into θ) clicked in the network graph: the inspector
  // shows its update. Cleared when the scene changes.
  std::optional<long> selected_weight;
  std::string selected_weight_name;  // "w₂ from h1.3 to h2.5", as the graph names it
  std::string hidden_text = "8,8";
  float yaw = -0.6f, pitch = 0.75f, zoom_3d = 1.0f;  // the 3-D orbit camera

  // ---- where named widgets were drawn this frame: the layout log that
  // --log-actions prints and the UI tests read (clicks, overlaps)
  std::vector<WidgetRect> widgets;
  void place(std::string name, float x0, float y0, float x1, float y1) {
    widgets.push_back({std::move(name), x0, y0, x1, y1});
  }
  // Facts a panel states this frame ("scrub-range 0 8"), logged as they change.
  std::vector<std::pair<std::string, std::string>> facts;
  void fact(std::string name, std::string value) { facts.emplace_back(std::move(name), std::move(value)); }
  // The runners (ids) the optimizers panel marked "diverged" or "error" this
  // frame: the action log checks that every runner showing NaN/Inf is among them.
  std::vector<int> flagged_runners;

  // ---- what the update phase prepared
  std::optional<InspectedStep> inspected;
  double now = 0;

  // ---- messages shown over the surface for a few seconds
  std::vector<Message> messages;
  void error(std::string text) { messages.push_back({std::move(text), now + 6.0, true}); }
  void info(std::string text) { messages.push_back({std::move(text), now + 4.0, false}); }
  // Forgets the messages whose time is up: one repeated every frame (a
  // replay that keeps failing) must not pile up for as long as the window runs.
  void drop_expired_messages() {
    std::erase_if(messages, [this](const Message& m) { return m.until < now; });
  }

  // ---- what the menus' text fields hold (the actions themselves are commands)
  std::string experiment_path = "experiment.json";
  std::string csv_path = "trajectories.csv";
  std::string png_path = "descent.png";
  std::string sequence_dir = "descent-frames";
  std::string formula_text = "sin(x)*cos(y) + 0.1*(x^2+y^2)";
  std::string points_path = "points.csv";  // the user's own points: x1,x2,label
};

}  // namespace lab::app
