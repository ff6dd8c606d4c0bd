// lab/app/menu_bar.cpp — File, Scene, Presets, View, and the two screens:
// optimizers racing on a surface, or the CNN trainer.
//
// Every action is a command, carried out between frames; view toggles are
// the window's own state (UiState).
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "lab/app/math_text.hpp"
#include "lab/app/panels.hpp"
#include "lab/model/network_measures.hpp"
#include "lab/model/presets.hpp"
#include "lab/model/view_fit.hpp"
#include "scenes/surface.hpp"

namespace lab::app {

namespace {

// An editable path and a button, inside a menu. The layout log names them
// NAME-field and NAME-button (id without its "##").
bool path_row(const char* id, std::string& path, const char* action, UiState& ui) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%s", path.c_str());
  ImGui::SetNextItemWidth(300 * ui.scale);
  if (ImGui::InputText(id, buf, sizeof buf)) path = buf;
  const std::string name = std::string(id).substr(2);
  place_last_item(ui, name + "-field");
  ImGui::SameLine();
  const bool pressed = ImGui::Button(action);
  place_last_item(ui, name + "-button");
  return pressed;
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

void view_menu_common(UiState& ui, model::CommandQueue& queue) {
  ImGui::SetNextItemWidth(200 * ui.scale);
  float scale = ui.scale;
  if (ImGui::SliderFloat("UI scale", &scale, 1.0f, 2.5f, "%.2f×")) queue.push(model::cmd::SetUiScale{scale});
  if (ImGui::MenuItem("Full screen", "F11", ui.fullscreen)) queue.push(model::cmd::SetFullscreen{!ui.fullscreen});
}

void quit_item(model::CommandQueue& queue) {
  if (ImGui::MenuItem("Quit", "Ctrl+Q")) queue.push(model::cmd::Quit{});
}

// The scene's title and formula, right-aligned after the menus: smaller when
// it does not fit, then cut with "…" (the whole text in a tooltip). It never
// covers a menu.
void scene_title(const std::string& text, UiState& ui) {
  ImGui::SameLine();
  const float s = ui.scale;
  const float start = ImGui::GetCursorScreenPos().x + 12 * s;
  const float end = ImGui::GetWindowPos().x + ImGui::GetWindowWidth() - 16 * s;
  ui.place("menus", ImGui::GetWindowPos().x, ImGui::GetWindowPos().y, start - 12 * s,
           ImGui::GetWindowPos().y + ImGui::GetFrameHeight());
  const float room = end - start;
  if (room < 40 * s) return;
  ImFont* font = ImGui::GetFont();
  const float full = ImGui::CalcTextSize(text.c_str()).x;
  const float size = ImGui::GetFontSize() * std::clamp(room / std::max(full, 1.0f), 0.75f, 1.0f);
  const std::string shown = elide_to_width(text, size, room);
  const float w = font->CalcTextSizeA(size, FLT_MAX, 0, shown.c_str()).x;
  const ImVec2 at(end - w, ImGui::GetCursorScreenPos().y + (ImGui::GetTextLineHeight() - size) / 2);
  ImGui::GetWindowDrawList()->AddText(font, size, at, ImGui::GetColorU32(ImGuiCol_Text), shown.c_str());
  ui.place("scene-title", at.x, at.y, at.x + w, at.y + size);
  if (ImGui::IsMouseHoveringRect(at, ImVec2(at.x + w, at.y + size)) && shown != text)
    ImGui::SetTooltip("%s", text.c_str());
}

}  // namespace

void draw_cnn_menu_bar(UiState& ui, model::CommandQueue& queue) {
  if (!ImGui::BeginMainMenuBar()) return;
  mode_tabs(ui);
  if (ImGui::BeginMenu("File")) {
    ImGui::TextDisabled("The trained model: one Keras-layout .h5 (descent evaluate / train --resume read it)");
    if (path_row("##model", ui.cnn_model_path, "Save model", ui)) queue.push(model::cmd::SaveModel{ui.cnn_model_path});
    ImGui::Separator();
    ImGui::TextDisabled("The window as PNG, without menus");
    if (path_row("##png", ui.png_path, "Export PNG", ui)) queue.push(model::cmd::ExportPng{ui.png_path});
    ImGui::Separator();
    quit_item(queue);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    view_menu_common(ui, queue);
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
}

void draw_menu_bar(const model::Experiment& e, UiState& ui, model::CommandQueue& queue) {
  if (!ImGui::BeginMainMenuBar()) return;
  mode_tabs(ui);
  const bool file_open = ImGui::BeginMenu("File");
  if (!file_open) place_last_item(ui, "menu-file");
  if (file_open) {
    ImGui::TextDisabled("Experiment (JSON: scene, view, start, optimizers, step)");
    if (path_row("##exp", ui.experiment_path, "Save", ui)) queue.push(model::cmd::SaveExperiment{ui.experiment_path});
    ImGui::SameLine();
    if (ImGui::Button("Load")) queue.push(model::cmd::LoadExperiment{ui.experiment_path});
    place_last_item(ui, "exp-load");
    ImGui::Separator();
    ImGui::TextDisabled("Trajectories as CSV (up to the cursor)");
    if (path_row("##csv", ui.csv_path, "Export CSV", ui)) queue.push(model::cmd::ExportCsv{ui.csv_path});
    ImGui::Separator();
    ImGui::TextDisabled("The window as PNG, without menus");
    if (path_row("##png", ui.png_path, "Export PNG", ui)) queue.push(model::cmd::ExportPng{ui.png_path});
    place_last_item(ui, "export-png");
    ImGui::TextDisabled("The animation, step 0 to the cursor, into a folder (full size)");
    if (path_row("##seq", ui.sequence_dir, "PNG sequence", ui))
      queue.push(model::cmd::ExportFrames{ui.sequence_dir, false});
    ImGui::SameLine();
    if (ImGui::Button("GIF")) queue.push(model::cmd::ExportFrames{ui.sequence_dir, true, false});
    place_last_item(ui, "export-gif");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("animation.gif at the window's size (at most 100 frames)");
    ImGui::SameLine();
    if (ImGui::Button("GIF ½")) queue.push(model::cmd::ExportFrames{ui.sequence_dir, true, true});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("animation.gif at half the window's size (at most 200 frames)");
    ImGui::Separator();
    quit_item(queue);
    ImGui::EndMenu();
  }
  const bool scene_open = ImGui::BeginMenu("Scene");
  if (!scene_open) place_last_item(ui, "menu-scene");
  if (scene_open) {
    // Titles once: some surfaces do real work when built (Rastrigin refines its minima).
    static const std::vector<std::pair<std::string, std::string>> kSurfaces = [] {
      std::vector<std::pair<std::string, std::string>> list;
      for (const std::string& name : scenes::surface_names())
        list.emplace_back(name, scenes::make_surface(name)->title());
      return list;
    }();
    // Two columns: one long list would be taller than a 900-pixel window at UI scale 2.
    const bool table = ImGui::BeginTable("##surfaces", 2, ImGuiTableFlags_SizingFixedFit);
    for (const auto& [name, title] : kSurfaces) {
      if (table) ImGui::TableNextColumn();
      const bool current = !e.scene().network && e.scene().formula.empty() && e.scene().surface == name;
      const bool picked = ImGui::MenuItem(title.c_str(), nullptr, current);
      std::string token = "scene-" + name;  // one word in the layout log
      std::replace(token.begin(), token.end(), ' ', '_');
      place_last_item(ui, token);
      if (picked) {
        model::SceneSpec spec;
        spec.surface = name;
        spec.noise = e.scene().noise;
        spec.seed = e.scene().seed;
        queue.push(model::cmd::SetScene{spec});
      }
    }
    if (table) ImGui::EndTable();
    ImGui::Separator();
    ImGui::TextDisabled("Custom surface f(x, y)");
    if (path_row("##formula", ui.formula_text, "Apply", ui)) {
      model::SceneSpec spec;
      spec.formula = ui.formula_text;
      spec.noise = e.scene().noise;
      spec.seed = e.scene().seed;
      queue.push(model::cmd::SetScene{spec});
    }
    ImGui::Separator();
    const bool network_open = ImGui::BeginMenu("Small network");
    place_last_item(ui, "scene-network");
    if (network_open) {
      draw_network_menu(e, ui, queue);
      ImGui::EndMenu();
    }
    ImGui::TextDisabled("Load points from CSV… (x1,x2,label)");
    if (path_row("##points", ui.points_path, "Load points", ui)) queue.push(model::cmd::LoadPoints{ui.points_path});
    ImGui::Separator();
    float noise = static_cast<float>(e.scene().noise);
    ImGui::SetNextItemWidth(300 * ui.scale);
    if (ImGui::SliderFloat("gradient noise σ", &noise, 0.0f, 50.0f, "%.2f", ImGuiSliderFlags_Logarithmic))
      queue.push(model::cmd::SetNoise{noise});
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("g̃ = ∇f(θ) + σ·ξ: stands in for mini-batch noise (same noise for every optimizer)");
    ImGui::EndMenu();
  }
  const bool presets_open = ImGui::BeginMenu("Presets");
  if (!presets_open) place_last_item(ui, "menu-presets");
  if (presets_open) {
    for (const model::Preset& p : model::presets()) {
      if (ImGui::MenuItem(p.title.c_str())) queue.push(model::cmd::LoadPreset{p.name});
      place_last_item(ui, "preset-" + p.name);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n(descent --preset %s)", p.lesson.c_str(), p.name.c_str());
    }
    ImGui::EndMenu();
  }
  const bool view_open = ImGui::BeginMenu("View");
  if (!view_open) place_last_item(ui, "menu-view");
  if (view_open) {
    view_menu_common(ui, queue);
    ImGui::MenuItem("3-D view", "3", &ui.view_3d);
    ImGui::MenuItem("Contour lines", nullptr, &ui.show_contours);
    ImGui::MenuItem("A marker per step", nullptr, &ui.show_step_markers);
    ImGui::MenuItem("Inspector arrows on the surface", nullptr, &ui.show_arrows);
    if (e.network() == nullptr && ImGui::MenuItem("Reset the view window"))
      queue.push(model::cmd::SetView{e.surface().view()});
    if (e.network() == nullptr && ImGui::MenuItem("Fit view to the paths"))
      queue.push(model::cmd::SetView{model::fit_view_to_paths(e, e.cursor())});
    ImGui::EndMenu();
  }
  scene_title(e.network() != nullptr ? "Network: " + model::network_title(e)
                                     : e.surface().title() + ":  f = " + e.surface().formula(),
              ui);
  ImGui::EndMainMenuBar();
}

}  // namespace lab::app
