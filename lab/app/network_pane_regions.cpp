// The pane's shared colours and widget (i): one optimizer's decision regions
// or fitted curve, with the data and its mistakes.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "lab/app/math_text.hpp"
#include "lab/app/network_pane.hpp"
#include "lab/app/surface_view.hpp"

namespace lab::app {

model::Rgb class_color(int c) {
  static constexpr std::array<model::Rgb, 10> kColors = {{{0, 114, 178},
                                                          {230, 159, 0},
                                                          {0, 158, 115},
                                                          {204, 121, 167},
                                                          {86, 180, 233},
                                                          {213, 94, 0},
                                                          {240, 228, 66},
                                                          {136, 34, 85},
                                                          {68, 170, 153},
                                                          {150, 150, 150}}};
  return kColors[static_cast<std::size_t>(std::abs(c)) % kColors.size()];
}

ImU32 diverging_color(double t, float alpha) {
  if (!std::isfinite(t)) return IM_COL32(60, 60, 60, static_cast<int>(alpha * 255));
  t = std::clamp(t, -1.0, 1.0);
  // Near-white (235) at 0, to Okabe–Ito blue above, to orange below.
  const model::Rgb end = t >= 0 ? model::Rgb{0, 114, 178} : model::Rgb{230, 120, 0};
  const double u = std::abs(t);
  auto mix = [&](std::uint8_t to) { return static_cast<int>(std::lround(235 + (to - 235) * u)); };
  return IM_COL32(mix(end.r), mix(end.g), mix(end.b), static_cast<int>(alpha * 255));
}

std::vector<unsigned char> regions_rgba(const scenes::DecisionRegions& regions) {
  const auto& g = regions.grid;
  std::vector<unsigned char> rgba(static_cast<std::size_t>(g.nx) * static_cast<std::size_t>(g.ny) * 4);
  const double chance = 1.0 / std::max(regions.classes, 2);
  for (std::size_t k = 0; k < regions.label.size() && 4 * k + 3 < rgba.size(); ++k) {
    const model::Rgb c = class_color(regions.label[k]);
    const double sure = std::clamp((regions.confidence[k] - chance) / (1 - chance), 0.0, 1.0);
    // Blended here and drawn opaque over the panel's dark background.
    const double alpha = 0.18 + 0.5 * sure;
    auto over_dark = [&](std::uint8_t v, int dark) {
      return static_cast<unsigned char>(std::lround(dark + (v - dark) * alpha));
    };
    rgba[4 * k] = over_dark(c.r, 18);
    rgba[4 * k + 1] = over_dark(c.g, 18);
    rgba[4 * k + 2] = over_dark(c.b, 24);
    rgba[4 * k + 3] = 255;
  }
  return rgba;
}

std::vector<std::string> panel_title_lines(const std::string& title, float font_size, float width, int lines) {
  auto fits = [&](std::string_view text) {
    return ImGui::GetFont()->CalcTextSizeA(font_size, FLT_MAX, 0, text.data(), text.data() + text.size()).x <= width;
  };
  if (lines <= 1 || fits(title)) return {elide_to_width(title, font_size, width)};
  // The last break that keeps the first line within the width: at "  ·  " (before a
  // count the lesson is about), else after ", " (before a batch size), else at a space.
  for (std::string_view separator : {"  ·  ", ", ", " "}) {
    for (std::size_t at = title.rfind(separator); at != std::string::npos && at > 0;
         at = title.rfind(separator, at - 1)) {
      const std::string first = title.substr(0, at + (separator == ", " ? 1 : 0));
      if (!fits(first)) continue;
      return {first, elide_to_width(std::string_view(title).substr(at + separator.size()), font_size, width)};
    }
  }
  return {elide_to_width(title, font_size, width)};
}

PanelPointer draw_decision_panel(const char* id, const DecisionPanelData& d, ImVec2 size, float scale) {
  PanelPointer out;
  const float s = scale;
  ImGui::BeginChild(id, size, false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
  // The title on its lines; one that is still cut short shows whole when hovered.
  const std::vector<std::string> lines = panel_title_lines(d.title, ImGui::GetFontSize(), avail.x, d.title_lines);
  std::string shown;
  for (const std::string& line : lines) shown.append(shown.empty() ? "" : " ").append(line);
  ImGui::BeginGroup();
  for (int k = 0; k < std::max(d.title_lines, 1); ++k) {
    const std::size_t i = static_cast<std::size_t>(k);
    ImGui::TextColored(ImVec4(d.color.r / 255.f, d.color.g / 255.f, d.color.b / 255.f, 1), "%s",
                       i < lines.size() ? lines[i].c_str() : "");
  }
  ImGui::EndGroup();
  if (shown != d.title && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", d.title.c_str());
  const float top = ImGui::GetCursorScreenPos().y;
  const float side = std::max(16.0f, std::min(avail.x, p0.y + avail.y - top));
  const ImVec2 a(p0.x, top), b(p0.x + side, top + side);
  ImGui::InvisibleButton("canvas", ImVec2(side, side));
  list->AddRectFilled(a, b, IM_COL32(18, 18, 24, 255));
  if (!d.data) {
    ImGui::EndChild();
    return out;
  }
  const scenes::NetworkDataset& data = *d.data;
  const bool curve = data.regression();
  const scenes::InputWindow w = d.regions ? d.regions->grid.window : scenes::input_window(data);
  auto X = [&](double x) { return a.x + static_cast<float>((x - w.x_min) / (w.x_max - w.x_min)) * side; };
  auto Y = [&](double y) { return b.y - static_cast<float>((y - w.y_min) / (w.y_max - w.y_min)) * side; };
  list->PushClipRect(a, b, true);

  // Regions: one texture, a pixel per cell (regions_rgba), drawn as one quad.
  if (d.regions && !curve && d.regions_texture)
    list->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(d.regions_texture)), a, b);
  if (d.curve && curve) {
    std::vector<ImVec2> pts;
    for (std::size_t k = 0; k < d.curve->x.size(); ++k) pts.emplace_back(X(d.curve->x[k]), Y(d.curve->y[k]));
    list->AddPolyline(pts.data(), static_cast<int>(pts.size()), IM_COL32(0, 0, 0, 255), 0, std::round(5 * s));
    list->AddPolyline(pts.data(), static_cast<int>(pts.size()), runner_color(d.color), 0, std::round(3 * s));
  }

  // Points: train filled, test hollow (a ring), mistakes crossed in red-on-white,
  // each a quad of the marker atlas (point_sprites.hpp).
  const std::set<long> wrong_train =
      d.mistakes ? std::set<long>(d.mistakes->train.begin(), d.mistakes->train.end()) : std::set<long>{};
  const std::set<long> wrong_test =
      d.mistakes ? std::set<long>(d.mistakes->test.begin(), d.mistakes->test.end()) : std::set<long>{};
  auto draw_points = [&](const std::vector<double>& x, const std::vector<double>& y, bool test,
                         const std::set<long>& wrong) {
    if (!d.sprites) return;
    const std::size_t dim = static_cast<std::size_t>(data.inputs);
    for (std::size_t i = 0; i < y.size(); ++i) {
      const ImVec2 q(X(x[i * dim]), Y(curve ? y[i] : x[i * dim + 1]));
      const ImU32 fill = curve ? IM_COL32(255, 255, 255, 255) : runner_color(class_color(static_cast<int>(y[i])));
      if (test) {
        d.sprites->add(list, q, Marker::RingOutline, IM_COL32(0, 0, 0, 255));
        d.sprites->add(list, q, Marker::Ring, fill);
      } else {
        d.sprites->add(list, q, Marker::DotRim);
        d.sprites->add(list, q, Marker::Dot, fill);
      }
      if (wrong.count(static_cast<long>(i))) d.sprites->add(list, q, Marker::Cross);
    }
  };
  draw_points(data.train_x, data.train_y, false, wrong_train);
  draw_points(data.test_x, data.test_y, true, wrong_test);
  list->PopClipRect();
  list->AddRect(a, b, runner_color(d.color), 0, 0, 2.0f * s);
  if (d.mistakes && !curve) {
    // The longest wording that fits inside the panel.
    const std::size_t train = d.mistakes->train.size(), test = d.mistakes->test.size();
    char text[64];
    std::snprintf(text, sizeof text, "wrong: %zu train, %zu test", train, test);
    if (ImGui::CalcTextSize(text).x > side - 12 * s) std::snprintf(text, sizeof text, "wrong: %zu + %zu", train, test);
    if (ImGui::CalcTextSize(text).x > side - 12 * s) std::snprintf(text, sizeof text, "✕ %zu + %zu", train, test);
    draw_outlined_text(list, ImVec2(a.x + 6 * s, b.y - ImGui::GetTextLineHeight() - 4 * s),
                       IM_COL32(255, 255, 255, 255), text);
  }

  if (ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    out.hovered = true;
    out.x = w.x_min + (m.x - a.x) / side * (w.x_max - w.x_min);
    out.y = w.y_min + (b.y - m.y) / side * (w.y_max - w.y_min);
    out.clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  }
  ImGui::EndChild();
  return out;
}

void draw_class_choice(int classes, int& chosen) {
  chosen = std::clamp(chosen, 0, std::max(classes - 1, 0));
  for (int c = 0; c < classes; ++c) {
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_CheckMark, runner_color(class_color(c)));
    ImGui::RadioButton(("##class" + std::to_string(c)).c_str(), &chosen, c);
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("class %d", c);
  }
}

}  // namespace lab::app
