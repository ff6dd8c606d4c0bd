// lab/app/surface_view.cpp
//
// [SECTION] helpers   [SECTION] field and texture   [SECTION] drawing
// [SECTION] inspection overlay   [SECTION] input
#include "lab/app/surface_view.hpp"

#include <GL/gl.h>

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "lab/app/colormap.hpp"
#include "lab/app/draw_lists.hpp"
#include "lab/app/field_texture.hpp"
#include "lab/app/math_text.hpp"
#include "lab/app/message_toasts.hpp"
#include "lab/app/network_inset.hpp"
#include "lab/app/undefined_note.hpp"
#include "lab/app/view3d.hpp"
#include "lab/model/legend.hpp"
#include "scenes/network_data.hpp"

namespace lab::app {

// [SECTION] helpers -----------------------------------------------------------

ImU32 runner_color(const model::Rgb& c, float alpha) {
  return IM_COL32(c.r, c.g, c.b, static_cast<int>(alpha * 255));
}

void draw_arrow(ImDrawList* list, ImVec2 a, ImVec2 b, ImU32 color, float t) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len < 1.0f) return;
  const float ux = dx / len, uy = dy / len;
  const float head = std::min(len * 0.45f, 4.5f * t);
  const ImVec2 base(b.x - ux * head, b.y - uy * head);
  const ImVec2 l(base.x - uy * head * 0.55f, base.y + ux * head * 0.55f);
  const ImVec2 r(base.x + uy * head * 0.55f, base.y - ux * head * 0.55f);
  const ImU32 dark = IM_COL32(0, 0, 0, 200);
  list->AddLine(a, base, dark, t + 2.0f);
  list->AddTriangleFilled(ImVec2(b.x + ux, b.y + uy), ImVec2(l.x - ux, l.y - uy), ImVec2(r.x - ux, r.y - uy), dark);
  list->AddLine(a, base, color, t);
  list->AddTriangleFilled(b, l, r, color);
}

void draw_outlined_text(ImDrawList* list, ImVec2 p, ImU32 color, const char* text) {
  const ImU32 dark = IM_COL32(0, 0, 0, 220);
  for (int dx = -1; dx <= 1; ++dx)
    for (int dy = -1; dy <= 1; ++dy)
      if (dx || dy) math_text_at(list, ImVec2(p.x + static_cast<float>(dx), p.y + static_cast<float>(dy)), text, dark);
  math_text_at(list, p, text, color);
}

Mapping Mapping::fit(const scenes::View& v, ImVec2 origin, ImVec2 size) {
  Mapping m{origin, size, v};
  const double w = v.x_max - v.x_min, h = v.y_max - v.y_min;
  const double aspect = size.y > 0 ? size.x / size.y : 1.0;
  const double cx = 0.5 * (v.x_min + v.x_max), cy = 0.5 * (v.y_min + v.y_max);
  if (w / h < aspect) {
    const double half = 0.5 * h * aspect;
    m.window.x_min = cx - half, m.window.x_max = cx + half;
  } else {
    const double half = 0.5 * w / aspect;
    m.window.y_min = cy - half, m.window.y_max = cy + half;
  }
  return m;
}

ImVec2 Mapping::to_screen(double x, double y) const {
  const double u = (x - window.x_min) / (window.x_max - window.x_min);
  const double v = (window.y_max - y) / (window.y_max - window.y_min);
  return ImVec2(origin.x + static_cast<float>(u * size.x), origin.y + static_cast<float>(v * size.y));
}

ImVec2 Mapping::clamp(ImVec2 p) const {
  const float pad = 4 * std::max(size.x, size.y);
  return ImVec2(std::clamp(p.x, origin.x - pad, origin.x + size.x + pad),
                std::clamp(p.y, origin.y - pad, origin.y + size.y + pad));
}

Eigen::Vector2d Mapping::to_world(ImVec2 p) const {
  const double u = (p.x - origin.x) / size.x, v = (p.y - origin.y) / size.y;
  return {window.x_min + u * (window.x_max - window.x_min), window.y_max - v * (window.y_max - window.y_min)};
}

namespace {

bool finite(const Eigen::Vector2d& p) {
  return std::isfinite(p.x()) && std::isfinite(p.y());
}

using model::short_number;

}  // namespace

// [SECTION] field and texture -------------------------------------------------

SurfaceView::~SurfaceView() {
  if (texture_) glDeleteTextures(1, &texture_);
}

void SurfaceView::ensure_field(const model::Experiment& e, const Mapping& m, bool contours) {
  const int nx = std::clamp(static_cast<int>(m.size.x / 3), 64, 400);
  const int ny = std::clamp(static_cast<int>(static_cast<float>(nx) * m.size.y / std::max(m.size.x, 1.0f)), 32, 400);
  const int width = std::clamp(static_cast<int>(m.size.x), 16, 4096);
  const int height = std::clamp(static_cast<int>(m.size.y), 16, 4096);
  const auto& w = field_.window;
  const bool same = have_field_ && field_scene_ == e.scene() && nx == field_.nx && ny == field_.ny &&
                    width == field_.width && height == field_.height && contours == field_contours_ &&
                    w.x_min == m.window.x_min && w.x_max == m.window.x_max && w.y_min == m.window.y_min &&
                    w.y_max == m.window.y_max;
  if (same) return;
  field_ = build_field(e.surface(), m.window, nx, ny, contours ? 14 : 0, width, height);
  field_scene_ = e.scene();
  field_contours_ = contours;
  have_field_ = true;
  upload_field_texture(texture_, field_);
}

// [SECTION] drawing -----------------------------------------------------------

void SurfaceView::draw_heatmap(ImDrawList* list, const Mapping& m) const {
  list->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture_)), m.origin,
                 ImVec2(m.origin.x + m.size.x, m.origin.y + m.size.y));
}

void SurfaceView::draw_minima(ImDrawList* list, const model::Experiment& e, const Mapping& m, float scale) const {
  for (const scenes::Minimum& mn : e.surface().minima()) {
    const ImVec2 p = m.to_screen(mn.x, mn.y);
    const float r = (mn.global ? 9.0f : 6.5f) * scale;
    const ImU32 fill = mn.global ? IM_COL32(255, 255, 255, 255) : IM_COL32(200, 200, 200, 255);
    // A star for the global minimum, a ring for a local one.
    if (mn.global) {
      ImVec2 pts[10];
      for (int k = 0; k < 10; ++k) {
        const float a = -1.5708f + static_cast<float>(k) * 0.6283f;
        const float rr = k % 2 ? r * 0.45f : r;
        pts[k] = ImVec2(p.x + rr * std::cos(a), p.y + rr * std::sin(a));
      }
      list->AddConvexPolyFilled(pts, 10, IM_COL32(0, 0, 0, 0));
      for (int k = 0; k < 10; ++k) list->AddTriangleFilled(p, pts[k], pts[(k + 1) % 10], fill);
      list->AddPolyline(pts, 10, IM_COL32(0, 0, 0, 255), ImDrawFlags_Closed, 1.5f * scale);
    } else {
      list->AddCircle(p, r, IM_COL32(0, 0, 0, 255), 20, 4.0f * scale);
      list->AddCircle(p, r, fill, 20, 2.0f * scale);
    }
  }
}

void SurfaceView::draw_colorbar(ImDrawList* list, const Mapping& m, float scale) {
  const float w = 12 * scale, h = std::min(m.size.y * 0.42f, 260 * scale);
  const float x1 = m.origin.x + m.size.x - 14 * scale, x0 = x1 - w;
  const float y0 = m.origin.y + 14 * scale, y1 = y0 + h;
  const float label_w = ImGui::CalcTextSize("−0.000e+00").x * 0.8f;
  colorbar_min_ = ImVec2(x0 - label_w - 14 * scale, y0 - 8 * scale);
  colorbar_max_ = ImVec2(x1 + 6 * scale, y1 + 30 * scale);
  list->AddRectFilled(colorbar_min_, colorbar_max_, IM_COL32(0, 0, 0, 150), 4 * scale);
  const int bands = 48;
  for (int k = 0; k < bands; ++k) {
    const Color8 c = colormap(1.0 - (k + 0.5) / bands);
    list->AddRectFilled(ImVec2(x0, y0 + h * static_cast<float>(k) / static_cast<float>(bands)),
                        ImVec2(x1, y0 + h * static_cast<float>(k + 1) / static_cast<float>(bands) + 1),
                        IM_COL32(c.r, c.g, c.b, 255));
  }
  list->AddRect(ImVec2(x0, y0), ImVec2(x1, y1), IM_COL32(255, 255, 255, 160));
  const int ticks = h > 160 * scale ? 4 : 2;
  for (int k = 0; k <= ticks; ++k) {
    const double t = 1.0 - static_cast<double>(k) / ticks;
    const double z = field_.z_lo + t * (field_.z_hi - field_.z_lo);
    const std::string text = short_number(field_.f_of(z));
    const float y = y0 + h * static_cast<float>(k) / static_cast<float>(ticks);
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    list->AddLine(ImVec2(x0 - 4 * scale, y), ImVec2(x0, y), IM_COL32(255, 255, 255, 200), scale);
    list->AddText(ImVec2(x0 - 7 * scale - size.x, y - size.y / 2), IM_COL32(235, 235, 235, 255), text.c_str());
  }
  const char* caption = "f (log)";
  const ImVec2 cs = ImGui::CalcTextSize(caption);
  list->AddText(ImVec2(x1 - cs.x, y1 + 6 * scale), IM_COL32(235, 235, 235, 255), caption);
}

void SurfaceView::draw_trajectories(ImDrawList* list, const model::Experiment& e, const Mapping& m, const UiState& ui) {
  const float s = ui.scale;
  struct Path {
    std::size_t runner;
    std::vector<ImVec2> pts;
    bool diverged;
    float radius = 0;
  };
  std::vector<Path> paths;
  for (std::size_t i = 0; i < e.runners().size(); ++i) {
    const model::Runner& r = e.runners()[i];
    if (!r.enabled) continue;
    const std::int64_t last = std::min(e.cursor(), r.head());
    Path path{i, paths_.path(e, i, last, m), r.diverged_at() && last >= *r.diverged_at()};
    if (!path.pts.empty()) paths.push_back(std::move(path));
  }
  // Whole-pixel widths: ImGui then draws anti-aliased lines from its texture,
  // two vertices per point instead of four (llvmpipe, with no GPU, feels it).
  // A path can have tens of thousands of points: add_long_polyline keeps each
  // piece within 16-bit indices.
  auto thickness = [&](const Path& p) { return std::round((p.runner == e.selected() ? 3.2f : 2.2f) * s); };
  // Outlines first, then the colors: a later path never hides an earlier
  // one's color under its dark outline.
  for (const Path& p : paths)
    if (p.pts.size() > 1)
      add_long_polyline(list, p.pts.data(), static_cast<int>(p.pts.size()), IM_COL32(0, 0, 0, 170),
                        thickness(p) + std::round(2.5f * s));
  for (const Path& p : paths)
    if (p.pts.size() > 1)
      add_long_polyline(list, p.pts.data(), static_cast<int>(p.pts.size()), runner_color(e.runners()[p.runner].color),
                        thickness(p));
  // A marker per step while there are few steps and they stay apart on screen.
  if (ui.show_step_markers && e.cursor() <= 600)
    for (const Path& p : paths) {
      float mean_gap = 0;
      for (std::size_t k = 1; k < p.pts.size(); ++k)
        mean_gap += std::hypot(p.pts[k].x - p.pts[k - 1].x, p.pts[k].y - p.pts[k - 1].y);
      mean_gap /= static_cast<float>(std::max<std::size_t>(p.pts.size() - 1, 1));
      if (mean_gap <= 5 * s) continue;
      const ImU32 color = runner_color(e.runners()[p.runner].color);
      for (const ImVec2& q : p.pts) {
        list->AddCircleFilled(q, 2.8f * s, IM_COL32(0, 0, 0, 200), 8);
        list->AddCircleFilled(q, 2.0f * s, color, 8);
      }
    }
  // Current points. Runners that end on the same spot (two methods at the
  // same minimum) nest like a target: the earlier one gets the wider ring.
  const float base = 5.0f * s, ring = 3.5f * s;
  for (std::size_t a = 0; a < paths.size(); ++a) {
    int later = 0;
    for (std::size_t b = a + 1; b < paths.size(); ++b) {
      const ImVec2 d(paths[a].pts.back().x - paths[b].pts.back().x, paths[a].pts.back().y - paths[b].pts.back().y);
      if (d.x * d.x + d.y * d.y < (2 * base) * (2 * base) && !paths[b].diverged) ++later;
    }
    paths[a].radius = base + ring * static_cast<float>(later);
  }
  for (const Path& p : paths) {
    const ImVec2 now = p.pts.back();
    const ImU32 color = runner_color(e.runners()[p.runner].color);
    if (p.diverged) {
      const float d = 7 * s;
      list->AddLine(ImVec2(now.x - d, now.y - d), ImVec2(now.x + d, now.y + d), IM_COL32(0, 0, 0, 255), 5 * s);
      list->AddLine(ImVec2(now.x - d, now.y + d), ImVec2(now.x + d, now.y - d), IM_COL32(0, 0, 0, 255), 5 * s);
      list->AddLine(ImVec2(now.x - d, now.y - d), ImVec2(now.x + d, now.y + d), color, 3 * s);
      list->AddLine(ImVec2(now.x - d, now.y + d), ImVec2(now.x + d, now.y - d), color, 3 * s);
      continue;
    }
    list->AddCircleFilled(now, p.radius + 1.2f * s, IM_COL32(0, 0, 0, 230), 28);
    list->AddCircleFilled(now, p.radius, color, 28);
    if (p.runner == e.selected()) list->AddCircle(now, p.radius + 4.0f * s, IM_COL32(255, 255, 255, 230), 32, 2.0f * s);
  }
}

// Where a box (the legend, the preset's caption) hides the least: the
// preferred corner first, then the corners and sides (top left best), then a
// grid over the canvas, each scored by what it would cover. The
// score counts 1 per path point (a sample), 10⁴ per start, minimum or current
// point, 10⁶ for the color bar or the network inset; below 10⁴ nothing that
// must stay visible is covered.
std::pair<ImVec2, double> SurfaceView::place_box(const model::Experiment& e, const Mapping& m, ImVec2 size, float s,
                                                 Corner preferred, ImVec2 avoid_min, ImVec2 avoid_max) const {
  const ImVec2 o = m.origin, end(m.origin.x + m.size.x, m.origin.y + m.size.y);
  const float pad = 10 * s, right = end.x - pad - size.x, bottom = end.y - ImGui::GetFrameHeight() - pad - size.y;
  std::vector<ImVec2> candidates = {{o.x + pad, o.y + pad},
                                    {right, colorbar_max_.y + pad},
                                    {right, bottom},
                                    {o.x + pad, o.y + (m.size.y - size.y) / 2},
                                    {right, o.y + (m.size.y - size.y) / 2},
                                    {o.x + pad, bottom}};
  if (preferred == Corner::BottomRight) candidates.insert(candidates.begin(), ImVec2(right, bottom));
  for (int i = 0; i <= 6; ++i)
    for (int j = 0; j <= 6; ++j)
      candidates.emplace_back(o.x + pad + (right - o.x - pad) * static_cast<float>(i) / 6,
                              o.y + pad + (bottom - o.y - pad) * static_cast<float>(j) / 6);
  auto inside = [](ImVec2 p, ImVec2 a, ImVec2 b, float margin) {
    return p.x >= a.x - margin && p.x <= b.x + margin && p.y >= a.y - margin && p.y <= b.y + margin;
  };
  auto overlaps = [](ImVec2 a0, ImVec2 a1, ImVec2 b0, ImVec2 b1) {
    return a0.x < b1.x && b0.x < a1.x && a0.y < b1.y && b0.y < a1.y;
  };
  // What must stay visible: the start, the minima, each runner's current
  // point, and its path (a sample of it).
  std::vector<ImVec2> points, marks;
  marks.push_back(m.to_screen(e.start().x(), e.start().y()));
  for (const scenes::Minimum& mn : e.surface().minima()) marks.push_back(m.to_screen(mn.x, mn.y));
  for (const model::Runner& r : e.runners()) {
    if (!r.enabled) continue;
    const std::int64_t last = std::min(e.cursor(), r.head());
    const std::int64_t stride = std::max<std::int64_t>(1, last / 400);
    for (std::int64_t k = 0; k <= last; k += stride) {
      const Eigen::Vector2d& p = r.history()[static_cast<std::size_t>(k)].theta;
      if (finite(p)) points.push_back(m.to_screen(p.x(), p.y()));
    }
    const Eigen::Vector2d& now = r.history()[static_cast<std::size_t>(last)].theta;
    if (finite(now)) marks.push_back(m.to_screen(now.x(), now.y()));
  }
  // A small-network scene draws its inset in the lower-left corner.
  const bool inset = e.scene().formula.empty() && scenes::network_data(e.scene().surface) != nullptr;
  ImVec2 best = candidates[0];
  double best_score = std::numeric_limits<double>::infinity();
  for (const ImVec2& c : candidates) {
    const ImVec2 c1(c.x + size.x, c.y + size.y);
    if (c.y < o.y || c1.y > end.y || c.x < o.x || c1.x > end.x) continue;
    double score = 0;
    if (overlaps(c, c1, colorbar_min_, colorbar_max_)) score += 1e6;
    if (overlaps(c, c1, avoid_min, avoid_max)) score += 1e6;  // a box placed before (the legend)
    if (inset && c.x < o.x + m.size.x / 2 && c1.y > o.y + 0.5f * m.size.y) score += 1e6;  // its lower-left corner
    for (const ImVec2& p : marks) score += inside(p, c, c1, 12 * s) ? 1e4 : 0;
    for (const ImVec2& p : points) score += inside(p, c, c1, 4 * s) ? 1 : 0;
    if (score < best_score) best_score = score, best = c;
  }
  return {best, best_score};
}

// A click on the legend folds or unfolds it; a drag moves it. The surface
// ignores presses that start on the legend. (The surface's button is active
// from the press on, so hovering must allow an active item.)
void SurfaceView::legend_input() {
  const bool over = legend_max_.x > legend_min_.x &&
                    ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
                    ImGui::IsMouseHoveringRect(legend_min_, legend_max_);
  if (over && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) legend_pressed_ = true, legend_dragging_ = false;
  legend_has_mouse_ = legend_pressed_;
  if (!legend_pressed_) {
    if (over) ImGui::SetTooltip("legend: click to fold or unfold it, drag to move it");
    return;
  }
  if (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f)) {
    legend_dragging_ = true;
    const ImVec2 d = ImGui::GetIO().MouseDelta;
    legend_moved_ = ImVec2(legend_min_.x - canvas_min_.x + d.x, legend_min_.y - canvas_min_.y + d.y);
  }
  if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
    if (!legend_dragging_) legend_folded_by_user_ = !legend_folded_;
    legend_pressed_ = false;
  }
}

void SurfaceView::draw_legend(ImDrawList* list, const model::Experiment& e, const Mapping& m, UiState& ui) {
  legend_min_ = legend_max_ = ImVec2(0, 0);
  const float s = ui.scale;
  std::vector<std::string> lines;
  std::vector<model::RunState> states;
  for (std::size_t i = 0; i < e.runners().size(); ++i) {
    model::LegendLine line = model::legend_line(e, i);
    lines.push_back(std::move(line.text));
    states.push_back(line.state);
  }
  if (lines.empty()) return;
  // At a large UI scale the text shrinks before the legend takes more than
  // 40% of the canvas's width or half its height: to 75%, and at scale 2 or
  // more down to 1.25× the scale-1 size (a projector still reads it).
  float width = 0;
  for (const std::string& line : lines) width = std::max(width, ImGui::CalcTextSize(line.c_str()).x);
  const float swatch = 22 * s;
  const float full_h = (ImGui::GetTextLineHeight() + 4 * s) * static_cast<float>(lines.size()) + 8 * s;
  const float fit = std::min((0.4f * m.size.x - swatch - 22 * s) / std::max(width, 1.0f), 0.5f * m.size.y / full_h);
  const float shrink = std::clamp(fit, std::clamp(1.25f / s, 0.6f, 0.75f), 1.0f);
  ImFont* font = ImGui::GetFont();
  const float font_size = ImGui::GetFontSize() * shrink;
  const float line_h = (ImGui::GetTextLineHeight() + 4 * s) * shrink;
  // Unfolded where it fits without covering the start, a minimum or a current
  // point (or wherever the user put it); else folded to one line, until the
  // user unfolds it.
  const std::string folded_text = "legend ▸ " + std::to_string(lines.size());
  const ImVec2 folded_size(ImGui::CalcTextSize(folded_text.c_str()).x * shrink + 16 * s, line_h + 8 * s);
  ImVec2 size(swatch + width * shrink + 22 * s, line_h * static_cast<float>(lines.size()) + 8 * s);
  ImVec2 p0;
  if (legend_moved_) {
    p0 = ImVec2(canvas_min_.x + legend_moved_->x, canvas_min_.y + legend_moved_->y);
    legend_folded_ = legend_folded_by_user_.value_or(false);
  } else {
    auto [at, score] = place_box(e, m, size, s, Corner::TopLeft);
    legend_folded_ = legend_folded_by_user_.value_or(score >= 1e4);
    p0 = legend_folded_ ? place_box(e, m, folded_size, s, Corner::TopLeft).first : at;
  }
  if (legend_folded_) {
    size = folded_size;
    lines = {folded_text};
  }
  p0.x = std::clamp(p0.x, canvas_min_.x, std::max(canvas_min_.x, canvas_max_.x - size.x));
  p0.y = std::clamp(p0.y, canvas_min_.y, std::max(canvas_min_.y, canvas_max_.y - size.y));
  const ImVec2 p1(p0.x + size.x, p0.y + size.y);
  list->AddRectFilled(p0, p1, IM_COL32(10, 10, 14, 190), 5 * s);
  legend_min_ = p0;
  legend_max_ = p1;
  ui.place("legend", p0.x, p0.y, p1.x, p1.y);
  if (legend_folded_) {
    list->AddText(font, font_size, ImVec2(p0.x + 8 * s, p0.y + 4 * s), IM_COL32(220, 220, 220, 255), lines[0].c_str());
    return;
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const model::Runner& r = e.runners()[i];
    const float y = p0.y + 4 * s + line_h * static_cast<float>(i);
    const float cy = y + line_h / 2 - 2 * s;
    list->AddLine(ImVec2(p0.x + 8 * s, cy), ImVec2(p0.x + 8 * s + swatch, cy),
                  runner_color(r.color, r.enabled ? 1.0f : 0.35f), 3 * s);
    const ImU32 text = states[i] == model::RunState::Off       ? IM_COL32(150, 150, 150, 255)
                       : states[i] == model::RunState::Running ? IM_COL32(240, 240, 240, 255)
                                                               : IM_COL32(255, 120, 110, 255);
    list->AddText(font, font_size, ImVec2(p0.x + swatch + 16 * s, y), text, lines[i].c_str());
    if (i == e.selected()) list->AddText(font, font_size, ImVec2(p0.x - 1 * s, y), IM_COL32(255, 255, 255, 255), "›");
  }
}

// [SECTION] inspection overlay ------------------------------------------------

void SurfaceView::draw_inspection(ImDrawList* list, const model::Experiment& e, const Mapping& m,
                                  const UiState& ui) const {
  if (!ui.inspected || !ui.show_arrows) return;
  const auto index = model::runner_index(e, ui.inspected->runner);
  if (!index) return;
  const model::Runner& r = e.runners()[*index];
  if (!r.enabled) return;
  const auto& in = ui.inspected->inspection;
  const std::int64_t t = ui.inspected->step;
  const float s = ui.scale;
  const Eigen::Vector2d from = r.at(t - 1).theta;
  if (!finite(from)) return;
  const ImVec2 a = m.to_screen(from.x(), from.y());
  const float unit = 70 * s;  // the length of a direction arrow

  // The inverse-Hessian approximation V as an ellipse: axes along V's
  // eigenvectors, radii ∝ √λ (the longest drawn at 1.3 arrow lengths).
  if (const auto* V = in.matrix("V"); V && V->rows() == 2) {
    Eigen::Matrix2d v = *V;
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(0.5 * (v + v.transpose()));
    Eigen::Vector2d lam = eig.eigenvalues().cwiseMax(0).cwiseSqrt();
    // Once converged on a curved valley V is very elongated: drawn true it is
    // a needle. Keep the short axis at 1/12 of the long one and print the ratio.
    const double ratio = lam.minCoeff() > 0 ? lam.maxCoeff() / lam.minCoeff() : INFINITY;
    std::string caption = "V ≈ H⁻¹";
    if (ratio > 12) {
      lam = lam.cwiseMax(lam.maxCoeff() / 12);
      caption += ", axes 1 : " + short_number(ratio);
    }
    if (lam.maxCoeff() > 0 && std::isfinite(lam.maxCoeff())) {
      const double k = 1.3 * unit / lam.maxCoeff();
      ImVec2 pts[48];
      for (int i = 0; i < 48; ++i) {
        const double ang = 2 * M_PI * i / 48;
        const Eigen::Vector2d d =
            eig.eigenvectors() * Eigen::Vector2d(lam.x() * std::cos(ang), lam.y() * std::sin(ang)) * k;
        pts[i] = ImVec2(a.x + static_cast<float>(d.x()), a.y - static_cast<float>(d.y()));
      }
      list->AddPolyline(pts, 48, IM_COL32(0, 0, 0, 200), ImDrawFlags_Closed, 4 * s);
      // White, like the contours: no optimizer's path is ever white.
      list->AddPolyline(pts, 48, IM_COL32(255, 255, 255, 255), ImDrawFlags_Closed, 2 * s);
      draw_outlined_text(list, ImVec2(pts[6].x + 4 * s, pts[6].y - 18 * s), IM_COL32(255, 255, 255, 255),
                         caption.c_str());
    }
  }

  // Probes other than θ itself: line-search trials (numbered) or the look-ahead.
  int trial = 0;
  for (const auto& p : in.probes) {
    if (p.kind == optim::ProbeKind::point) continue;
    if (p.theta.size() != 2 || !std::isfinite(p.theta[0]) || !std::isfinite(p.theta[1])) continue;
    const ImVec2 q = m.clamp(m.to_screen(p.theta[0], p.theta[1]));
    if (p.kind == optim::ProbeKind::look_ahead) {
      const float d = 7 * s;
      const ImVec2 diamond[4] = {{q.x, q.y - d}, {q.x + d, q.y}, {q.x, q.y + d}, {q.x - d, q.y}};
      list->AddConvexPolyFilled(diamond, 4, IM_COL32(255, 255, 255, 255));
      list->AddPolyline(diamond, 4, IM_COL32(0, 0, 0, 255), ImDrawFlags_Closed, 1.5f * s);
      list->AddLine(a, q, IM_COL32(255, 255, 255, 160), 1.5f * s);
      if (p.g.size() == 2 && p.g.norm() > 0) {
        const Eigen::Vector2d dir = -p.g.normalized();
        draw_arrow(list, q, ImVec2(static_cast<float>(q.x + unit * dir.x()), static_cast<float>(q.y - unit * dir.y())),
                   IM_COL32(255, 110, 90, 255), 2.5f * s);
      }
      draw_outlined_text(list, ImVec2(q.x + 9 * s, q.y + 4 * s), IM_COL32(255, 255, 255, 255), "θ + α·v");
    } else {
      ++trial;
      list->AddCircleFilled(q, 8 * s, IM_COL32(20, 20, 20, 230), 16);
      list->AddCircle(q, 8 * s, IM_COL32(255, 230, 120, 255), 16, 1.5f * s);
      char num[16];
      std::snprintf(num, sizeof num, "%d", trial);
      const ImVec2 ns = ImGui::CalcTextSize(num);
      ImGui::PushFont(ui.fonts.mono);
      list->AddText(ImGui::GetFont(), ImGui::GetFontSize() * 0.75f, ImVec2(q.x - ns.x * 0.37f, q.y - ns.y * 0.37f),
                    IM_COL32(255, 230, 120, 255), num);
      ImGui::PopFont();
    }
  }

  // The gradient's descent direction, the method's own direction (velocity,
  // moment or search direction: the kind says which way θ moves), the update.
  auto direction = [&](const auto* shown, ImU32 color) {
    if (!shown) return;
    const auto* v = &shown->value;
    if (v->size() != 2 || !(v->norm() > 0) || !std::isfinite(v->norm())) return;
    const bool negate = shown->kind != optim::VectorKind::descent_direction;  // θ moves against g, m, b
    const std::string label = (negate ? "−" : "") + shown->name;
    const Eigen::Vector2d d = (negate ? -1.0 : 1.0) * v->normalized();
    const ImVec2 b(a.x + unit * static_cast<float>(d.x()), a.y - unit * static_cast<float>(d.y()));
    draw_arrow(list, a, b, color, 2.5f * s);
    draw_outlined_text(list, ImVec2(b.x + 4 * s, b.y - 8 * s), color, label.c_str());
  };
  direction(in.first_of(optim::VectorKind::gradient), IM_COL32(255, 110, 90, 255));
  const auto* own = in.first_of(optim::VectorKind::descent_direction);
  direction(own ? own : in.first_of(optim::VectorKind::ascent_direction), IM_COL32(120, 220, 255, 255));
  if (const auto* dt = in.vector("Δθ"); dt && dt->size() == 2 && std::isfinite(dt->norm())) {
    const Eigen::Vector2d to = from + *dt;
    const ImVec2 b = m.clamp(m.to_screen(to.x(), to.y()));
    draw_arrow(list, a, b, IM_COL32(255, 255, 255, 255), 3.0f * s);
    draw_outlined_text(list, ImVec2(b.x + 6 * s, b.y + 2 * s), IM_COL32(255, 255, 255, 255), "Δθ");
  }
}

// [SECTION] input -------------------------------------------------------------

void SurfaceView::handle_input(const model::Experiment& e, const Mapping& m, UiState& ui, model::CommandQueue& queue) {
  ImGuiIO& io = ImGui::GetIO();
  const bool hovered = ImGui::IsItemHovered() && !ImGui::IsMouseHoveringRect(legend_min_, legend_max_);
  if (ImGui::IsItemActivated()) dragged_ = false;
  if (legend_has_mouse_) dragged_ = true;  // a press on the legend is the legend's
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f)) {
    dragged_ = true;
    const double du = -io.MouseDelta.x / m.pixels_per_unit(), dv = io.MouseDelta.y / m.pixels_per_unit();
    scenes::View v = e.view();
    v.x_min += du, v.x_max += du, v.y_min += dv, v.y_max += dv;
    if (du != 0 || dv != 0) queue.push(model::cmd::SetView{v});
  } else if (ImGui::IsItemDeactivated() && !dragged_ && hovered) {
    const Eigen::Vector2d p = m.to_world(io.MousePos);
    model::cmd::SetStart c{p, std::nullopt};
    if (io.KeyShift && !e.runners().empty()) c.runner = e.runners()[e.selected()].id();
    queue.push(c);
  }
  if (hovered && io.MouseWheel != 0) {
    const double factor = std::pow(0.85, io.MouseWheel);
    const Eigen::Vector2d c = m.to_world(io.MousePos);
    const scenes::View& v0 = e.view();
    scenes::View v{c.x() + (v0.x_min - c.x()) * factor, c.x() + (v0.x_max - c.x()) * factor,
                   c.y() + (v0.y_min - c.y()) * factor, c.y() + (v0.y_max - c.y()) * factor};
    if (v.x_max - v.x_min > 1e-9 && v.x_max - v.x_min < 1e9) queue.push(model::cmd::SetView{v});
  }
  if (hovered) {
    const Eigen::Vector2d p = m.to_world(io.MousePos);
    char buf[160];
    std::snprintf(buf, sizeof buf, "x = %.4g   y = %.4g   f = %.5g", p.x(), p.y(), e.surface().value(p.x(), p.y()));
    ImGui::GetWindowDrawList()->AddRectFilled(
        ImVec2(m.origin.x, m.origin.y + m.size.y - ImGui::GetFrameHeight()),
        ImVec2(m.origin.x + ImGui::CalcTextSize(buf).x + 16 * ui.scale, m.origin.y + m.size.y), IM_COL32(0, 0, 0, 170));
    ImGui::GetWindowDrawList()->AddText(
        ImVec2(m.origin.x + 8 * ui.scale, m.origin.y + m.size.y - ImGui::GetFrameHeight() + 2 * ui.scale),
        IM_COL32(240, 240, 240, 255), buf);
  }
}

void SurfaceView::draw(const model::Experiment& e, UiState& ui, model::CommandQueue& queue) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 size = ImGui::GetContentRegionAvail();
  size.x = std::max(size.x, 50.0f);
  size.y = std::max(size.y, 50.0f);
  canvas_min_ = origin;
  canvas_max_ = ImVec2(origin.x + size.x, origin.y + size.y);
  const Mapping m = Mapping::fit(e.view(), origin, size);
  ensure_field(e, m, ui.show_contours);
  ImGui::InvisibleButton("surface", size, ImGuiButtonFlags_MouseButtonLeft);
  ImDrawList* list = ImGui::GetWindowDrawList();
  list->PushClipRect(origin, canvas_max_, true);
  if (ui.view_3d) {
    draw_surface_3d(list, e, field_, origin, size, ui);
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f)) {
      ui.yaw += ImGui::GetIO().MouseDelta.x * 0.008f;
      ui.pitch = std::clamp(ui.pitch + ImGui::GetIO().MouseDelta.y * 0.008f, 0.1f, 1.5f);
    }
    if (ImGui::IsItemHovered() && ImGui::GetIO().MouseWheel != 0)
      ui.zoom_3d = std::clamp(ui.zoom_3d * std::pow(1.1f, ImGui::GetIO().MouseWheel), 0.3f, 4.0f);
  } else {
    draw_heatmap(list, m);
    draw_trajectories(list, e, m, ui);
    draw_minima(list, e, m, ui.scale);  // over the paths: a run that stops on a minimum must not hide it
    draw_inspection(list, e, m, ui);
    // The start point(s).
    const ImVec2 st = m.to_screen(e.start().x(), e.start().y());
    list->AddCircle(st, 9 * ui.scale, IM_COL32(0, 0, 0, 255), 20, 4 * ui.scale);
    list->AddCircle(st, 9 * ui.scale, IM_COL32(255, 255, 255, 255), 20, 2 * ui.scale);
    if (st.x >= canvas_min_.x && st.x <= canvas_max_.x && st.y >= canvas_min_.y && st.y <= canvas_max_.y)
      ui.place("start-marker", st.x - 11 * ui.scale, st.y - 11 * ui.scale, st.x + 11 * ui.scale, st.y + 11 * ui.scale);
    legend_input();
    // A press on the caption (where it was drawn last frame) hides it; it must
    // not reach the surface, where it would move the start.
    const bool over_caption = caption_.box_max().x > caption_.box_min().x &&
                              ImGui::IsMouseHoveringRect(caption_.box_min(), caption_.box_max(), false);
    if (!over_caption) handle_input(e, m, ui, queue);
  }
  draw_colorbar(list, m, ui.scale);
  ui.place("colorbar", colorbar_min_.x, colorbar_min_.y, colorbar_max_.x, colorbar_max_.y);
  if (!ui.view_3d) draw_network_inset(list, e, canvas_min_, canvas_max_, ui.scale);
  draw_legend(list, e, m, ui);
  // The caption last: it gives way to the legend, and to the paths, the start,
  // the minima and the current points where a smaller layout can.
  if (!ui.view_3d) {
    caption_.draw(list, e, canvas_min_, canvas_max_, ui.scale, ui.fonts.title, [&](ImVec2 box) {
      const auto [at, score] = place_box(e, m, box, ui.scale, Corner::BottomRight, legend_min_, legend_max_);
      return std::pair<ImVec2, double>(at, score);
    });
    // A dismissed caption logs a zero box, so that the log shows it went.
    ui.place("caption", caption_.box_min().x, caption_.box_min().y, caption_.box_max().x, caption_.box_max().y);
  }
  if (!ui.view_3d) draw_undefined_note(list, field_, canvas_min_, canvas_max_, ui.scale);
  draw_message_toasts(list, origin, size, ui);
  list->PopClipRect();
}

}  // namespace lab::app
