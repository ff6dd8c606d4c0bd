// lab/app/network_pane.hpp — the small-network pane's widgets: an optimizer's
// decision regions, its network graph (Playground-style), and the one loss
// plane shared by every optimizer.
//
// Each widget draws plain data computed elsewhere (scenes/network_views.hpp,
// scenes/loss_plane.hpp, lab/model/plane_worker.hpp) into a child region of
// the given size, and returns what the user pointed at or clicked. None of
// them edits anything: the caller turns a click into a command (select that
// weight in the inspector, add a data point, rebuild the plane). Sizes are
// multiplied by the UI scale; text uses the current (projector-sized) font.
//
// A caller's frame, in short:
//   auto regions = scenes::decision_regions(problem, theta, grid);      // when θ or the cursor moved
//   auto mistakes = scenes::misclassified(problem, theta);
//   draw_decision_panel("##adam", {.data = &problem.data(), .regions = &regions, .mistakes = &mistakes,
//                                  .title = "Adam", .color = rgb}, {260, 260}, scale);
//   auto maps = scenes::neuron_maps(problem, theta, {.window = w, .nx = 14, .ny = 14});
//   auto graph = scenes::network_graph(problem, theta);
//   if (auto e = draw_network_graph("##net", graph, maps, {720, 420}, scale, selected); e.clicked_index) …
//   if (auto r = worker.poll()) plane_view.set_result(std::move(*r));
//   auto ev = plane_view.draw("##plane", {.trajectories = …, .optimizers = names, .choice = choice},
//                             {520, 520}, scale);
//   if (ev.choice_changed) … worker.request({.version = ++v, …}) with the new plane, or with
//                            make_plane and make_extent (a PCA is built on the worker, over a
//                            copy of the paths: scenes::pca_plane).
#pragma once

#include <imgui.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lab/app/field.hpp"
#include "lab/app/point_sprites.hpp"
#include "lab/model/palette.hpp"
#include "lab/model/plane_worker.hpp"
#include "scenes/loss_plane.hpp"
#include "scenes/network_views.hpp"

namespace lab::app {

// ---- colours shared by the widgets

// Class c's colour: Okabe–Ito first (told apart under the three common colour
// blindnesses), then two of Paul Tol's; none is white, the points' rim colour.
model::Rgb class_color(int c);
// A value in [−1, 1] as Playground shows weights and activations: orange for
// negative, near-white at 0, blue for positive (the pair stays apart for
// colour-blind viewers and in grey).
ImU32 diverging_color(double t, float alpha = 1.0f);

// ---- (i) decision regions

struct DecisionPanelData {
  const scenes::NetworkDataset* data = nullptr;
  const scenes::DecisionRegions* regions = nullptr;  // classes
  unsigned int regions_texture = 0;                  // regions_rgba(*regions), uploaded (field_texture.hpp)
  const scenes::FittedCurve* curve = nullptr;        // the 1-D regression set
  const scenes::Mistakes* mistakes = nullptr;        // may be null
  std::string title = {};                            // the optimizer's name
  model::Rgb color = {};                             // its colour: the frame and the curve
  const PointSprites* sprites = nullptr;             // the points' markers, prepared at the UI scale
  int title_lines = 1;  // 2: the title may wrap (every panel of a row reserves the same lines)
};

struct PanelPointer {
  bool hovered = false;
  bool clicked = false;  // left click inside: add a point there, say
  double x = 0, y = 0;   // input-plane coordinates under the mouse
};

// The class regions as RGBA bytes, a pixel per grid cell, top row first: the
// class colour over the dark background, stronger where the network is surer.
std::vector<unsigned char> regions_rgba(const scenes::DecisionRegions& regions);

// A panel's title in at most `lines` lines of `width` pixels: a title too
// wide for one line breaks after its last ", " (or space) that fits, so that
// "SGD ε = 0.1, batch 8" and "SGD ε = 0.1, full batch" still differ where
// the panels are narrow; what remains too wide ends in "…".
std::vector<std::string> panel_title_lines(const std::string& title, float font_size, float width, int lines);

// Class regions (shaded by confidence), train points filled, test points
// hollow, mistakes crossed out; for regression the curve and the points.
PanelPointer draw_decision_panel(const char* id, const DecisionPanelData& d, ImVec2 size, float scale);

// The class a click on a panel adds a point of: a radio button per class in
// the class's colour, continuing the current line. `chosen` is kept in
// 0 … classes − 1. The buttons' ids are "##class0", "##class1", …
void draw_class_choice(int classes, int& chosen);

// ---- (ii) the network graph

struct GraphPointer {
  std::optional<long> hovered_index;  // θ index of the weight under the mouse
  std::optional<long> clicked_index;  // … of the weight clicked: show its update in the inspector
};

// Every neuron a tiny heatmap of its activation (one scale per layer, 0
// white), every edge coloured by its weight's sign and as thick as |w|
// relative to the largest; hovering a weight shows its value and place;
// `selected_index` (a θ index) is outlined.
GraphPointer draw_network_graph(const char* id, const scenes::NetworkGraph& graph, const scenes::NeuronMaps& maps,
                                ImVec2 size, float scale, std::optional<long> selected_index = std::nullopt);

// ---- (iii) the shared loss plane

struct PlaneChoice {
  scenes::PlaneKind kind = scenes::PlaneKind::Pca;
  int first = 0, second = 1;  // plane (c)'s two optimizers, indices into PlaneViewData::optimizers
  std::uint64_t seed = 1;     // plane (b)'s directions
  bool operator==(const PlaneChoice&) const = default;
};

struct PlaneTrajectory {
  std::string name;
  model::Rgb color;
  std::vector<scenes::PlaneCoordinates> points;  // every step so far, projected
  long cursor = -1;                              // the timeline cursor's step (−1: none)
  // At the cursor point, when known (PlaneRequest::probes): true loss, plane loss, distance.
  std::optional<scenes::PointReport> cursor_report = std::nullopt;
};

// The report of the point the mouse is on, computed by the caller from
// PlaneViewEvents::hovered (scenes::report_point: two forward passes).
struct HoverReport {
  int trajectory = 0;
  long step = 0;
  scenes::PointReport report;
};

struct PlaneViewData {
  std::vector<PlaneTrajectory> trajectories = {};
  std::vector<std::string> optimizers = {};  // the names the (c) combos offer
  PlaneChoice choice = {};                   // the plane shown (or being computed)
  std::string problem = {};                  // why there is no plane yet, or "" (a result's own problem shows too)
  bool computing = false;                    // a newer grid is on its way
  std::optional<HoverReport> hover = std::nullopt;
};

struct PlaneViewEvents {
  bool choice_changed = false;
  PlaneChoice choice;                                // the new choice when changed
  std::optional<std::pair<int, long>> hovered = {};  // (trajectory, step) under the mouse
};

// Holds the last grid's picture (a texture, rebuilt only when a new grid or
// size arrives) between frames.
class PlaneView {
 public:
  PlaneView() = default;
  ~PlaneView();
  PlaneView(const PlaneView&) = delete;
  PlaneView& operator=(const PlaneView&) = delete;

  // The worker's newest result (PlaneWorker::poll()).
  void set_result(model::PlaneResult result);
  const std::optional<model::PlaneResult>& result() const { return result_; }

  // The combos, the heatmap with contours, every trajectory in its colour
  // with its cursor point, the three numbers on hover and at each cursor.
  PlaneViewEvents draw(const char* id, const PlaneViewData& d, ImVec2 size, float scale);

 private:
  void ensure_picture(int width, int height);

  std::optional<model::PlaneResult> result_;
  Field field_;
  bool picture_stale_ = true;
  unsigned int texture_ = 0;
};

}  // namespace lab::app
