// Widget (iii): the loss over the one plane every optimizer shares, painted
// as a surface is (lab/app/field.hpp), with each trajectory projected on it.
#include <GL/gl.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "lab/app/draw_lists.hpp"
#include "lab/app/field_texture.hpp"
#include "lab/app/network_pane.hpp"
#include "lab/app/surface_view.hpp"

namespace lab::app {
namespace {

constexpr int kContourLevels = 14;  // as the surface view draws them

std::string three_numbers(const scenes::PointReport& r) {
  char text[160];
  std::snprintf(text, sizeof text, "loss %.3g · on plane %.3g · off by %.2g", r.true_loss, r.plane_loss,
                r.where.distance);
  return text;
}

}  // namespace

PlaneView::~PlaneView() {
  if (texture_) glDeleteTextures(1, &texture_);
}

void PlaneView::set_result(model::PlaneResult result) {
  result_ = std::move(result);
  picture_stale_ = true;
}

void PlaneView::ensure_picture(int width, int height) {
  if (!result_ || result_->grid.loss.empty()) return;
  if (!picture_stale_ && field_.width == width && field_.height == height) return;
  const auto& g = result_->grid;
  const scenes::View window{
      .x_min = g.extent.alpha_min, .x_max = g.extent.alpha_max, .y_min = g.extent.beta_min, .y_max = g.extent.beta_max};
  field_ = build_field_from_samples(g.loss, window, g.nx, g.ny, kContourLevels, width, height);
  picture_stale_ = false;
  upload_field_texture(texture_, field_);
}

PlaneViewEvents PlaneView::draw(const char* id, const PlaneViewData& d, ImVec2 size, float scale) {
  PlaneViewEvents ev;
  ev.choice = d.choice;
  const float s = scale;
  ImGui::BeginChild(id, size, false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);

  // The choice of plane: one for everybody, never one per optimizer.
  static constexpr scenes::PlaneKind kKinds[] = {scenes::PlaneKind::Pca, scenes::PlaneKind::RandomFilterNormalized,
                                                 scenes::PlaneKind::ThroughStartAndTwo};
  ImGui::SetNextItemWidth(std::min(340 * s, ImGui::GetContentRegionAvail().x));
  if (ImGui::BeginCombo("plane", scenes::plane_kind_name(d.choice.kind).c_str())) {
    for (auto k : kKinds)
      if (ImGui::Selectable(scenes::plane_kind_name(k).c_str(), k == d.choice.kind) && k != d.choice.kind)
        ev.choice.kind = k;
    ImGui::EndCombo();
  }
  if (d.choice.kind == scenes::PlaneKind::RandomFilterNormalized) {
    ImGui::SameLine();
    if (ImGui::Button("New directions")) ++ev.choice.seed;
  }
  if (d.choice.kind == scenes::PlaneKind::ThroughStartAndTwo && !d.optimizers.empty()) {
    auto pick = [&](const char* label, int& which) {
      const int n = static_cast<int>(d.optimizers.size());
      const char* now = which >= 0 && which < n ? d.optimizers[static_cast<std::size_t>(which)].c_str() : "—";
      ImGui::SetNextItemWidth(150 * s);
      if (ImGui::BeginCombo(label, now)) {
        for (int i = 0; i < n; ++i)
          if (ImGui::Selectable(d.optimizers[static_cast<std::size_t>(i)].c_str(), i == which)) which = i;
        ImGui::EndCombo();
      }
    };
    pick("point (1, 0)", ev.choice.first);
    ImGui::SameLine();
    pick("point (0, 1)", ev.choice.second);
  }
  ev.choice_changed = !(ev.choice == d.choice);

  // The picture: square, the rest of the height kept for the numbers below
  // it, or, where the area is wide and low (a large UI scale), beside it.
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float rows = static_cast<float>(d.trajectories.size()) + 1.5f;
  const float below_side = std::min(avail.x, avail.y - rows * line);
  const float beside_side = std::min(avail.y - line, avail.x * 0.5f);
  const bool beside = beside_side > 1.25f * below_side;
  const float side = std::max(32.0f, beside ? beside_side : below_side);
  const ImVec2 a = ImGui::GetCursorScreenPos(), b(a.x + side, a.y + side);
  ImGui::InvisibleButton("plane", ImVec2(side, side));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* list = ImGui::GetWindowDrawList();
  list->AddRectFilled(a, b, IM_COL32(18, 18, 24, 255));
  const bool have = result_ && !result_->grid.loss.empty();
  if (have) {
    ensure_picture(std::clamp(static_cast<int>(side), 16, 4096), std::clamp(static_cast<int>(side), 16, 4096));
    list->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture_)), a, b);
  }
  const std::string& problem = !d.problem.empty() ? d.problem : result_ ? result_->problem : d.problem;
  const char* note = !problem.empty() ? problem.c_str()
                     : !have          ? "computing the loss over the plane…"
                     : d.computing    ? "updating…"
                                      : nullptr;
  if (note) draw_outlined_text(list, ImVec2(a.x + 8 * s, a.y + 6 * s), IM_COL32(255, 255, 255, 255), note);

  // Trajectories, in (α, β) of the plane the picture shows.
  const scenes::PlaneExtent e = have ? result_->grid.extent : scenes::PlaneExtent{};
  auto to_screen = [&](const scenes::PlaneCoordinates& p) {
    return ImVec2(a.x + static_cast<float>((p.alpha - e.alpha_min) / (e.alpha_max - e.alpha_min)) * side,
                  b.y - static_cast<float>((p.beta - e.beta_min) / (e.beta_max - e.beta_min)) * side);
  };
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  float near_d = 8 * s;
  list->PushClipRect(a, b, true);
  if (have && problem.empty()) {
    std::vector<ImVec2> pts;
    for (std::size_t t = 0; t < d.trajectories.size(); ++t) {
      const PlaneTrajectory& tr = d.trajectories[t];
      pts.clear();
      for (const auto& p : tr.points) pts.push_back(to_screen(p));
      if (pts.size() >= 2) {
        add_long_polyline(list, pts.data(), static_cast<int>(pts.size()), IM_COL32(0, 0, 0, 200), std::round(4.5f * s));
        add_long_polyline(list, pts.data(), static_cast<int>(pts.size()), runner_color(tr.color), std::round(2.5f * s));
      }
      if (hovered)
        for (std::size_t k = 0; k < pts.size(); ++k) {
          const float dist = std::hypot(pts[k].x - mouse.x, pts[k].y - mouse.y);
          if (dist < near_d) near_d = dist, ev.hovered = std::pair{static_cast<int>(t), static_cast<long>(k)};
        }
    }
    for (const PlaneTrajectory& tr : d.trajectories)
      if (tr.cursor >= 0 && tr.cursor < static_cast<long>(tr.points.size())) {
        const ImVec2 q = to_screen(tr.points[static_cast<std::size_t>(tr.cursor)]);
        list->AddCircleFilled(q, 7.5f * s, IM_COL32(0, 0, 0, 255), 16);
        list->AddCircleFilled(q, 5.5f * s, runner_color(tr.color), 16);
      }
    // The shared start (the origin of planes b and c) as a white ring.
    if (!d.trajectories.empty() && !d.trajectories.front().points.empty()) {
      const ImVec2 q = to_screen(d.trajectories.front().points.front());
      list->AddCircle(q, 8 * s, IM_COL32(255, 255, 255, 255), 16, 2.5f * s);
    }
  }
  list->PopClipRect();

  if (ev.hovered) {
    const auto [t, k] = *ev.hovered;
    const PlaneTrajectory& tr = d.trajectories[static_cast<std::size_t>(t)];
    const auto& p = tr.points[static_cast<std::size_t>(k)];
    list->AddCircle(to_screen(p), 9 * s, IM_COL32(255, 255, 0, 255), 16, 2.5f * s);
    ImGui::BeginTooltip();
    ImGui::Text("%s, step %ld:  α = %.4g, β = %.4g", tr.name.c_str(), k, p.alpha, p.beta);
    if (d.hover && d.hover->trajectory == t && d.hover->step == k)
      ImGui::TextUnformatted(three_numbers(d.hover->report).c_str());
    else
      ImGui::Text("distance from the plane %.3g", p.distance);
    ImGui::EndTooltip();
  } else if (hovered && have) {
    const double al = e.alpha_min + (mouse.x - a.x) / side * (e.alpha_max - e.alpha_min);
    const double be = e.beta_min + (b.y - mouse.y) / side * (e.beta_max - e.beta_min);
    ImGui::BeginTooltip();
    ImGui::Text("α = %.4g, β = %.4g", al, be);
    ImGui::EndTooltip();
  }

  // At each cursor: how far the picture is from the truth there. The numbers
  // start after the longest name, so no name runs into them.
  // Beside the picture each optimizer takes two lines, its name then its
  // numbers. Below it, one line each: the name and the numbers, or where
  // they do not fit, the colour alone (the boundary panels name it too).
  if (beside) ImGui::SetCursorScreenPos(ImVec2(b.x + 12 * s, a.y));
  ImGui::BeginGroup();
  float names_w = 0, numbers_w = 0;
  for (const PlaneTrajectory& tr : d.trajectories) {
    names_w = std::max(names_w, ImGui::CalcTextSize(("■ " + tr.name).c_str()).x);
    if (tr.cursor_report)
      numbers_w = std::max(numbers_w, ImGui::CalcTextSize(three_numbers(*tr.cursor_report).c_str()).x);
  }
  const bool names = beside || names_w + 12 * s + numbers_w <= ImGui::GetContentRegionAvail().x;
  for (const PlaneTrajectory& tr : d.trajectories) {
    const ImVec4 color(tr.color.r / 255.f, tr.color.g / 255.f, tr.color.b / 255.f, 1);
    if (names)
      ImGui::TextColored(color, "■ %s", tr.name.c_str());
    else
      ImGui::TextColored(color, "■");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr.name.c_str());
    if (beside)
      ImGui::Indent(ImGui::CalcTextSize("■ ").x);
    else
      ImGui::SameLine(names ? names_w + 12 * s : 0.0f);
    ImGui::TextUnformatted(tr.cursor_report ? three_numbers(*tr.cursor_report).c_str() : "…");
    if (beside) ImGui::Unindent(ImGui::CalcTextSize("■ ").x);
  }
  ImGui::EndGroup();
  ImGui::EndChild();
  return ev;
}

}  // namespace lab::app
