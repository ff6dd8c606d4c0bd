// Widget (ii): the network as Playground draws it — layers left to right,
// each neuron a tiny heatmap of its activation over the input plane, each
// weight an edge coloured by sign and as thick as its magnitude.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "lab/app/network_pane.hpp"
#include "lab/app/surface_view.hpp"

namespace lab::app {
namespace {

// Distance from p to the segment a–b, in pixels.
float segment_distance(ImVec2 p, ImVec2 a, ImVec2 b) {
  const float dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  const float t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0f, 1.0f) : 0.0f;
  const float qx = a.x + t * dx - p.x, qy = a.y + t * dy - p.y;
  return std::sqrt(qx * qx + qy * qy);
}

}  // namespace

GraphPointer draw_network_graph(const char* id, const scenes::NetworkGraph& graph, const scenes::NeuronMaps& maps,
                                ImVec2 size, float scale, std::optional<long> selected_index) {
  GraphPointer out;
  const float s = scale;
  ImGui::BeginChild(id, size, false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
  ImGui::InvisibleButton("graph", ImVec2(std::max(avail.x, 16.0f), std::max(avail.y, 16.0f)));
  const bool hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  list->AddRectFilled(p0, ImVec2(p0.x + avail.x, p0.y + avail.y), IM_COL32(18, 18, 24, 255));
  const int layers = static_cast<int>(graph.widths.size());
  if (layers < 2 || maps.widths != graph.widths) {
    ImGui::EndChild();
    return out;
  }

  // Layout: layer columns evenly across, neurons centred in each column.
  const float line = ImGui::GetTextLineHeight(), label_w = 70 * s;
  const float top = p0.y + line + 8 * s, height = avail.y - line - 16 * s;
  const int most = *std::max_element(graph.widths.begin(), graph.widths.end());
  const float box = std::clamp(height / static_cast<float>(most) * 0.8f, 10 * s, 44 * s);
  const float col_gap = (avail.x - label_w - box) / static_cast<float>(layers - 1);
  auto centre = [&](int layer, int unit) {
    const int n = graph.widths[static_cast<std::size_t>(layer)];
    const float step = std::min(height / static_cast<float>(n), box * 1.6f);
    const float y0 = top + height / 2 - step * static_cast<float>(n) / 2 + step / 2;
    return ImVec2(p0.x + label_w + box / 2 + col_gap * static_cast<float>(layer), y0 + step * static_cast<float>(unit));
  };

  // Edges first, so the neurons sit on top; the one under the mouse is found on the way.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const scenes::Edge* near = nullptr;
  float near_d = 5 * s;
  const double w_max = std::max(graph.max_abs_weight, 1e-12);
  for (const scenes::Edge& e : graph.edges) {
    const ImVec2 a = centre(e.layer, e.from), b = centre(e.layer + 1, e.to);
    const ImVec2 a1(a.x + box / 2, a.y), b1(b.x - box / 2, b.y);
    const double u = std::abs(e.value) / w_max;
    const float thick = std::max(1.0f, static_cast<float>(std::round((1 + 5 * u) * s)));
    list->AddLine(a1, b1, diverging_color(e.value >= 0 ? 0.35 + 0.65 * u : -0.35 - 0.65 * u, 0.85f), thick);
    if (hovered) {
      const float dist = segment_distance(mouse, a1, b1);
      if (dist < near_d) near_d = dist, near = &e;
    }
  }
  auto outline_edge = [&](const scenes::Edge& e, ImU32 c) {
    const ImVec2 a = centre(e.layer, e.from), b = centre(e.layer + 1, e.to);
    list->AddLine(ImVec2(a.x + box / 2, a.y), ImVec2(b.x - box / 2, b.y), c, 3 * s);
  };
  if (selected_index)
    for (const scenes::Edge& e : graph.edges)
      if (e.index == *selected_index) outline_edge(e, IM_COL32(255, 255, 255, 255));

  // Neurons: each map scaled by its layer's largest |value|, 0 white.
  for (int l = 0; l < layers; ++l) {
    const double span = std::max(
        {std::abs(maps.lo[static_cast<std::size_t>(l)]), std::abs(maps.hi[static_cast<std::size_t>(l)]), 1e-12});
    for (int u = 0; u < graph.widths[static_cast<std::size_t>(l)]; ++u) {
      const ImVec2 c = centre(l, u), a(c.x - box / 2, c.y - box / 2);
      const float cw = box / static_cast<float>(maps.grid.nx), ch = box / static_cast<float>(maps.grid.ny);
      for (int j = 0; j < maps.grid.ny; ++j)
        for (int i = 0; i < maps.grid.nx; ++i) {
          const ImVec2 c0(a.x + cw * static_cast<float>(i), a.y + ch * static_cast<float>(j));
          list->AddRectFilled(c0, ImVec2(c0.x + cw + 0.5f, c0.y + ch + 0.5f),
                              diverging_color(maps.at(l, u, i, j) / span));
        }
      list->AddRect(a, ImVec2(a.x + box, a.y + box), IM_COL32(0, 0, 0, 255), 0, 0, 1.5f * s);
      if (l == 0 && static_cast<std::size_t>(u) < graph.inputs.size())
        list->AddText(ImVec2(p0.x + 4 * s, c.y - line / 2), IM_COL32(235, 235, 235, 255),
                      graph.inputs[static_cast<std::size_t>(u)].c_str());
    }
  }
  list->AddText(ImVec2(p0.x + 4 * s, p0.y + 4 * s), IM_COL32(235, 235, 235, 255),
                "edges: blue w > 0, orange w < 0, thicker = larger |w|");

  if (near) {
    outline_edge(*near, IM_COL32(255, 255, 0, 255));
    out.hovered_index = near->index;
    if (clicked) out.clicked_index = near->index;
    ImGui::BeginTooltip();
    ImGui::Text("w = %.6g", near->value);
    const bool output = near->layer + 2 == layers;
    const auto from = static_cast<std::size_t>(near->from);
    const std::string source = near->layer == 0 && from < graph.inputs.size() ? "input " + graph.inputs[from]
                                                                              : "hidden " + std::to_string(from + 1);
    ImGui::Text("%s → %s %d", source.c_str(), output ? "output" : "hidden", near->to + 1);
    ImGui::Text("layer %d, θ[%ld]  (click: its update in the inspector)", near->layer + 1, near->index);
    ImGui::EndTooltip();
  }
  ImGui::EndChild();
  return out;
}

}  // namespace lab::app
