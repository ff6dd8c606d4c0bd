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
#include <vector>

#include "lab/app/panels.hpp"
#include "lab/app/surface_view.hpp"
#include "lab/model/legend.hpp"

namespace lab::app {

namespace {

using Metric = std::function<double(const model::StepRecord&)>;

void plot(const char* id, const char* title, const model::Experiment& e, const UiState& ui, const Metric& metric,
          bool log_scale, ImVec2 size) {
  const float s = ui.scale;
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, size);
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 p1(p0.x + size.x, p0.y + size.y);
  const float left = ImGui::CalcTextSize("−0.0e−00").x + 8 * s, bottom = ImGui::GetTextLineHeight() + 6 * s,
              top = ImGui::GetTextLineHeight() + 4 * s;
  const ImVec2 a(p0.x + left, p0.y + top), b(p1.x - 8 * s, p1.y - bottom);
  list->AddRectFilled(p0, p1, IM_COL32(14, 14, 18, 255));
  list->PushClipRect(p0, p1, true);
  // The title from the plot's left edge; where even that is too narrow (a large UI
  // scale), a little smaller, rather than cut off.
  const float room = p1.x - p0.x - 16 * s, title_w = ImGui::CalcTextSize(title).x;
  const float title_x = title_w <= p1.x - 8 * s - (p0.x + left) ? p0.x + left : p0.x + 8 * s;
  const float shrink = std::clamp(room / title_w, 0.7f, 1.0f);
  list->AddText(ImGui::GetFont(), ImGui::GetFontSize() * shrink, ImVec2(title_x, p0.y), IM_COL32(230, 230, 230, 255),
                title);
  list->PopClipRect();
  if (b.x - a.x < 20 || b.y - a.y < 20) return;
  list->AddRectFilled(a, b, IM_COL32(24, 24, 30, 255));

  const std::int64_t x_max = std::max<std::int64_t>(e.cursor(), 20);
  // One sample per two pixel columns: the y range from what is visible.
  const int columns = std::max(2, static_cast<int>((b.x - a.x) / 2));
  // Log axes stop at 1e−16: below that the difference is rounding, and an
  // exact 0 (a method that lands on the minimum) would flatten the plot.
  auto to_y = [&](double v) { return log_scale ? std::log10(std::max(v, 1e-16)) : v; };
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const model::Runner& r : e.runners()) {
    if (!r.enabled) continue;
    const std::int64_t last = std::min(e.cursor(), r.head());
    for (int c = 0; c < columns; ++c) {
      const auto k = static_cast<std::int64_t>(std::llround(static_cast<double>(c) * x_max / (columns - 1)));
      if (k > last) break;
      const double v = to_y(metric(r.history()[static_cast<std::size_t>(k)]));
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
  }
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  if (hi - lo < 1e-9) lo -= 0.5, hi += 0.5;
  const double pad = 0.05 * (hi - lo);
  lo -= pad, hi += pad;
  auto sx = [&](double k) { return a.x + static_cast<float>(k / x_max) * (b.x - a.x); };
  auto sy = [&](double v) { return b.y - static_cast<float>((v - lo) / (hi - lo)) * (b.y - a.y); };

  // Grid and labels: decades on a log axis, five ticks otherwise.
  const ImU32 grid = IM_COL32(255, 255, 255, 28), text = IM_COL32(200, 200, 200, 255);
  const double tick = log_scale ? std::max(1.0, std::ceil((hi - lo) / 5)) : (hi - lo) / 4;
  for (double v = log_scale ? std::ceil(lo) : lo + pad; v <= hi; v += tick) {
    const float y = sy(v);
    list->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), grid);
    char buf[32];
    if (log_scale)
      std::snprintf(buf, sizeof buf, "1e%d", static_cast<int>(v));
    else
      std::snprintf(buf, sizeof buf, "%.3g", v);
    const ImVec2 ts = ImGui::CalcTextSize(buf);
    list->AddText(ImVec2(a.x - ts.x - 4 * s, y - ts.y / 2), text, buf);
  }
  const int x_ticks = std::clamp(static_cast<int>((b.x - a.x) / (90 * s)), 1, 4);
  for (int i = 0; i <= x_ticks; ++i) {
    const double k = std::round(static_cast<double>(x_max) * i / x_ticks);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(k));
    const ImVec2 ts = ImGui::CalcTextSize(buf);
    list->AddText(ImVec2(std::clamp(sx(k) - ts.x / 2, a.x, b.x - ts.x), b.y + 2 * s), text, buf);
  }

  list->PushClipRect(a, b, true);
  std::vector<ImVec2> pts;
  for (const model::Runner& r : e.runners()) {
    if (!r.enabled) continue;
    const std::int64_t last = std::min(e.cursor(), r.head());
    pts.clear();
    std::int64_t prev = -1;
    for (int c = 0; c < columns; ++c) {
      auto k = static_cast<std::int64_t>(std::llround(static_cast<double>(c) * x_max / (columns - 1)));
      k = std::min(k, last);
      if (k == prev) continue;
      prev = k;
      const double v = to_y(metric(r.history()[static_cast<std::size_t>(k)]));
      if (!std::isfinite(v)) break;
      pts.emplace_back(sx(static_cast<double>(k)), sy(v));
      if (k == last) break;
    }
    if (pts.size() > 1)
      list->AddPolyline(pts.data(), static_cast<int>(pts.size()), runner_color(r.color), 0, std::round(2.0f * s));
    if (r.diverged_at() && *r.diverged_at() <= e.cursor() && !pts.empty()) {
      const ImVec2 q(sx(static_cast<double>(*r.diverged_at())), pts.back().y);
      const float d = 5 * s;
      list->AddLine(ImVec2(q.x - d, q.y - d), ImVec2(q.x + d, q.y + d), runner_color(r.color), 2.5f * s);
      list->AddLine(ImVec2(q.x - d, q.y + d), ImVec2(q.x + d, q.y - d), runner_color(r.color), 2.5f * s);
    }
    for (const model::HyperChange& c : r.changes())
      list->AddLine(ImVec2(sx(static_cast<double>(c.step)), a.y), ImVec2(sx(static_cast<double>(c.step)), a.y + 8 * s),
                    runner_color(r.color), 2 * s);
  }
  // The cursor.
  list->AddLine(ImVec2(sx(static_cast<double>(e.cursor())), a.y), ImVec2(sx(static_cast<double>(e.cursor())), b.y),
                IM_COL32(255, 255, 255, 120), 1.5f * s);
  // Hover readout.
  if (hovered && ImGui::GetIO().MousePos.x >= a.x) {
    const auto k = std::clamp<std::int64_t>(
        static_cast<std::int64_t>(std::llround((ImGui::GetIO().MousePos.x - a.x) / (b.x - a.x) * x_max)), 0,
        e.cursor());
    list->AddLine(ImVec2(sx(static_cast<double>(k)), a.y), ImVec2(sx(static_cast<double>(k)), b.y),
                  IM_COL32(255, 255, 120, 160), 1.0f * s);
    ImGui::BeginTooltip();
    ImGui::Text("step %lld", static_cast<long long>(k));
    for (const model::Runner& r : e.runners()) {
      if (!r.enabled) continue;
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(runner_color(r.color)), "%s", model::runner_name(r, k).c_str());
      ImGui::SameLine();
      if (k > r.head())
        ImGui::TextDisabled(r.diverged_at() ? "diverged" : "not computed");
      else
        ImGui::Text("%.6g", metric(r.history()[static_cast<std::size_t>(k)]));
    }
    ImGui::EndTooltip();
  }
  list->PopClipRect();
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
