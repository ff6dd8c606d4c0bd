// lab/app/timeline_panel.cpp — the frame-by-frame part.
//
//   |◀  ◀  ▶/❚❚  ▶  Reset   speed   [====scrub====]   step k / n
// The scrub bar's range grows with the recorded history; hyperparameter
// changes are ticks above it in the runner's color.
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "lab/app/panels.hpp"
#include "lab/app/surface_view.hpp"
#include "lab/model/legend.hpp"

namespace lab::app {

void handle_timeline_keys(const std::vector<int>& pressed, model::CommandQueue& queue) {
  if (ImGui::GetIO().WantTextInput) return;
  for (int key : pressed) {
    switch (key) {
      case GLFW_KEY_SPACE:
        queue.push(model::cmd::TogglePlay{});
        break;
      case GLFW_KEY_RIGHT:
        queue.push(model::cmd::StepBy{1});
        break;
      case GLFW_KEY_LEFT:
        queue.push(model::cmd::StepBy{-1});
        break;
      case GLFW_KEY_HOME:
        queue.push(model::cmd::Seek{0});
        break;
      case GLFW_KEY_R:
        queue.push(model::cmd::Reset{});
        break;
      default:
        break;
    }
  }
}

void draw_timeline_panel(const model::Experiment& e, const model::Timeline& t, UiState& ui,
                         model::CommandQueue& queue) {
  const float s = ui.scale;
  const ImVec2 button(44 * s, 0);
  if (ImGui::Button("|◀", button)) queue.push(model::cmd::Seek{0});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("to step 0 (Home)");
  ImGui::SameLine();
  if (ImGui::Button("◀", button)) queue.push(model::cmd::StepBy{-1});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("step back (←): restores the saved state");
  ImGui::SameLine();
  if (ImGui::Button(t.playing() ? "❚❚ Pause" : "▶ Play", ImVec2(100 * s, 0))) queue.push(model::cmd::TogglePlay{});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("play / pause (space)");
  ImGui::SameLine();
  if (ImGui::Button("▶|", button)) queue.push(model::cmd::StepBy{1});
  ui.step_forward_x = 0.5f * (ImGui::GetItemRectMin().x + ImGui::GetItemRectMax().x);
  ui.step_forward_y = 0.5f * (ImGui::GetItemRectMin().y + ImGui::GetItemRectMax().y);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("step forward (→)");
  ImGui::SameLine();
  if (ImGui::Button("Reset")) queue.push(model::cmd::Reset{});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("forget the histories, back to step 0 (R)");
  ImGui::SameLine();
  float speed = static_cast<float>(t.speed());
  ImGui::SetNextItemWidth(190 * s);
  if (ImGui::SliderFloat("##speed", &speed, static_cast<float>(model::Timeline::kMinSpeed),
                         static_cast<float>(model::Timeline::kMaxSpeed), "%.3g steps/s", ImGuiSliderFlags_Logarithmic))
    queue.push(model::cmd::SetSpeed{speed});
  ImGui::SameLine();

  // Scrub bar.
  char label[64];
  std::snprintf(label, sizeof label, "step %lld / %lld", static_cast<long long>(e.cursor()),
                static_cast<long long>(e.recorded_steps()));
  const float label_w = ImGui::CalcTextSize("step 000000 / 000000").x;
  const std::int64_t range = std::max<std::int64_t>({e.recorded_steps(), e.cursor(), 50});
  const float bar_w = std::max(80.0f, ImGui::GetContentRegionAvail().x - label_w - 12 * s);
  ImGui::SetNextItemWidth(bar_w);
  const ImVec2 bar_min = ImGui::GetCursorScreenPos();
  int step = static_cast<int>(e.cursor());
  const int lo = 0, hi = static_cast<int>(range);
  if (ImGui::SliderScalar("##scrub", ImGuiDataType_S32, &step, &lo, &hi, "", ImGuiSliderFlags_NoInput))
    queue.push(model::cmd::Seek{step});
  const ImVec2 bar_max = ImGui::GetItemRectMax();
  // Change markers: a tick per hyperparameter change, in the runner's color.
  ImDrawList* list = ImGui::GetWindowDrawList();
  const float grab = ImGui::GetStyle().GrabMinSize;
  for (const model::Runner& r : e.runners())
    for (const model::HyperChange& c : r.changes()) {
      const float x = bar_min.x + grab / 2 + (bar_max.x - bar_min.x - grab) * static_cast<float>(c.step) / hi;
      list->AddTriangleFilled(ImVec2(x - 5 * s, bar_min.y - 1), ImVec2(x + 5 * s, bar_min.y - 1),
                              ImVec2(x, bar_min.y + 7 * s), runner_color(r.color));
      list->AddLine(ImVec2(x, bar_min.y), ImVec2(x, bar_max.y), runner_color(r.color), 2 * s);
    }
  if (ImGui::IsItemHovered()) {
    std::string tip = "drag to any recorded step";
    for (const model::Runner& r : e.runners())
      for (const model::HyperChange& c : r.changes()) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "\nstep %lld: %s %s", static_cast<long long>(c.step),
                      model::runner_name(r, c.step - 1).c_str(), model::change_text(r, c).c_str());
        tip += buf;
      }
    ImGui::SetTooltip("%s", tip.c_str());
  }
  ImGui::SameLine();
  ImGui::TextUnformatted(label);
}

}  // namespace lab::app
