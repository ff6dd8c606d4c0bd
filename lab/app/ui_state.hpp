// lab/app/ui_state.hpp — the window's own state: view options, messages,
// and what the update phase prepared for drawing. A plain struct with
// defaults (Tracy's lesson); the experiment itself lives in lab/model.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lab/app/fonts.hpp"
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
};

// What the window shows: optimizers racing on a surface, or a CNN training.
enum class Mode { Surfaces, Cnn };

// A button press in the CNN trainer pane, carried out between frames.
enum class CnnRequest { None, Start, Pause, Resume, Stop };

struct UiState {
  Mode mode = Mode::Surfaces;

  // ---- the CNN trainer pane: the settings of the next run, and what was pressed
  model::CnnConfig cnn_draft;
  CnnRequest cnn_request = CnnRequest::None;
  std::string cnn_model_path = "descent-model.h5";
  bool save_cnn_model = false;
  bool cnn_clear_earlier = false;

  // ---- classroom
  float scale = 1.0f;  // 1× … 2.5×
  float requested_scale = 1.0f;
  bool fullscreen = false;
  bool requested_fullscreen = false;
  Fonts fonts;

  // ---- view options
  bool view_3d = false;
  bool show_contours = true;
  bool show_step_markers = true;
  bool show_arrows = true;
  float yaw = -0.6f, pitch = 0.75f, zoom_3d = 1.0f;  // the 3-D orbit camera

  // ---- where key widgets were drawn (for --log-actions and UI tests)
  float step_forward_x = 0, step_forward_y = 0;
  float cnn_train_x = 0, cnn_train_y = 0, cnn_pause_x = 0, cnn_stop_x = 0;  // one row: the same y

  // ---- what the update phase prepared
  std::optional<InspectedStep> inspected;
  double now = 0;

  // ---- messages shown over the surface for a few seconds
  std::vector<Message> messages;
  void error(std::string text) { messages.push_back({std::move(text), now + 6.0, true}); }
  void info(std::string text) { messages.push_back({std::move(text), now + 4.0, false}); }

  // ---- requests for the loop, handled between frames
  std::string experiment_path = "experiment.json";
  std::string csv_path = "trajectories.csv";
  std::string png_path = "descent.png";
  std::string sequence_dir = "descent-frames";
  std::string formula_text = "sin(x)*cos(y) + 0.1*(x^2+y^2)";
  bool save_experiment = false, load_experiment = false, export_csv = false;
  bool export_png = false, export_sequence = false, export_gif = false;
  bool quit = false;
};

}  // namespace lab::app
