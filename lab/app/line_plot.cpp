#include "lab/app/line_plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "lab/app/draw_lists.hpp"
#include "lab/app/math_text.hpp"

namespace lab::app {

namespace {

constexpr ImU32 kAxis = IM_COL32(190, 190, 200, 255);
constexpr ImU32 kGrid = IM_COL32(255, 255, 255, 28);
constexpr ImU32 kText = IM_COL32(230, 230, 230, 255);

// A tick step of 1, 2 or 5 × 10^k giving about `count` ticks over `span`.
double nice_step(double span, int count) {
  const double raw = span / std::max(count, 1);
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (raw <= m * p) return m * p;
  return 10 * p;
}

// The title at the font size that fits `room` (down to 70%), cut with "…" below that.
void draw_title(ImDrawList* list, ImVec2 at, float room, const std::string& title) {
  const float full = ImGui::CalcTextSize(title.c_str()).x;
  const float size = ImGui::GetFontSize() * std::clamp(room / std::max(full, 1.0f), 0.7f, 1.0f);
  list->AddText(ImGui::GetFont(), size, at, kText, elide_to_width(title, size, room).c_str());
}

}  // namespace

void draw_line_plot(const LinePlot& plot, const std::vector<PlotSeries>& series, const std::vector<PlotEvent>& events) {
  const float s = plot.scale;
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(plot.id, ImVec2(std::max(plot.size.x, 1.0f), std::max(plot.size.y, 1.0f)));
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 p1(p0.x + plot.size.x, p0.y + plot.size.y);
  const float line_h = ImGui::GetTextLineHeight();
  auto to_y = [&](double v) { return plot.log_y ? std::log10(std::max(v, 1e-16)) : v; };

  // The legend beside the title when both fit, else on a line of its own.
  float legend_w = 0;
  if (plot.legend)
    for (const PlotSeries& se : series)
      if (!se.label.empty()) legend_w += ImGui::CalcTextSize(se.label.c_str()).x + 36 * s;
  const float left = ImGui::CalcTextSize("−0.0e−00").x + 8 * s;
  const float title_room = p1.x - p0.x - 16 * s;
  const bool own_line = legend_w > 0 && ImGui::CalcTextSize(plot.title.c_str()).x + 16 * s + legend_w > title_room;
  const float top = line_h * (own_line ? 2 : 1) + (own_line ? 10 : 6) * s;
  const ImVec2 a(p0.x + left, p0.y + top), b(p1.x - 10 * s, p1.y - line_h - 6 * s);
  list->AddRectFilled(p0, p1, IM_COL32(14, 14, 18, 255));
  list->PushClipRect(p0, p1, true);
  draw_title(list, ImVec2(p0.x + 8 * s, p0.y + 2 * s), own_line || legend_w == 0 ? title_room : title_room - legend_w,
             plot.title);
  if (plot.legend) {
    const float ly = own_line ? p0.y + line_h + 6 * s : p0.y + 2 * s;
    float lx = p1.x - 10 * s;
    for (auto it = series.rbegin(); it != series.rend(); ++it) {
      if (it->label.empty()) continue;
      lx -= ImGui::CalcTextSize(it->label.c_str()).x;
      list->AddText(ImVec2(lx, ly), it->color, it->label.c_str());
      lx -= 22 * s;
      list->AddLine(ImVec2(lx, ly + line_h / 2), ImVec2(lx + 16 * s, ly + line_h / 2), it->color, 3 * s);
      lx -= 14 * s;
    }
  }
  list->PopClipRect();
  if (b.x - a.x < 20 || b.y - a.y < 20) return;
  list->AddRectFilled(a, b, IM_COL32(24, 24, 30, 255));

  // The y range from what is drawn.
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const PlotSeries& se : series)
    for (const ImVec2& q : se.points)
      if (const double v = to_y(q.y); std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!std::isfinite(lo)) {
    if (plot.empty_text) list->AddText(ImVec2(a.x + 10 * s, a.y + 10 * s), kAxis, plot.empty_text);
    lo = 0, hi = 1;
  }
  if (plot.unit_y) lo = std::max(0.0, std::floor(lo * 10) / 10), hi = std::min(1.0, std::max(hi + 0.01, lo + 0.05));
  if (hi - lo < 1e-9) lo -= 0.5, hi += 0.5;
  if (!plot.unit_y) {
    const double pad = 0.05 * (hi - lo);
    lo -= pad, hi += pad;
  }
  const double x_max = std::max(plot.x_max, 1e-9);
  auto X = [&](double x) { return a.x + static_cast<float>(x / x_max) * (b.x - a.x); };
  auto Y = [&](double v) { return b.y - static_cast<float>((v - lo) / (hi - lo)) * (b.y - a.y); };

  // Grid and labels: decades on a log axis, 1-2-5 steps otherwise.
  // As many y ticks as fit with a line of text between them (at most five).
  const int y_ticks = std::clamp(static_cast<int>((b.y - a.y) / (2.2f * line_h)), 1, 5);
  const double ys = plot.log_y ? std::max(1.0, std::ceil((hi - lo) / y_ticks)) : nice_step(hi - lo, y_ticks);
  for (double v = std::ceil(lo / ys) * ys; v <= hi + 1e-12; v += ys) {
    list->AddLine(ImVec2(a.x, Y(v)), ImVec2(b.x, Y(v)), kGrid);
    char buf[32];
    if (plot.log_y)
      std::snprintf(buf, sizeof buf, "1e%d", static_cast<int>(std::lround(v)));
    else
      std::snprintf(buf, sizeof buf, "%.3g", std::abs(v) < 1e-12 * ys ? 0.0 : v);
    const ImVec2 ts = ImGui::CalcTextSize(buf);
    list->AddText(ImVec2(a.x - ts.x - 4 * s, Y(v) - ts.y / 2), kAxis, buf);
  }
  const int x_ticks = std::clamp(static_cast<int>((b.x - a.x) / (90 * s)), 2, 6);  // at least one besides 0
  const double xs = plot.whole_x ? std::max(1.0, nice_step(x_max, x_ticks)) : nice_step(x_max, x_ticks);
  for (double x = 0; x <= x_max + 1e-9; x += xs) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    const ImVec2 ts = ImGui::CalcTextSize(buf);
    list->AddText(ImVec2(std::clamp(X(x) - ts.x / 2, a.x, b.x - ts.x), b.y + 2 * s), kAxis, buf);
  }

  list->PushClipRect(a, b, true);
  std::vector<ImVec2> pts;
  for (const PlotSeries& se : series) {
    pts.clear();
    for (const ImVec2& q : se.points)
      if (const double v = to_y(q.y); std::isfinite(v)) pts.emplace_back(X(q.x), Y(v));
    if (pts.size() >= 2 && se.thickness > 0)  // whole pixels: ImGui's cheap textured lines
      add_long_polyline(list, pts.data(), static_cast<int>(pts.size()), se.color,
                        std::max(1.0f, std::round(se.thickness * s)));
    if (se.dots)
      for (const ImVec2& q : pts) list->AddCircleFilled(q, 4.5f * s, se.color);
    if (se.cross_at_end && !pts.empty()) {
      const ImVec2 q = pts.back();
      const float d = 5 * s;
      list->AddLine(ImVec2(q.x - d, q.y - d), ImVec2(q.x + d, q.y + d), se.color, 2.5f * s);
      list->AddLine(ImVec2(q.x - d, q.y + d), ImVec2(q.x + d, q.y - d), se.color, 2.5f * s);
    }
  }
  for (const PlotEvent& ev : events) list->AddLine(ImVec2(X(ev.x), a.y), ImVec2(X(ev.x), a.y + 8 * s), ev.color, 2 * s);
  if (plot.cursor)
    list->AddLine(ImVec2(X(*plot.cursor), a.y), ImVec2(X(*plot.cursor), b.y), IM_COL32(255, 255, 255, 120), 1.5f * s);

  // Hover: the values at the x under the mouse.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (hovered && mouse.x >= a.x && mouse.x <= b.x) {
    double x = (mouse.x - a.x) / (b.x - a.x) * x_max;
    if (plot.whole_x) x = std::round(x);
    if (plot.cursor) x = std::min(x, *plot.cursor);
    list->AddLine(ImVec2(X(x), a.y), ImVec2(X(x), b.y), IM_COL32(255, 255, 120, 160), 1.0f * s);
    ImGui::BeginTooltip();
    ImGui::Text("%s %g", plot.x_name, x);
    for (const PlotSeries& se : series) {
      if (se.label.empty() || se.points.empty()) continue;
      // The last point at or before x.
      auto it = std::upper_bound(se.points.begin(), se.points.end(), static_cast<float>(x) + 1e-4f,
                                 [](float v, const ImVec2& q) { return v < q.x; });
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(se.color), "%s", se.label.c_str());
      ImGui::SameLine();
      if (it == se.points.begin() || (it == se.points.end() && se.points.back().x + 1e-4f < x && se.cross_at_end))
        ImGui::TextDisabled(se.cross_at_end ? "diverged" : "—");
      else
        ImGui::Text("%.6g", std::prev(it)->y);
    }
    for (const PlotEvent& ev : events)
      if (std::abs(X(ev.x) - X(x)) < 4 * s && !ev.text.empty())
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ev.color), "%s", ev.text.c_str());
    ImGui::EndTooltip();
  }
  list->PopClipRect();
}

}  // namespace lab::app
