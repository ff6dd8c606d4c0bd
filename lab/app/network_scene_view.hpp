// lab/app/network_scene_view.hpp — the central area on a small-network scene.
//
// What the surface view is to a surface: one optimizer per decision-region
// panel, the selected optimizer's network (Playground-style), and the one
// loss-landscape plane every optimizer is projected onto. It reads the
// experiment (never edits it) and keeps only caches: each runner's regions at
// the step shown, the projected paths, the plane's grid (computed by a
// PlaneWorker on its own thread, so no frame waits for it).
//
// Costs per frame stay flat however long the runs: regions are rebuilt only
// when a runner's θ at the cursor changes; paths are projected incrementally
// (a bounded number of points a frame); a new grid is asked for only when the
// plane or its extent must change, and never while one is being computed.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lab/app/field_texture.hpp"
#include "lab/app/network_pane.hpp"
#include "lab/app/ui_state.hpp"
#include "lab/model/commands.hpp"
#include "lab/model/experiment.hpp"
#include "lab/model/plane_worker.hpp"
#include "scenes/loss_plane.hpp"
#include "scenes/mlp_problem.hpp"
#include "scenes/network_views.hpp"

namespace lab::app {

class NetworkSceneView {
 public:
  NetworkSceneView() = default;
  NetworkSceneView(const NetworkSceneView&) = delete;
  NetworkSceneView& operator=(const NetworkSceneView&) = delete;

  // Draws into the current window's remaining area. Clicking a weight in the
  // network graph selects it for the inspector (ui.selected_weight); clicking
  // a boundaries panel adds a training point there (cmd::AddPoint) of the
  // class chosen above the panels (ui.point_class).
  // curves_tab: the plots (plots_panel.cpp) get a tab here, where the window
  // at this UI scale has no height to spare for them below the pane.
  void draw(const model::Experiment& e, UiState& ui, model::CommandQueue& queue, bool curves_tab = false);

  // Nothing more is on its way: the grid asked for has come and every path is
  // projected onto it (a screenshot waits for this). True on a surface scene.
  bool settled() const { return !worker_ || (!worker_->busy() && plane_view_.result().has_value() && !projecting_); }

 private:
  // A runner's path projected onto the shown plane, steps 0 … size() − 1.
  struct Projected {
    std::vector<scenes::PlaneCoordinates> points;
  };
  struct Regions {
    optim::Vec<double> theta;  // the θ they were computed for
    scenes::DecisionRegions regions;
    OwnedTexture texture;  // the regions' picture (regions_rgba)
    scenes::FittedCurve curve;
    scenes::Mistakes mistakes;
    long dead_units = -1;  // ReLU units silent on every training point; −1 for other activations
  };

  bool sync_scene(const model::Experiment& e);  // true when the caches were dropped
  void update_plane(const model::Experiment& e);
  void request_plane(const model::Experiment& e);
  void project_paths(const model::Experiment& e);
  const Regions& regions_of(const model::Runner& r, const optim::Vec<double>& theta);

  void draw_header(const model::Experiment& e, UiState& ui, model::CommandQueue& queue);
  // The panels, and above them the class a click on one adds a point of.
  void draw_boundaries(const model::Experiment& e, UiState& ui, model::CommandQueue& queue, ImVec2 size);
  void draw_point_picker(UiState& ui);
  void draw_plane(const model::Experiment& e, UiState& ui, ImVec2 size);
  void draw_network(const model::Experiment& e, UiState& ui, ImVec2 size);

  PointSprites sprites_;  // the panels' point markers at the UI scale

  // ---- the scene the caches belong to
  std::optional<model::SceneSpec> scene_;
  optim::Vec<double> start_;
  std::unique_ptr<scenes::MlpProblem> problem_;  // the UI thread's own network
  std::unique_ptr<model::PlaneWorker> worker_;

  // ---- per runner id
  std::map<int, Regions> regions_;
  std::map<int, Projected> projected_;

  // ---- the plane
  PlaneChoice choice_;
  PlaneView plane_view_;
  long version_ = 0;
  std::string requested_key_;  // what the last request was for
  std::shared_ptr<const scenes::LossPlane> shown_plane_;
  std::string plane_problem_;  // why there is no plane, or ""
  bool extent_outgrown_ = false;
  bool projecting_ = false;      // paths not yet all projected (the budget ran out)
  std::int64_t pca_steps_ = -1;  // the recorded steps the PCA plane was built from
  std::optional<HoverReport> hover_;
  // The network graph's neuron maps, for (runner, θ).
  int maps_runner_ = -1;
  optim::Vec<double> maps_theta_;
  scenes::NeuronMaps maps_;
  scenes::NetworkGraph graph_;
};

}  // namespace lab::app
