#include "lab/app/network_inset.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "lab/app/surface_view.hpp"
#include "scenes/network_data.hpp"

namespace lab::app {

void draw_network_inset(ImDrawList* list, const model::Experiment& e, ImVec2 canvas_min, ImVec2 canvas_max,
                        float scale) {
  if (!e.scene().formula.empty()) return;
  const scenes::NetworkData* d = scenes::network_data(e.scene().surface);
  if (!d || d->x.empty()) return;
  const float s = scale, line = ImGui::GetTextLineHeight();
  const float w = std::min(380 * s, (canvas_max.x - canvas_min.x) * 0.42f);
  const float h = std::min(210 * s, (canvas_max.y - canvas_min.y) * 0.42f);
  // Above the hover readout, which takes the canvas's last line.
  const ImVec2 p0(canvas_min.x + 8 * s, canvas_max.y - ImGui::GetFrameHeight() - 8 * s - h);
  const ImVec2 p1(p0.x + w, p0.y + h);
  list->AddRectFilled(p0, p1, IM_COL32(10, 10, 14, 240), 4 * s);
  list->PushClipRect(p0, p1, true);
  list->AddText(ImVec2(p0.x + 8 * s, p0.y + 4 * s), IM_COL32(235, 235, 235, 255), d->title.c_str());
  const ImVec2 a(p0.x + 12 * s, p0.y + line + 12 * s), b(p1.x - 12 * s, p1.y - 10 * s);
  const auto [lo, hi] = std::minmax_element(d->x.begin(), d->x.end());
  const double pad = 0.08 * (*hi - *lo), x0 = *lo - pad, x1 = *hi + pad;
  auto X = [&](double x) { return a.x + static_cast<float>((x - x0) / (x1 - x0)) * (b.x - a.x); };
  auto Y = [&](double y) {
    const double t = std::clamp((y - d->y_min) / (d->y_max - d->y_min), -0.05, 1.05);
    return b.y - static_cast<float>(t) * (b.y - a.y);
  };
  // Reference lines: y = 0, and y = 1 when it is in range (the neuron's labels).
  for (double y : {0.0, 1.0})
    if (y >= d->y_min && y <= d->y_max) list->AddLine(ImVec2(a.x, Y(y)), ImVec2(b.x, Y(y)), IM_COL32(70, 70, 80, 255));
  // Each optimizer's network at the cursor, the selected one on top.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < e.runners().size(); ++i)
    if (i != e.selected()) order.push_back(i);
  if (e.selected() < e.runners().size()) order.push_back(e.selected());
  for (std::size_t i : order) {
    const model::Runner& r = e.runners()[i];
    if (!r.enabled) continue;
    const auto& theta = r.history()[static_cast<std::size_t>(std::min(e.cursor(), r.head()))].theta;
    if (!std::isfinite(theta.x()) || !std::isfinite(theta.y())) continue;
    std::vector<double> xs;
    for (int k = 0; k <= 96; ++k) xs.push_back(x0 + (x1 - x0) * k / 96.0);
    const std::vector<double> ys = d->network->outputs(theta.x(), theta.y(), xs);  // one forward pass
    std::vector<ImVec2> pts;
    for (std::size_t k = 0; k < xs.size(); ++k) pts.emplace_back(X(xs[k]), Y(ys[k]));
    list->AddPolyline(pts.data(), static_cast<int>(pts.size()), runner_color(r.color), 0,
                      std::round((i == e.selected() ? 3.0f : 2.0f) * s));
  }
  // The data on top: white dots with a dark rim.
  for (std::size_t i = 0; i < d->x.size(); ++i) {
    const ImVec2 q(X(d->x[i]), Y(d->y[i]));
    list->AddCircleFilled(q, 4.5f * s, IM_COL32(0, 0, 0, 255), 12);
    list->AddCircleFilled(q, 3.2f * s, IM_COL32(255, 255, 255, 255), 12);
  }
  list->PopClipRect();
}

}  // namespace lab::app
