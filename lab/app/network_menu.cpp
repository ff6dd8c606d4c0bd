// lab/app/network_menu.cpp — the Scene menu's network part: a data set and
// the model to train on it.
//
// The fields edit a draft (UiState::network_draft, taken from the scene when
// it is a network); "Train this network" sends it as one SetScene command,
// which refuses what does not fit with a one-line message. The runners stay
// and restart from the new network's initial weights.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "lab/app/network_pane.hpp"
#include "lab/app/panels.hpp"
#include "scenes/network_datasets.hpp"

namespace lab::app {

namespace {

// "8,8" → {8, 8}; "" or "none" → no hidden layer. Returns false on anything else.
bool parse_hidden(const std::string& text, std::vector<int>& out) {
  out.clear();
  if (text.empty() || text == "none") return true;
  for (std::size_t at = 0; at <= text.size();) {
    const std::size_t comma = std::min(text.find(',', at), text.size());
    const std::string part = text.substr(at, comma - at);
    if (part.empty() || part.size() > 3 || part.find_first_not_of("0123456789") != std::string::npos) return false;
    out.push_back(std::stoi(part));
    at = comma + 1;
  }
  return true;
}

std::string hidden_text(const std::vector<int>& hidden) {
  std::string s;
  for (int u : hidden) {
    if (!s.empty()) s.push_back(',');
    s.append(std::to_string(u));
  }
  return s;
}

}  // namespace

void draw_network_menu(const model::Experiment& e, UiState& ui, model::CommandQueue& queue) {
  model::NetworkSpec& d = ui.network_draft;
  if (ImGui::IsWindowAppearing()) {
    if (e.scene().network) d = *e.scene().network;
    ui.hidden_text = hidden_text(d.model.hidden);
  }
  const float w = 160 * ui.scale;
  ImGui::SetNextItemWidth(w);
  if (ImGui::BeginCombo("data set", d.points ? d.points->name.c_str() : d.data.name.c_str())) {
    for (const std::string& name : scenes::dataset_names())
      if (ImGui::Selectable(name.c_str(), !d.points && d.data.name == name)) {
        d.data.name = name;
        d.points.reset();
      }
    ImGui::EndCombo();
  }
  place_last_item(ui, "network-data");
  int points = static_cast<int>(d.data.points);
  ImGui::SetNextItemWidth(w);
  if (ImGui::SliderInt("points", &points, 20, 2000, "%d", ImGuiSliderFlags_Logarithmic)) d.data.points = points;
  float noise = static_cast<float>(d.data.noise);
  ImGui::SetNextItemWidth(w);
  if (ImGui::SliderFloat("data noise (−1: default)", &noise, -1.0f, 1.0f, "%.2f")) d.data.noise = noise;
  float test = static_cast<float>(d.data.test_fraction);
  ImGui::SetNextItemWidth(w);
  if (ImGui::SliderFloat("test fraction", &test, 0.0f, 0.9f, "%.2f")) d.data.test_fraction = test;
  if (d.data.name == "blobs") {
    ImGui::SetNextItemWidth(w);
    ImGui::SliderInt("classes", &d.data.classes, 2, 8);
  }
  ImGui::Separator();
  char hidden[64];
  std::snprintf(hidden, sizeof hidden, "%s", ui.hidden_text.c_str());
  ImGui::SetNextItemWidth(w);
  if (ImGui::InputText("hidden units (e.g. 8,8)", hidden, sizeof hidden)) ui.hidden_text = hidden;
  place_last_item(ui, "network-hidden");
  ImGui::SetNextItemWidth(w);
  if (ImGui::BeginCombo("activation", nn::act_name(d.model.activation).c_str())) {
    for (nn::Act a : {nn::Act::Tanh, nn::Act::Relu, nn::Act::LeakyRelu, nn::Act::Sigmoid, nn::Act::Linear})
      if (ImGui::Selectable(nn::act_name(a).c_str(), d.model.activation == a)) d.model.activation = a;
    ImGui::EndCombo();
  }
  ImGui::TextDisabled("extra inputs");
  for (scenes::Feature f : {scenes::Feature::X1Squared, scenes::Feature::X2Squared, scenes::Feature::X1X2,
                            scenes::Feature::SinX1, scenes::Feature::SinX2}) {
    const auto it = std::find(d.model.features.begin(), d.model.features.end(), f);
    bool on = it != d.model.features.end();
    ImGui::SameLine();
    if (ImGui::Checkbox(scenes::feature_name(f).c_str(), &on)) {
      if (on)
        d.model.features.push_back(f);
      else
        d.model.features.erase(it);
    }
  }
  double l2 = d.model.l2;
  ImGui::SetNextItemWidth(w);
  if (ImGui::InputDouble("L2 λ", &l2, 0, 0, "%.2g")) d.model.l2 = l2;
  int batch = static_cast<int>(d.model.batch_size);
  ImGui::SetNextItemWidth(w);
  if (ImGui::InputInt("batch size (0: full)", &batch)) d.model.batch_size = std::max(0, batch);
  int seeds[3] = {static_cast<int>(d.data.seed), static_cast<int>(d.model.init_seed),
                  static_cast<int>(d.model.batch_seed)};
  ImGui::SetNextItemWidth(w);
  if (ImGui::InputInt3("seeds: data, init, batches", seeds)) {
    d.data.seed = static_cast<std::uint64_t>(std::max(0, seeds[0]));
    d.model.init_seed = static_cast<std::uint64_t>(std::max(0, seeds[1]));
    d.model.batch_seed = static_cast<std::uint64_t>(std::max(0, seeds[2]));
  }
  const bool pressed = ImGui::Button("Train this network");
  place_last_item(ui, "network-apply");
  if (pressed) {
    if (!parse_hidden(ui.hidden_text, d.model.hidden)) {
      ui.error("hidden units: whole numbers separated by commas, like 8,8");
    } else {
      model::SceneSpec spec;
      spec.network = d;
      queue.push(model::cmd::SetScene{spec});
    }
  }
  if (e.scene().network) {
    ImGui::SameLine();
    if (ImGui::Button("New initial weights")) queue.push(model::cmd::NewWeights{});
  }
  if (const scenes::MlpProblem* net = e.network(); net && !net->data().regression()) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("A click on a boundaries panel adds a point of class");
    draw_class_choice(net->data().classes, ui.point_class);
  }
}

}  // namespace lab::app
