// lab/app/plots_panel.cpp — f and the distance to the nearest minimum,
// against step, for every runner.
//
//   left:  log₁₀(f(θ) − f*) (f* the global minimum's value), or f itself
//          on surfaces with no minimum (saddles)
//   right: log₁₀ ‖θ − θ*‖ to the nearest known minimum
// The x axis follows the timeline cursor (0 … max(cursor, 20)); hovering reads
// the values at the step under the mouse; a diverged runner ends with ✕.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "lab/app/line_plot.hpp"
#include "lab/app/panels.hpp"
#include "lab/app/surface_view.hpp"
#include "lab/model/legend.hpp"

namespace lab::app {

namespace {

using Metric = std::function<double(const model::StepRecord&)>;

// One series per enabled runner, sampled once per two pixel columns of the
// plot (the last recorded step always included); hyperparameter changes are
// the plot's events.
void plot(const char* id, const char* title, const model::Experiment& e, const UiState& ui, const Metric& metric,
          bool log_scale, ImVec2 size) {
  const std::int64_t x_max = std::max<std::int64_t>(e.cursor(), 20);
  const int columns = std::max(2, static_cast<int>(size.x / 2));
  std::vector<PlotSeries> series;
  std::vector<PlotEvent> events;
  for (const model::Runner& r : e.runners()) {
    if (!r.enabled) continue;
    PlotSeries se;
    se.color = runner_color(r.color);
    se.label = model::runner_name(r, e.cursor());
    se.cross_at_end = r.diverged_at() && *r.diverged_at() <= e.cursor();
    const std::int64_t last = std::min(e.cursor(), r.head());
    std::int64_t prev = -1;
    for (int c = 0; c < columns && prev < last; ++c) {
      const auto k =
          std::min(last, static_cast<std::int64_t>(std::llround(static_cast<double>(c) * static_cast<double>(x_max) /
                                                                static_cast<double>(columns - 1))));
      if (k == prev) continue;
      prev = k;
      se.points.emplace_back(static_cast<float>(k),
                             static_cast<float>(metric(r.history()[static_cast<std::size_t>(k)])));
    }
    series.push_back(std::move(se));
    for (const model::HyperChange& c : r.changes()) {
      char text[160];
      std::snprintf(text, sizeof text, "step %lld: %s %s %g → %g", static_cast<long long>(c.step),
                    model::runner_name(r, c.step).c_str(), c.key.c_str(), c.previous, c.value);
      events.push_back({static_cast<double>(c.step), runner_color(r.color), text});
    }
  }
  LinePlot p;
  p.id = id;
  p.title = title;
  p.size = size;
  p.scale = ui.scale;
  p.log_y = log_scale;
  p.x_max = static_cast<double>(x_max);
  p.cursor = static_cast<double>(e.cursor());
  draw_line_plot(p, series, events);
}

}  // namespace

void draw_plots_panel(const model::Experiment& e, const UiState& ui) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const ImVec2 size((avail.x - gap) / 2, avail.y);
  const auto minima = e.surface().minima();
  double f_star = std::numeric_limits<double>::infinity();
  for (const auto& m : minima) f_star = std::min(f_star, m.f);
  if (std::isfinite(f_star)) {
    plot(
        "##f", "f(θ) − f*  (log)", e, ui, [f_star](const model::StepRecord& s) { return s.f - f_star; }, true, size);
  } else {
    plot(
        "##f", e.scene().formula.empty() ? "f(θ)  (no minimum: unbounded below)" : "f(θ)  (no known minimum)", e, ui,
        [](const model::StepRecord& s) { return s.f; }, false, size);
  }
  ImGui::SameLine();
  if (!minima.empty()) {
    plot(
        "##d", "distance to the nearest minimum  (log)", e, ui,
        [minima](const model::StepRecord& s) {
          double best = std::numeric_limits<double>::infinity();
          for (const auto& m : minima) best = std::min(best, std::hypot(s.theta.x() - m.x, s.theta.y() - m.y));
          return best;
        },
        true, size);
  } else {
    plot(
        "##d", "distance from the start", e, ui,
        [start = e.start()](const model::StepRecord& s) { return (s.theta - start).norm(); }, false, size);
  }
}

}  // namespace lab::app
