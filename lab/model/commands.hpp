// lab/model/commands.hpp — everything a user can do in the window, as data.
//
// Panels never change anything while drawing. They push commands; the loop
// applies them between frames (ImGui's demo lesson: close requests are
// queued and applied after drawing). This is the window's only action path:
// edits of the experiment, the timeline, files, the CNN trainer's run, its
// layer editor and inside view (cnn_pane.hpp), and the few that need the
// window itself (exports of its pixels, full screen, quit), which apply()
// leaves to the loop (is_window_command). A command that fails
// leaves everything as it was and returns a message for the window to show.
// Runners are named by their stable id, not by their position.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "lab/model/cnn_pane.hpp"
#include "lab/model/cnn_session.hpp"
#include "lab/model/experiment.hpp"
#include "lab/model/timeline.hpp"

namespace lab::model::cmd {

struct StepBy {
  std::int64_t delta = 1;
};
struct Seek {
  std::int64_t step = 0;
};
struct Reset {};
struct TogglePlay {};
struct SetSpeed {
  double steps_per_second = 10;
};
struct SetHyper {
  int runner = 0;
  std::string key;
  double value = 0;
};
struct ResetHypers {
  int runner = 0;
};
struct AddRunner {
  std::string optimizer;
};
struct RemoveRunner {
  int runner = 0;
};
struct DuplicateRunner {
  int runner = 0;
};
struct SelectRunner {
  int runner = 0;
};
struct SetColor {
  int runner = 0;
  Rgb color;
};
struct SetEnabled {
  int runner = 0;
  bool enabled = true;
};
struct SetLabel {
  int runner = 0;
  std::string label;
};
struct SetStart {
  Eigen::Vector2d point;
  std::optional<int> runner;
};  // none: every runner
struct SetScene {
  SceneSpec scene;
};
struct SetNoise {
  double sigma = 0;
};
struct SetView {
  scenes::View view;
};
struct NewWeights {};  // a network scene: the next init seed, the same θ₀ for every runner
struct AddPoint {      // a network scene: one more training point (Experiment::add_point)
  double x1 = 0, x2 = 0;
  double label = 0;  // the class; ignored on a regression set, whose target is x2
};
struct LoadPoints {  // the user's own points from a CSV (x1,x2,label), in place of the data set
  std::string path;
};
struct SetBatchSize {  // a network: a runner's own batch size (0: full), or the scene's
  int runner = 0;
  std::optional<long> batch_size;
};
struct LoadPreset {
  std::string name;
};

// ---- files
struct SaveExperiment {
  std::string path;
};
struct LoadExperiment {
  std::string path;
};
struct ExportCsv {  // the trajectories up to the cursor
  std::string path;
};

// ---- the CNN trainer's run
struct StartTraining {
  CnnConfig config;
};
struct PauseTraining {};
struct ResumeTraining {};
struct StopTraining {};
struct ClearEarlierRuns {};
struct SaveModel {
  std::string path;
};
// The next run's model becomes the layer editor's plan (the setup shows it);
// with `train`, the race starts on it at once.
struct UseLayerPlan {
  LayerPlan plan;
  bool train = false;
};

// ---- the CNN trainer's layer editor and inside view (cnn_pane.hpp)
struct AddLayer {
  LayerSpec spec;
  std::size_t at = 0;  // ≥ the plan's size: at the end
};
struct RemoveLayer {
  std::size_t index = 0;
};
struct MoveLayer {
  std::size_t index = 0;
  int by = 0;  // −1 up, +1 down; stops at the ends
};
struct SetLayer {
  std::size_t index = 0;
  LayerSpec spec;
};
struct StartPlanFrom {  // the plan becomes a preset's ("cnn", "mlp")
  std::string preset;
  int classes = 10;
};
struct ShowMisclassified {  // the gallery's filter: a confusion-matrix cell, or a class each way
  CellFilter filter;
};
struct SetGalleryOrder {
  GalleryOrder order = GalleryOrder::MostConfident;
};
struct ChooseTestImage {  // the one whose feature maps are shown
  long index = 0;
};
struct BeginStroke {  // on the digit canvas
  CanvasPoint at;
};
struct ExtendStroke {
  CanvasPoint to;
};
struct ClearCanvas {};
struct ChoosePaintImage {  // a test image to paint on, as it is (its paint goes)
  long index = 0;
};
struct Paint {
  PaintStroke stroke;
};
struct RestorePaintImage {};  // the paint goes

// ---- the window's own (carried out by the loop: they need its pixels or the window)
struct ExportPng {
  std::string path;
};
struct ExportFrames {  // step 0 … the cursor, into a folder: PNG files, or one GIF
  std::string dir;
  bool gif = false;
  bool half_size = false;  // a GIF at half the window's width and height
};
struct SetFullscreen {
  bool on = true;
};
struct SetUiScale {  // 1 … 2.5: fonts are rebuilt between frames
  float scale = 1;
};
struct Quit {};

}  // namespace lab::model::cmd

namespace lab::model {

using Command =
    std::variant<cmd::StepBy, cmd::Seek, cmd::Reset, cmd::TogglePlay, cmd::SetSpeed, cmd::SetHyper, cmd::ResetHypers,
                 cmd::AddRunner, cmd::RemoveRunner, cmd::DuplicateRunner, cmd::SelectRunner, cmd::SetColor,
                 cmd::SetEnabled, cmd::SetLabel, cmd::SetStart, cmd::SetScene, cmd::SetNoise, cmd::SetView,
                 cmd::NewWeights, cmd::AddPoint, cmd::LoadPoints, cmd::SetBatchSize, cmd::LoadPreset,
                 cmd::SaveExperiment, cmd::LoadExperiment, cmd::ExportCsv, cmd::StartTraining, cmd::PauseTraining,
                 cmd::ResumeTraining, cmd::StopTraining, cmd::ClearEarlierRuns, cmd::SaveModel, cmd::UseLayerPlan,
                 cmd::AddLayer, cmd::RemoveLayer, cmd::MoveLayer, cmd::SetLayer, cmd::StartPlanFrom,
                 cmd::ShowMisclassified, cmd::SetGalleryOrder, cmd::ChooseTestImage, cmd::BeginStroke,
                 cmd::ExtendStroke, cmd::ClearCanvas, cmd::ChoosePaintImage, cmd::Paint, cmd::RestorePaintImage,
                 cmd::ExportPng, cmd::ExportFrames, cmd::SetFullscreen, cmd::SetUiScale, cmd::Quit>;

// What commands act on. `cnn`, `cnn_draft` (the settings of the CNN
// trainer's next run) and `cnn_pane` (its editor's and inside view's
// choices) may be null where there is no CNN trainer (tests, headless
// tools); their commands then fail with a message. A run that starts clears
// the pane's choices that belong to the last model (CnnPane::new_run).
// Commands that write a file say so in `notes` when given.
struct Targets {
  Experiment& experiment;
  Timeline& timeline;
  CnnSession* cnn = nullptr;
  std::vector<std::string>* notes = nullptr;
  CnnConfig* cnn_draft = nullptr;
  CnnPane* cnn_pane = nullptr;
};

// True for the commands only the window's loop can carry out.
bool is_window_command(const Command& command);

// Applies one command. Returns "" on success, else a message; on failure the
// experiment and the timeline are unchanged. A window command is refused.
std::string apply(const Command& command, const Targets& targets);
std::string apply(const Command& command, Experiment& experiment, Timeline& timeline);

// The index of the runner with `id`, or nullopt.
std::optional<std::size_t> runner_index(const Experiment& experiment, int id);

class CommandQueue {
 public:
  void push(Command c) { pending_.push_back(std::move(c)); }
  bool empty() const { return pending_.empty(); }
  // Applies every pending command in order; returns the failures' messages.
  std::vector<std::string> apply_all(Experiment& experiment, Timeline& timeline);
  // Takes every pending command out, in order (the loop applies them itself,
  // window commands included).
  std::vector<Command> take();

 private:
  std::vector<Command> pending_;
};

}  // namespace lab::model
