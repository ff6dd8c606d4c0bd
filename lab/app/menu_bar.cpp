// lab/app/menu_bar.cpp — File, Scene, Presets, View, and the two screens:
// optimizers racing on a surface, or the CNN trainer.
//
// File actions and view toggles set requests in UiState that the loop
// carries out between frames; scene and preset choices are commands.
#include <imgui.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "lab/app/panels.hpp"
#include "lab/model/presets.hpp"
#include "scenes/surface.hpp"

namespace lab::app {

namespace {

// An editable path and a button, inside a menu.
bool path_row(const char* id, std::string& path, const char* action, float scale) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%s", path.c_str());
  ImGui::SetNextItemWidth(300 * scale);
  if (ImGui::InputText(id, buf, sizeof buf)) path = buf;
  ImGui::SameLine();
  return ImGui::Button(action);
}

// The screen switch: two tabs at the left of the menu bar.
void mode_tabs(UiState& ui) {
  for (auto [mode, label] : {std::pair{Mode::Surfaces, "Surfaces"}, {Mode::Cnn, "CNN trainer"}}) {
    const bool active = ui.mode == mode;
    ImGui::PushStyleColor(ImGuiCol_Text, active ? IM_COL32(255, 255, 255, 255) : IM_COL32(170, 170, 180, 255));
    ImGui::PushStyleColor(ImGuiCol_Header, IM_COL32(60, 90, 140, 255));
    if (ImGui::Selectable(label, active, 0, ImVec2(ImGui::CalcTextSize(label).x, 0))) ui.mode = mode;
    ImGui::PopStyleColor(2);
    ImGui::SameLine();
  }
  ImGui::TextDisabled("|");
}

void view_menu_common(UiState& ui) {
  ImGui::SetNextItemWidth(200 * ui.scale);
  ImGui::SliderFloat("UI scale", &ui.requested_scale, 1.0f, 2.5f, "%.2f×");
  if (ImGui::MenuItem("Full screen", "F11", ui.fullscreen)) ui.requested_fullscreen = !ui.fullscreen;
}

}  // namespace

void draw_menu_bar(const model::Experiment& e, UiState& ui, model::CommandQueue& queue) {
  if (!ImGui::BeginMainMenuBar()) return;
  mode_tabs(ui);
  if (ui.mode == Mode::Cnn) {
    if (ImGui::BeginMenu("File")) {
      ImGui::TextDisabled("The trained model: one Keras-layout .h5 (descent evaluate / train --resume read it)");
      if (path_row("##model", ui.cnn_model_path, "Save model", ui.scale)) ui.save_cnn_model = true;
      ImGui::Separator();
      ImGui::TextDisabled("The window as PNG");
      if (path_row("##png", ui.png_path, "Export PNG", ui.scale)) ui.export_png = true;
      ImGui::Separator();
      if (ImGui::MenuItem("Quit", "Esc")) ui.quit = true;
      ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
      view_menu_common(ui);
      ImGui::EndMenu();
    }
    const char* what = "Training a network on MNIST or Fashion-MNIST; every step goes through optim/";
    const float x = ImGui::GetWindowWidth() - ImGui::CalcTextSize(what).x - 16 * ui.scale;
    ImGui::SameLine();
    if (x > ImGui::GetCursorPosX() + 20 * ui.scale) {  // only where it fits
      ImGui::SetCursorPosX(x);
      ImGui::TextDisabled("%s", what);
    }
    ImGui::EndMainMenuBar();
    return;
  }
  if (ImGui::BeginMenu("File")) {
    ImGui::TextDisabled("Experiment (JSON: scene, view, start, optimizers, step)");
    if (path_row("##exp", ui.experiment_path, "Save", ui.scale)) ui.save_experiment = true;
    ImGui::SameLine();
    if (ImGui::Button("Load")) ui.load_experiment = true;
    ImGui::Separator();
    ImGui::TextDisabled("Trajectories as CSV (up to the cursor)");
    if (path_row("##csv", ui.csv_path, "Export CSV", ui.scale)) ui.export_csv = true;
    ImGui::Separator();
    ImGui::TextDisabled("The window as PNG");
    if (path_row("##png", ui.png_path, "Export PNG", ui.scale)) ui.export_png = true;
    ImGui::TextDisabled("The animation, step 0 to the cursor, into a folder");
    if (path_row("##seq", ui.sequence_dir, "PNG sequence", ui.scale)) ui.export_sequence = true;
    ImGui::SameLine();
    if (ImGui::Button("GIF")) ui.export_gif = true;
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Esc")) ui.quit = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Scene")) {
    // Titles once: some surfaces do real work when built (Rastrigin refines its minima).
    static const std::vector<std::pair<std::string, std::string>> kSurfaces = [] {
      std::vector<std::pair<std::string, std::string>> list;
      for (const std::string& name : scenes::surface_names())
        list.emplace_back(name, scenes::make_surface(name)->title());
      return list;
    }();
    for (const auto& [name, title] : kSurfaces) {
      const bool current = e.scene().formula.empty() && e.scene().surface == name;
      if (ImGui::MenuItem(title.c_str(), nullptr, current)) {
        model::SceneSpec spec;
        spec.surface = name;
        spec.noise = e.scene().noise;
        spec.seed = e.scene().seed;
        queue.push(model::cmd::SetScene{spec});
      }
    }
    ImGui::Separator();
    ImGui::TextDisabled("Custom surface f(x, y)");
    if (path_row("##formula", ui.formula_text, "Apply", ui.scale)) {
      model::SceneSpec spec;
      spec.formula = ui.formula_text;
      spec.noise = e.scene().noise;
      spec.seed = e.scene().seed;
      queue.push(model::cmd::SetScene{spec});
    }
    ImGui::Separator();
    float noise = static_cast<float>(e.scene().noise);
    ImGui::SetNextItemWidth(300 * ui.scale);
    if (ImGui::SliderFloat("gradient noise σ", &noise, 0.0f, 50.0f, "%.2f", ImGuiSliderFlags_Logarithmic))
      queue.push(model::cmd::SetNoise{noise});
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("g̃ = ∇f(θ) + σ·ξ: stands in for mini-batch noise (same noise for every optimizer)");
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Presets")) {
    for (const model::Preset& p : model::presets()) {
      if (ImGui::MenuItem(p.title.c_str())) queue.push(model::cmd::LoadPreset{p.name});
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n(descent --preset %s)", p.lesson.c_str(), p.name.c_str());
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    view_menu_common(ui);
    ImGui::MenuItem("3-D view", "3", &ui.view_3d);
    ImGui::MenuItem("Contour lines", nullptr, &ui.show_contours);
    ImGui::MenuItem("A marker per step", nullptr, &ui.show_step_markers);
    ImGui::MenuItem("Inspector arrows on the surface", nullptr, &ui.show_arrows);
    if (ImGui::MenuItem("Reset the view window")) queue.push(model::cmd::SetView{e.surface().view()});
    ImGui::EndMenu();
  }
  // The scene's formula, always visible.
  const std::string formula = e.surface().title() + ":  f = " + e.surface().formula();
  ImGui::SameLine(ImGui::GetWindowWidth() - ImGui::CalcTextSize(formula.c_str()).x - 16 * ui.scale);
  ImGui::TextUnformatted(formula.c_str());
  ImGui::EndMainMenuBar();
}

}  // namespace lab::app
