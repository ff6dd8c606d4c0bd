// lab/app/line_plot.hpp — the one line-plot widget: curves against step or
// epoch, wherever the lab draws them (the race's plots, the CNN trainer's
// loss and accuracy, the next panes' curves).
//
//   title (shrinks to fit)                    ── legend ── (beside it, or below)
//   y ticks │ curves, dots, ✕ where a series ended by diverging
//           │ event ticks on the top edge (hyperparameter changes, LR cuts, checkpoints)
//           │ the cursor as a vertical line
//           └──────────────── x ticks
// Hovering shows a vertical line and every series' value there (and the
// events at that x). A log axis plots log₁₀ of the values (values ≤ 1e−16
// are drawn at 1e−16: an exact 0 would flatten the plot). Any number of
// points: long series are drawn in pieces (draw_lists.hpp).
#pragma once

#include <imgui.h>

#include <optional>
#include <string>
#include <vector>

namespace lab::app {

struct PlotSeries {
  std::vector<ImVec2> points;  // (x, y) in data units, x increasing; points with a non-finite y are skipped
  ImU32 color = IM_COL32(255, 255, 255, 255);
  float thickness = 2;        // in UI-scale pixels; 0: no line
  bool dots = false;          // a dot on every point
  bool cross_at_end = false;  // the series ended by diverging
  std::string label;          // "": not in the legend
};

// Something that happened at x, drawn as a tick on the top edge.
struct PlotEvent {
  double x = 0;
  ImU32 color = IM_COL32(255, 255, 255, 255);
  std::string text;  // in the hover readout
};

struct LinePlot {
  const char* id = "##plot";
  std::string title;
  ImVec2 size;
  float scale = 1;
  bool log_y = false;
  bool unit_y = false;  // y in [0, 1] (accuracy): the axis stays inside it
  double x_max = 1;     // x runs from 0
  std::optional<double> cursor;
  const char* x_name = "step";  // for the hover readout
  bool whole_x = true;          // x counts steps: the hover readout snaps to whole numbers
  bool legend = false;
  const char* empty_text = nullptr;  // shown while no series has a point
};

// Draws at the cursor position and advances it by `plot.size`.
void draw_line_plot(const LinePlot& plot, const std::vector<PlotSeries>& series,
                    const std::vector<PlotEvent>& events = {});

}  // namespace lab::app
