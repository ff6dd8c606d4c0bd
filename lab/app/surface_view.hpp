// lab/app/surface_view.hpp — the surface, the race on it, and what the
// inspector shows of the selected step.
//
// Heatmap with contour lines (one texture, rebuilt only when the scene or
// the window changes), minima, a color legend, each runner's trajectory with a
// marker per step, and the selected step's arrows, look-ahead point,
// line-search probes and V ellipse. Drag pans, the wheel zooms, a click sets
// the start for every runner, shift-click for the selected one. The legend
// sits where it hides the least (paths, start, minima, color bar); a click on
// it folds it to one line, a drag moves it.
#pragma once

#include <imgui.h>

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <utility>

#include "lab/app/field.hpp"
#include "lab/app/preset_caption.hpp"
#include "lab/app/screen_paths.hpp"
#include "lab/app/ui_state.hpp"
#include "lab/model/commands.hpp"
#include "lab/model/experiment.hpp"

namespace lab::app {

// World ↔ screen for a canvas showing `window` (same scale on both axes).
struct Mapping {
  ImVec2 origin, size;  // canvas, pixels
  scenes::View window;  // the world rectangle it shows

  static Mapping fit(const scenes::View& view, ImVec2 origin, ImVec2 size);
  ImVec2 to_screen(double x, double y) const;
  Eigen::Vector2d to_world(ImVec2 p) const;
  // p moved onto the canvas and a margin of four canvases around it: far
  // outside, a float's pixels lose their precision and ImGui its lines, and
  // the margin keeps a path's direction at the edge.
  ImVec2 clamp(ImVec2 p) const;
  double pixels_per_unit() const { return size.x / (window.x_max - window.x_min); }
};

class SurfaceView {
 public:
  SurfaceView() = default;
  SurfaceView(const SurfaceView&) = delete;
  SurfaceView& operator=(const SurfaceView&) = delete;
  ~SurfaceView();

  // Draws into the current window's remaining content region.
  void draw(const model::Experiment& e, UiState& ui, model::CommandQueue& queue);
  // The canvas of the last frame, for screenshots' metadata and tests.
  ImVec2 canvas_min() const { return canvas_min_; }
  ImVec2 canvas_max() const { return canvas_max_; }
  const Field& field() const { return field_; }
  // The legend box of the last frame (UI tests mask its color swatches).
  ImVec2 legend_min() const { return legend_min_; }
  ImVec2 legend_max() const { return legend_max_; }
  bool legend_folded() const { return legend_folded_; }
  // The preset's caption box of the last frame (zero when hidden or dismissed).
  ImVec2 caption_min() const { return caption_.box_min(); }
  ImVec2 caption_max() const { return caption_.box_max(); }

 private:
  void ensure_field(const model::Experiment& e, const Mapping& m, bool contours);
  void draw_heatmap(ImDrawList* list, const Mapping& m) const;
  void draw_minima(ImDrawList* list, const model::Experiment& e, const Mapping& m, float scale) const;
  void draw_colorbar(ImDrawList* list, const Mapping& m, float scale);
  void draw_trajectories(ImDrawList* list, const model::Experiment& e, const Mapping& m, const UiState& ui);
  void draw_inspection(ImDrawList* list, const model::Experiment& e, const Mapping& m, const UiState& ui) const;
  void draw_legend(ImDrawList* list, const model::Experiment& e, const Mapping& m, UiState& ui);
  enum class Corner { TopLeft, BottomRight };
  std::pair<ImVec2, double> place_box(const model::Experiment& e, const Mapping& m, ImVec2 size, float scale,
                                      Corner preferred, ImVec2 avoid_min = {}, ImVec2 avoid_max = {}) const;
  void legend_input();
  void handle_input(const model::Experiment& e, const Mapping& m, UiState& ui, model::CommandQueue& queue);

  unsigned int texture_ = 0;
  Field field_;
  bool have_field_ = false;
  model::SceneSpec field_scene_;
  bool field_contours_ = true;
  ImVec2 canvas_min_{}, canvas_max_{};
  bool dragged_ = false;  // the current press became a pan, not a click
  // The legend: where it was drawn last frame, whether it is folded to one
  // line (the user's choice, else folded when no place would leave the start,
  // the minima and the current points visible), and where the user dragged
  // it (relative to the canvas; none: placed automatically).
  ImVec2 legend_min_{}, legend_max_{};
  bool legend_folded_ = false;
  std::optional<bool> legend_folded_by_user_;
  std::optional<ImVec2> legend_moved_;
  bool legend_pressed_ = false, legend_dragging_ = false, legend_has_mouse_ = false;
  ImVec2 colorbar_min_{}, colorbar_max_{};
  PresetCaption caption_;
  ScreenPaths paths_;  // the runners' paths in pixels, from the last frames
};

// Shared drawing helpers (also used by the 3-D view and the plots).
ImU32 runner_color(const model::Rgb& c, float alpha = 1.0f);
void draw_arrow(ImDrawList* list, ImVec2 from, ImVec2 to, ImU32 color, float thickness);
void draw_outlined_text(ImDrawList* list, ImVec2 pos, ImU32 color, const char* text);

}  // namespace lab::app
