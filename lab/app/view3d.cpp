#include "lab/app/view3d.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "lab/app/colormap.hpp"
#include "lab/app/draw_lists.hpp"
#include "lab/app/surface_view.hpp"
#include "lab/model/commands.hpp"

namespace lab::app {

namespace {

struct Camera {
  float cy, sy, cp, sp;  // cos/sin of yaw and pitch
  ImVec2 center;
  float scale;

  // (u, v) in [−1, 1]² on the ground, h the height: → screen, depth.
  ImVec2 project(float u, float h, float v, float* depth) const {
    const float x1 = cy * u + sy * v, z1 = -sy * u + cy * v;
    const float y2 = cp * h - sp * z1, z2 = sp * h + cp * z1;
    if (depth) *depth = z2;
    return ImVec2(center.x + scale * x1, center.y - scale * y2);
  }
};

struct Quad {
  ImVec2 p[4];
  float depth;
  ImU32 color;
  bool last_column, last_row;  // the mesh's far edges are this quad's own
};

constexpr float kHeight = 0.9f;

}  // namespace

void draw_surface_3d(ImDrawList* list, const model::Experiment& e, const Field& f, ImVec2 origin, ImVec2 size,
                     const UiState& ui) {
  list->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), IM_COL32(18, 18, 24, 255));
  if (f.nx < 2 || f.ny < 2) return;
  const auto& w = f.window;
  const double half = 0.5 * std::max(w.x_max - w.x_min, w.y_max - w.y_min);
  const double cx = 0.5 * (w.x_min + w.x_max), cyw = 0.5 * (w.y_min + w.y_max);
  Camera cam{std::cos(ui.yaw),
             std::sin(ui.yaw),
             std::cos(ui.pitch),
             std::sin(ui.pitch),
             ImVec2(origin.x + size.x * 0.5f, origin.y + size.y * 0.58f),
             0.36f * std::min(size.x, size.y * 1.4f) * ui.zoom_3d};
  auto ground = [&](double x, double y, float& u, float& v) {
    u = static_cast<float>((x - cx) / half);
    v = static_cast<float>(-(y - cyw) / half);
  };
  auto height = [&](double t) { return static_cast<float>(std::clamp(t, 0.0, 1.0) * kHeight - 0.35); };

  // The mesh, coarsened to at most 40 × 40 cells: llvmpipe takes about a
  // microsecond a triangle, and 56 × 56 cells took a frame's budget alone.
  const int step_i = std::max(1, f.nx / 40), step_j = std::max(1, f.ny / 40);
  std::vector<Quad> quads;
  auto t_at = [&](int i, int j) {
    const double z = f.z[static_cast<std::size_t>(j * f.nx + i)];
    return std::isfinite(z) ? (z - f.z_lo) / (f.z_hi - f.z_lo) : 1.0;
  };
  for (int j = 0; j + step_j < f.ny; j += step_j)
    for (int i = 0; i + step_i < f.nx; i += step_i) {
      const int ii[4] = {i, i + step_i, i + step_i, i};
      const int jj[4] = {j, j, j + step_j, j + step_j};
      Quad q{};
      double t_sum = 0;
      for (int k = 0; k < 4; ++k) {
        const double x = w.x_min + (w.x_max - w.x_min) * ii[k] / (f.nx - 1);
        const double y = w.y_max - (w.y_max - w.y_min) * jj[k] / (f.ny - 1);
        float u, v, d;
        ground(x, y, u, v);
        const double t = t_at(ii[k], jj[k]);
        t_sum += t;
        q.p[k] = cam.project(u, height(t), v, &d);
        q.depth += d / 4;
      }
      // Simple shading: darker where the mesh faces away from the light.
      const float nx = (q.p[1].x - q.p[0].x) * (q.p[3].y - q.p[0].y) - (q.p[1].y - q.p[0].y) * (q.p[3].x - q.p[0].x);
      const Color8 c = colormap(t_sum / 4);
      const float shade = nx > 0 ? 1.0f : 0.82f;
      q.color =
          IM_COL32(static_cast<int>(c.r * shade), static_cast<int>(c.g * shade), static_cast<int>(c.b * shade), 255);
      q.last_column = i + 2 * step_i >= f.nx;
      q.last_row = j + 2 * step_j >= f.ny;
      quads.push_back(q);
    }
  std::sort(quads.begin(), quads.end(), [](const Quad& a, const Quad& b) { return a.depth < b.depth; });
  // Without a GPU every triangle costs: the cells are filled without
  // anti-aliased fringes (neighbours share their corners exactly, so no seam
  // shows), and each draws two of its edges, the grid's far edges aside, so
  // every grid line is drawn once.
  const ImDrawListFlags flags = list->Flags;
  list->Flags &= ~ImDrawListFlags_AntiAliasedFill;
  const ImU32 grid = IM_COL32(0, 0, 0, 40);
  for (const Quad& q : quads) {
    list->AddQuadFilled(q.p[0], q.p[1], q.p[2], q.p[3], q.color);
    const ImVec2 edges[3] = {q.p[1], q.p[0], q.p[3]};
    list->AddPolyline(edges, 3, grid, 0, 1.0f);
    if (q.last_column) list->AddLine(q.p[1], q.p[2], grid, 1.0f);
    if (q.last_row) list->AddLine(q.p[3], q.p[2], grid, 1.0f);
  }
  list->Flags = flags;

  // Minima and trajectories, lifted a little above the mesh.
  auto lift = [&](double x, double y, double fval) {
    float u, v;
    ground(x, y, u, v);
    return cam.project(u, height(f.t_of(fval)) + 0.02f, v, nullptr);
  };
  for (const scenes::Minimum& m : e.surface().minima()) {
    const ImVec2 p = lift(m.x, m.y, m.f);
    list->AddCircleFilled(p, 6 * ui.scale, IM_COL32(0, 0, 0, 255));
    list->AddCircleFilled(p, 4 * ui.scale, IM_COL32(255, 255, 255, 255));
  }
  std::vector<ImVec2> pts;
  for (std::size_t r = 0; r < e.runners().size(); ++r) {
    const model::Runner& run = e.runners()[r];
    if (!run.enabled) continue;
    const std::int64_t last = std::min(e.cursor(), run.head());
    pts.clear();
    // 400 samples and the step shown, where the current point's marker goes.
    const std::int64_t stride = std::max<std::int64_t>(1, last / 400);
    for (std::int64_t k = 0; k <= last; k = k < last && k + stride > last ? last : k + stride) {
      const auto& s = run.history()[static_cast<std::size_t>(k)];
      if (!std::isfinite(s.f) || std::abs(s.theta.x() - cx) > 3 * half || std::abs(s.theta.y() - cyw) > 3 * half) break;
      pts.push_back(lift(s.theta.x(), s.theta.y(), s.f));
    }
    if (pts.empty()) continue;
    add_long_polyline(list, pts.data(), static_cast<int>(pts.size()), IM_COL32(0, 0, 0, 200),
                      std::round(4.5f * ui.scale));
    add_long_polyline(list, pts.data(), static_cast<int>(pts.size()), runner_color(run.color),
                      std::round(2.5f * ui.scale));
    list->AddCircleFilled(pts.back(), 6 * ui.scale, IM_COL32(0, 0, 0, 230));
    list->AddCircleFilled(pts.back(), 4.5f * ui.scale, runner_color(run.color));
  }
  // The selected optimizer's step, as in the 2-D view: −g (the steepest way
  // down, a fixed length) and the update Δθ, both from θ_{t−1} and lying on the surface.
  if (ui.inspected && ui.show_arrows) {
    const auto index = model::runner_index(e, ui.inspected->runner);
    const std::int64_t t = ui.inspected->step;
    if (index && e.runners()[*index].enabled && t >= 1) {
      const model::Runner& run = e.runners()[*index];
      const Eigen::Vector2d from = run.at(t - 1).theta;
      auto on_surface = [&](const Eigen::Vector2d& p) { return lift(p.x(), p.y(), e.surface().value(p.x(), p.y())); };
      const auto& in = ui.inspected->inspection;
      if (std::isfinite(from.x()) && std::isfinite(from.y())) {
        const ImVec2 a = on_surface(from);
        if (const auto* g = in.vector("g"); g && g->size() == 2 && g->norm() > 0 && std::isfinite(g->norm())) {
          const ImVec2 b = on_surface(from - 0.18 * half * g->normalized());
          draw_arrow(list, a, b, IM_COL32(255, 110, 90, 255), std::round(2.5f * ui.scale));
          draw_outlined_text(list, ImVec2(b.x + 4 * ui.scale, b.y - 8 * ui.scale), IM_COL32(255, 110, 90, 255), "−g");
        }
        if (const auto* dt = in.vector("Δθ"); dt && dt->size() == 2 && std::isfinite(dt->norm())) {
          const ImVec2 b = on_surface(from + *dt);
          draw_arrow(list, a, b, IM_COL32(255, 255, 255, 255), std::round(3.0f * ui.scale));
          draw_outlined_text(list, ImVec2(b.x + 6 * ui.scale, b.y + 2 * ui.scale), IM_COL32(255, 255, 255, 255), "Δθ");
        }
      }
    }
  }
  // The hint wraps rather than running off a narrow canvas (UI scale 2).
  const char* hint = "3-D view: drag to orbit, wheel to zoom (View ▸ 3-D to return)";
  const float wrap = std::max(size.x - 20 * ui.scale, 1.0f);
  const float hint_h = ImGui::CalcTextSize(hint, nullptr, false, wrap).y;
  list->AddText(ImGui::GetFont(), ImGui::GetFontSize(),
                ImVec2(origin.x + 10 * ui.scale, origin.y + size.y - hint_h - 8 * ui.scale),
                IM_COL32(220, 220, 220, 255), hint, nullptr, wrap);
}

}  // namespace lab::app
