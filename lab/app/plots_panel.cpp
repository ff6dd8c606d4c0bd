// lab/app/plots_panel.cpp — f and the distance to the nearest minimum,
// against step, for every runner.
//
//   left:  log₁₀(f(θ) − f*) (f* the global minimum's value), or f itself
//          on surfaces with no minimum (saddles)
//   right: log₁₀ ‖θ − θ*‖ to the nearest known minimum
// On a network scene:
//   left:  the training loss over the whole training set (log)
//   right: a chosen curve: test loss, training or test accuracy, the step
//          turn cos(Δθₖ, Δθₖ₋₁) (−1: a zig-zag), or one layer's ‖g‖ (the
//          gradient its step used) or ‖Δθ‖
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
#include "lab/model/network_measures.hpp"
#include "lab/model/presets.hpp"

namespace lab::app {

namespace {

// The value shown for runner r at step k.
using Metric = std::function<double(const model::Runner& r, std::int64_t k)>;

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
      se.points.emplace_back(static_cast<float>(k), static_cast<float>(metric(r, k)));
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

// A metric reading one number of the step's record.
Metric record(std::function<double(const model::StepRecord&)> of) {
  return [of = std::move(of)](const model::Runner& r, std::int64_t k) {
    return of(r.history()[static_cast<std::size_t>(k)]);
  };
}

void draw_network_plots(const model::Experiment& e, UiState& ui, ImVec2 size) {
  plot("##loss", "training loss  (log)", e, ui, record([](const model::StepRecord& s) { return s.f; }), true, size);
  ImGui::SameLine();
  ImGui::BeginGroup();
  const std::vector<model::ParameterBlock> blocks = e.problem().blocks();
  std::vector<std::string> names = {"test loss", "training accuracy", "test accuracy", "step turn: cos(Δθₖ, Δθₖ₋₁)"};
  for (const auto& b : blocks) names.push_back("‖g‖ of " + b.name);
  for (const auto& b : blocks) names.push_back("‖Δθ‖ of " + b.name);
  ui.network_curve = std::clamp(ui.network_curve, 0, static_cast<int>(names.size()) - 1);
  const auto chosen = static_cast<std::size_t>(ui.network_curve);
  ImGui::SetNextItemWidth(size.x);
  if (ImGui::BeginCombo("##curve", names[chosen].c_str())) {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (ImGui::Selectable(names[i].c_str(), i == chosen)) ui.network_curve = static_cast<int>(i);
    ImGui::EndCombo();
  }
  place_last_item(ui, "network-curve");
  const ImVec2 below(size.x, std::max(40.0f, size.y - ImGui::GetFrameHeightWithSpacing()));
  const std::size_t layers = blocks.size(), first_layer = model::kNetworkCurves;
  const auto turn = static_cast<std::size_t>(model::NetworkCurve::StepTurn);
  if (chosen == turn) {
    // A zig-zag shows as a curve near −1: each step undoes much of the last.
    plot("##curve-plot", names[chosen].c_str(), e, ui, model::step_turn, false, below);
  } else if (chosen < first_layer + layers) {
    // The measures' order: test loss, training accuracy, test accuracy, ‖g‖ per layer.
    const std::size_t at = chosen == 0   ? model::NetworkProblem::kTestLoss
                           : chosen == 1 ? model::NetworkProblem::kTrainAccuracy
                           : chosen == 2 ? model::NetworkProblem::kTestAccuracy
                                         : model::NetworkProblem::kFirstLayerGradient + (chosen - first_layer);
    const bool log_scale = chosen == 0 || chosen >= first_layer;
    plot("##curve-plot", names[chosen].c_str(), e, ui, record([at](const model::StepRecord& s) {
           return at < s.measures.size() ? s.measures[at] : std::numeric_limits<double>::quiet_NaN();
         }),
         log_scale, below);
  } else {
    const model::ParameterBlock b = blocks[chosen - first_layer - layers];
    plot(
        "##curve-plot", names[chosen].c_str(), e, ui,
        [b](const model::Runner& r, std::int64_t k) {
          if (k == 0) return std::numeric_limits<double>::quiet_NaN();  // no step yet
          return (r.at(k).theta.segment(b.offset, b.size) - r.at(k - 1).theta.segment(b.offset, b.size)).norm();
        },
        true, below);
  }
  ImGui::EndGroup();
}

}  // namespace

void draw_plots_panel(const model::Experiment& e, UiState& ui) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const ImVec2 size((avail.x - gap) / 2, avail.y);
  if (e.network() != nullptr) {
    draw_network_plots(e, ui, size);
    return;
  }
  const auto minima = e.surface().minima();
  double f_star = std::numeric_limits<double>::infinity();
  for (const auto& m : minima) f_star = std::min(f_star, m.f);
  if (std::isfinite(f_star)) {
    plot("##f", "f(θ) − f*  (log)", e, ui, record([f_star](const model::StepRecord& s) { return s.f - f_star; }), true,
         size);
  } else {
    plot("##f", e.scene().formula.empty() ? "f(θ)  (no minimum: unbounded below)" : "f(θ)  (no known minimum)", e, ui,
         record([](const model::StepRecord& s) { return s.f; }), false, size);
  }
  ImGui::SameLine();
  if (!minima.empty()) {
    plot("##d", "distance to the nearest minimum  (log)", e, ui, record([minima](const model::StepRecord& s) {
           double best = std::numeric_limits<double>::infinity();
           for (const auto& m : minima) best = std::min(best, std::hypot(s.theta.x() - m.x, s.theta.y() - m.y));
           return best;
         }),
         true, size);
  } else {
    plot("##d", "distance from the start", e, ui,
         record([start = e.start()](const model::StepRecord& s) { return (s.theta - start).norm(); }), false, size);
  }
}

}  // namespace lab::app
