#include "lab/app/layout.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "lab/app/panels.hpp"

namespace lab::app {

namespace {

constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;

// The menu bar, unless an export is drawing; returns the height it takes.
float menu_bar(const model::Experiment& e, UiState& ui, model::CommandQueue& queue) {
  if (ui.capturing) return 0;
  draw_menu_bar(e, ui, queue);
  return ImGui::GetFrameHeight();
}

void begin_pane(const char* name, ImVec2 pos, ImVec2 size, ImGuiWindowFlags flags = 0) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::Begin(name, nullptr, kFixed | flags);
}

}  // namespace

void place_last_item(UiState& ui, std::string name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  ui.place(std::move(name), a.x, a.y, b.x, b.y);
}

void draw_surfaces_screen(const model::Experiment& e, const model::Timeline& t, SurfaceView& surface,
                          NetworkSceneView& network, UiState& ui, model::CommandQueue& queue) {
  const ImGuiIO& io = ImGui::GetIO();
  const float s = ui.scale;
  const float top = menu_bar(e, ui, queue);
  const float W = io.DisplaySize.x, H = io.DisplaySize.y;
  const ImGuiStyle& style = ImGui::GetStyle();
  // The timeline's controls take about 650 px at scale 1: where the scrub bar
  // would get less than 40% of the width beside them, it gets a row of its own.
  const bool timeline_rows = W - 650 * s < 0.4f * W;
  const float timeline_h = (timeline_rows ? 2 : 1) * ImGui::GetFrameHeightWithSpacing() + 2 * style.WindowPadding.y;
  // The surface keeps at least 55% of the width and two thirds of the height
  // above the timeline; the side panels and the plots give way first (they
  // scroll, wrap and shrink their titles).
  const float right_w = std::min(std::clamp(W * 0.36f, 430 * s, 820 * s), W * 0.45f);
  const float left_w = W - right_w;
  const float body_h = H - top - timeline_h;
  float plots_h = std::min(std::max(150 * s, body_h * 0.27f), body_h / 3);
  // A network pane under a lesson, a header and tabs needs its height more
  // than a surface does: where it would keep under 420 px at scale 1 (a
  // projector's scale 2), the plots move into a tab of the pane.
  const bool curves_tab = e.network() != nullptr && (body_h - plots_h) / s < 420;
  if (curves_tab) plots_h = 0;

  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  begin_pane("Surface", ImVec2(0, top), ImVec2(left_w, body_h - plots_h),
             ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  if (e.network() != nullptr)
    network.draw(e, ui, queue, curves_tab);
  else
    surface.draw(e, ui, queue);
  ImGui::End();
  ImGui::PopStyleVar();

  if (!curves_tab) {
    begin_pane("Plots", ImVec2(0, top + body_h - plots_h), ImVec2(left_w, plots_h),
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
    draw_plots_panel(e, ui);
    ImGui::End();
  }

  const float optimizers_h = std::round(body_h * 0.47f);
  begin_pane("Optimizers", ImVec2(left_w, top), ImVec2(right_w, optimizers_h));
  draw_optimizers_panel(e, ui, queue);
  ImGui::End();

  const char* long_title = "Inspector: what happened in this step###inspector";
  const bool fits = ImGui::CalcTextSize(long_title, nullptr, true).x + 2 * style.FramePadding.x + 8 * s <= right_w;
  begin_pane(fits ? long_title : "Inspector: this step###inspector", ImVec2(left_w, top + optimizers_h),
             ImVec2(right_w, body_h - optimizers_h));
  draw_inspector_panel(e, ui);
  ImGui::End();

  begin_pane("Timeline", ImVec2(0, H - timeline_h), ImVec2(W, timeline_h),
             ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
  draw_timeline_panel(e, t, ui, queue);
  ImGui::End();
}

void draw_cnn_screen(const model::CnnSnapshot& snap, const model::CnnPane& pane, UiState& ui,
                     model::CommandQueue& queue) {
  const ImGuiIO& io = ImGui::GetIO();
  const float s = ui.scale;
  const float top = ui.capturing ? 0 : (draw_cnn_menu_bar(ui, queue), ImGui::GetFrameHeight());
  const float W = io.DisplaySize.x, H = io.DisplaySize.y;
  const bool running = snap.status == model::CnnStatus::Loading || snap.status == model::CnnStatus::Training ||
                       snap.status == model::CnnStatus::Paused;
  const float body_h = H - top;
  auto progress = [&] {
    for (const Message& m : ui.messages)
      if (m.until >= ui.now)
        ImGui::TextColored(m.error ? ImVec4(1.0f, 0.45f, 0.4f, 1) : ImVec4(0.5f, 0.9f, 0.6f, 1), "%s", m.text.c_str());
    draw_cnn_progress_panel(snap, ui, queue);
  };
  // The results and the inside view (cnn_inside_panel.cpp), as two tabs of the tab bar that is open.
  auto results_and_inside = [&] {
    const bool results = ImGui::BeginTabItem("Results");
    place_last_item(ui, "cnn-tab-results");
    if (results) {
      // Its scrollbar always there: the test images and the matrix take their sizes from the width,
      // and a scrollbar that came and went with them would shake them every other frame.
      ImGui::BeginChild("results", ImVec2(0, 0), false, ImGuiWindowFlags_AlwaysVerticalScrollbar);
      draw_cnn_results_panel(snap, ui, queue);
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    const bool inside = ImGui::BeginTabItem(
        "Inside", nullptr, std::exchange(ui.cnn_inside.open_inside, false) ? ImGuiTabItemFlags_SetSelected : 0);
    place_last_item(ui, "cnn-tab-inside");
    if (inside) {
      draw_cnn_inside_panel(snap, pane, ui, queue);
      ImGui::EndTabItem();
    }
  };
  // Three columns when there is room at this UI scale; on a large scale (a
  // projector), the setup and a tab each for the progress and the results.
  const bool three = W / s >= 1150;
  const float left_w = std::round(W * (three ? 0.27f : 0.38f));
  const float mid_w = three ? std::round(W * 0.38f) : W - left_w;

  begin_pane("Training setup", ImVec2(0, top), ImVec2(left_w, body_h));
  draw_cnn_setup_panel(snap, running, ui, queue);
  ImGui::End();

  if (three) {
    begin_pane("Progress", ImVec2(left_w, top), ImVec2(mid_w, body_h));
    progress();
    ImGui::End();
    begin_pane("Results", ImVec2(left_w + mid_w, top), ImVec2(W - left_w - mid_w, body_h));
    if (ImGui::BeginTabBar("cnn-results-tabs")) {
      results_and_inside();
      ImGui::EndTabBar();
    }
    ImGui::End();
    return;
  }
  begin_pane("Training", ImVec2(left_w, top), ImVec2(mid_w, body_h), ImGuiWindowFlags_NoTitleBar);
  if (ImGui::BeginTabBar("cnn-tabs")) {
    if (ImGui::BeginTabItem("Progress")) {
      ImGui::BeginChild("progress");
      progress();
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    results_and_inside();
    ImGui::EndTabBar();
  }
  ImGui::End();
}

}  // namespace lab::app
