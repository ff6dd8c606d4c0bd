// lab/app/timeline_panel.cpp — the frame-by-frame part.
//
//   |◀ 0   ◀ −1   ▶ Play / ❚❚ Pause   +1 ▶   Reset   speed   [====scrub====]   step k / n
// Each button says what it does (the step buttons name their one step, so
// that none reads as "go to the end") and has a tooltip with its key. The
// scrub bar spans exactly the recorded steps; hyperparameter changes are
// ticks above it in the runner's color.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "lab/app/panels.hpp"
#include "lab/app/surface_view.hpp"
#include "lab/model/legend.hpp"

namespace lab::app {

void draw_timeline_panel(const model::Experiment& e, const model::Timeline& t, UiState& ui,
                         model::CommandQueue& queue) {
  const float s = ui.scale;
  const bool scrub_row = ImGui::GetContentRegionAvail().y >= 1.5f * ImGui::GetFrameHeightWithSpacing();
  auto button = [&](const char* label, const char* tip, const char* name, model::Command command) {
    if (ImGui::Button(label)) queue.push(std::move(command));
    place_last_item(ui, name);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
    ImGui::SameLine();
  };
  button("|◀ 0", "go to step 0 (Home)", "step-first", model::cmd::Seek{0});
  button("◀ −1", "one step back (←): restores the saved state exactly", "step-back", model::cmd::StepBy{-1});
  const char* play = t.playing() ? "❚❚ Pause" : "▶ Play";
  ImGui::PushID("play");
  if (ImGui::Button(play, ImVec2(ImGui::CalcTextSize("❚❚ Pause").x + 2 * ImGui::GetStyle().FramePadding.x, 0)))
    queue.push(model::cmd::TogglePlay{});
  ImGui::PopID();
  place_last_item(ui, "play");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("play / pause (space); stops by itself when no optimizer can go on");
  ImGui::SameLine();
  button("+1 ▶", "one step forward (→)", "step-forward", model::cmd::StepBy{1});
  button("Reset", "forget the histories, back to step 0 (R)", "reset", model::cmd::Reset{});
  float speed = static_cast<float>(t.speed());
  // Beside the scrub bar, the speed slider gives way first.
  ImGui::SetNextItemWidth(std::min(190 * s, (scrub_row ? 1.0f : 0.25f) * ImGui::GetContentRegionAvail().x));
  if (ImGui::SliderFloat("##speed", &speed, static_cast<float>(model::Timeline::kMinSpeed),
                         static_cast<float>(model::Timeline::kMaxSpeed), "%.3g steps/s", ImGuiSliderFlags_Logarithmic))
    queue.push(model::cmd::SetSpeed{speed});
  place_last_item(ui, "speed");
  // The scrub bar beside the controls, or on a row of its own where the
  // layout gave the timeline two (large UI scales).
  if (!scrub_row) ImGui::SameLine();

  // Scrub bar.
  char label[64];
  std::snprintf(label, sizeof label, "step %lld / %lld", static_cast<long long>(e.cursor()),
                static_cast<long long>(e.recorded_steps()));
  const float label_w = ImGui::CalcTextSize("step 000000 / 000000").x;
  const std::int64_t range = std::max<std::int64_t>({e.recorded_steps(), e.cursor(), 1});
  const float bar_w = std::max(80.0f, ImGui::GetContentRegionAvail().x - label_w - 12 * s);
  ImGui::SetNextItemWidth(bar_w);
  const ImVec2 bar_min = ImGui::GetCursorScreenPos();
  int step = static_cast<int>(e.cursor());
  const int lo = 0, hi = static_cast<int>(range);
  if (ImGui::SliderScalar("##scrub", ImGuiDataType_S32, &step, &lo, &hi, "", ImGuiSliderFlags_NoInput))
    queue.push(model::cmd::Seek{step});
  place_last_item(ui, "scrub");
  ui.fact("scrub-range", std::to_string(lo) + " " + std::to_string(hi));
  const ImVec2 bar_max = ImGui::GetItemRectMax();
  // Change markers: a tick per hyperparameter change, in the runner's color.
  ImDrawList* list = ImGui::GetWindowDrawList();
  const float grab = ImGui::GetStyle().GrabMinSize;
  for (const model::Runner& r : e.runners())
    for (const model::HyperChange& c : r.changes()) {
      const float x =
          bar_min.x + grab / 2 + (bar_max.x - bar_min.x - grab) * static_cast<float>(c.step) / static_cast<float>(hi);
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
