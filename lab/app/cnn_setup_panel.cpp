// lab/app/cnn_setup_panel.cpp — the CNN trainer's settings and buttons, the
// chosen optimizer's update rule in the course's notation, and the model's
// Keras summary.
//
// The settings are a draft in UiState (ui.cnn_draft); a run takes a copy when
// it starts, so editing them never disturbs a run in progress. The buttons
// push commands, which the loop carries out between frames.
#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "lab/app/math_text.hpp"
#include "lab/app/panels.hpp"
#include "nn/reference_models.hpp"
#include "optim/registry.hpp"

namespace lab::app {

namespace {

struct Choice {
  const char* key;
  const char* title;  // in the open list
  const char* shown;  // in the closed combo: short enough for it at every UI scale
};
constexpr Choice kData[] = {{"mnist", "MNIST digits", "MNIST digits"}, {"fashion", "Fashion-MNIST", "Fashion-MNIST"}};
constexpr Choice kModels[] = {{"cnn", "CNN: Conv-Pool-Conv-Pool-Dropout-Dense", "CNN"},
                              {"mlp", "MLP: Dense(128, relu)-Dense(softmax)", "MLP"}};

template <std::size_t N>
void combo(const char* label, const Choice (&choices)[N], std::string& value, bool enabled) {
  const char* shown = value.c_str();
  for (const Choice& c : choices)
    if (value == c.key) shown = c.shown;
  ImGui::BeginDisabled(!enabled);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo(label, shown)) {
    for (const Choice& c : choices)
      if (ImGui::Selectable(c.title, value == c.key)) value = c.key;
    ImGui::EndCombo();
  }
  ImGui::EndDisabled();
}

// The optimizers a network can use: not the ones that keep an n × n matrix or need the Hessian.
bool trains_networks(const optim::OptimizerInfo& info) {
  return info.for_networks();
}

// One row per hyperparameter of the method itself (the common options keep their defaults).
void hyper_rows(UiState& ui, const optim::Optimizer<float>& proto, bool enabled, bool flags) {
  model::CnnConfig& draft = ui.cnn_draft;
  for (const optim::HyperSpec& spec : proto.specs()) {
    if (spec.common || (spec.kind == optim::HyperSpec::Kind::Flag) != flags) continue;
    const auto it = draft.hyper.find(spec.name);
    const double v = it != draft.hyper.end() ? it->second : spec.default_value;
    if (auto changed = ui.hypers.row("cnn " + draft.optimizer, spec, v, 140 * ui.scale, enabled))
      draft.hyper[spec.name] = std::clamp(*changed, spec.hard_min, spec.hard_max);
  }
}

// Keras' summary as table rows: layer (type), output shape, parameter count;
// the last row is the total.
std::vector<std::array<std::string, 3>> model_rows(const std::string& name) {
  std::vector<std::array<std::string, 3>> rows;
  auto m = nn::reference_model(name, nn::Shape::image(28, 28, 1), 10);
  if (!m) return rows;
  for (std::size_t i = 0; i < m->size(); ++i) {
    const nn::Layer<float>& l = m->layer(i);
    const nn::Shape o = l.output_shape();
    const std::string shape = o.rank == 3
                                  ? std::to_string(o.h) + " × " + std::to_string(o.w) + " × " + std::to_string(o.c)
                                  : std::to_string(o.c);
    rows.push_back({l.class_name(), shape, nn::with_commas(l.param_count())});
  }
  rows.push_back({"Total params", "", nn::with_commas(static_cast<long>(m->params().size()))});
  return rows;
}

}  // namespace

void draw_cnn_setup_panel(const model::CnnSnapshot& snap, bool running, UiState& ui, model::CommandQueue& queue) {
  const float s = ui.scale;
  model::CnnConfig& draft = ui.cnn_draft;
  const bool editable = !running;

  ImGui::TextUnformatted("Data");
  ImGui::SameLine(140 * s);
  combo("##data", kData, draft.data, editable);
  ImGui::TextUnformatted("Model");
  ImGui::SameLine(140 * s);
  combo("##model", kModels, draft.model, editable);

  ImGui::TextUnformatted("Optimizer");
  ImGui::SameLine(140 * s);
  ImGui::SetNextItemWidth(-1);
  ImGui::BeginDisabled(!editable);
  const optim::OptimizerInfo& current = optim::optimizer_info(draft.optimizer);
  if (ImGui::BeginCombo("##optimizer", current.title.c_str())) {
    for (const optim::OptimizerInfo& info : optim::optimizers()) {
      if (!trains_networks(info)) continue;
      if (ImGui::Selectable(info.title.c_str(), info.name == draft.optimizer) && info.name != draft.optimizer) {
        draft.optimizer = info.name;
        draft.hyper.clear();
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", info.summary.c_str());
    }
    ImGui::EndCombo();
  }
  ImGui::EndDisabled();
  // A prototype of the chosen method with the draft's values: its specs and its rule.
  auto proto = optim::make_optimizer<float>(draft.optimizer);
  for (const auto& [key, value] : draft.hyper) proto->set(key, value);
  hyper_rows(ui, *proto, editable, false);
  bool has_flags = false;
  for (const optim::HyperSpec& spec : proto->specs())
    has_flags |= !spec.common && spec.kind == optim::HyperSpec::Kind::Flag;
  if (has_flags && ImGui::TreeNode("variants of the method")) {
    hyper_rows(ui, *proto, editable, true);
    ImGui::TreePop();
  }

  int epochs = draft.epochs, batch = static_cast<int>(draft.batch_size), seed = static_cast<int>(draft.seed);
  // Two settings to a row, so that the panel fits a 900-pixel-high projector
  // screen; one to a row when two would leave a field too narrow to read
  // (large UI scales, narrow windows).
  const float half = (ImGui::GetContentRegionAvail().x - 140 * s) / 2;
  const float readable = ImGui::CalcTextSize("00000").x + 2 * ImGui::GetStyle().FramePadding.x;
  const bool paired = half - 8 * s - ImGui::CalcTextSize("Batch").x >= readable;
  // A row's first setting, leaving room for its partner when paired; then the partner.
  auto first = [&](const char* label, const char* partner) {
    ImGui::TextUnformatted(label);
    ImGui::SameLine(140 * s);
    ImGui::SetNextItemWidth(paired ? half - 8 * s - ImGui::CalcTextSize(partner).x : -1);
  };
  auto second = [&](const char* label) {
    if (paired) ImGui::SameLine();
    ImGui::TextUnformatted(label);
    ImGui::SameLine(paired ? 0 : 140 * s);
    ImGui::SetNextItemWidth(-1);
  };
  ImGui::BeginDisabled(!editable);
  first("Epochs", "Batch");
  if (ImGui::InputInt("##epochs", &epochs, 0)) epochs = std::clamp(epochs, 1, 1000);
  second("Batch");
  if (ImGui::InputInt("##batch", &batch, 0)) batch = std::clamp(batch, 1, 4096);
  first("Validation", "Seed");
  float split = static_cast<float>(draft.validation_split);
  if (ImGui::SliderFloat("##split", &split, 0.0f, 0.5f, "%.2f"))
    draft.validation_split = std::clamp(static_cast<double>(split), 0.0, 0.9);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("the fraction of the training set held out for validation");
  second("Seed");
  if (ImGui::InputInt("##seed", &seed, 0)) seed = std::clamp(seed, 0, 1 << 30);
  ImGui::EndDisabled();
  draft.epochs = epochs;
  draft.batch_size = batch;
  draft.seed = static_cast<std::uint64_t>(seed);

  // ---- buttons
  ImGui::Spacing();
  const float w = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
  ImGui::BeginDisabled(running);
  if (ImGui::Button("\u25B6 Train", ImVec2(w, 0))) queue.push(model::cmd::StartTraining{draft});
  place_last_item(ui, "cnn-train");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!running || snap.status == model::CnnStatus::Loading);
  if (snap.status == model::CnnStatus::Paused) {
    if (ImGui::Button("\u25B6 Resume", ImVec2(w, 0))) queue.push(model::cmd::ResumeTraining{});
  } else if (ImGui::Button("\u2016 Pause", ImVec2(w, 0))) {
    queue.push(model::cmd::PauseTraining{});
  }
  place_last_item(ui, "cnn-pause");
  ImGui::SameLine();
  if (ImGui::Button("\u25A0 Stop", ImVec2(w, 0))) queue.push(model::cmd::StopTraining{});
  place_last_item(ui, "cnn-stop");
  ImGui::EndDisabled();

  // ---- the update rule the run uses (or would use)
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::PushFont(ui.fonts.title);
  ImGui::Text("Each step: %s",
              running ? optim::optimizer_info(snap.config.optimizer).title.c_str() : current.title.c_str());
  ImGui::PopFont();
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("g is the mean gradient of the loss over one mini-batch");
  ImGui::PopTextWrapPos();
  const auto rule = running && !snap.rule.empty() ? snap.rule : proto->rule();
  for (const optim::RuleLine& line : rule) math_text(line.formula);

  // ---- Keras' summary of the model
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::PushFont(ui.fonts.title);
  ImGui::TextUnformatted("Model summary");
  ImGui::PopFont();
  const std::string model_name = running ? snap.config.model : draft.model;
  auto found = ui.model_summaries.find(model_name);
  if (found == ui.model_summaries.end()) found = ui.model_summaries.emplace(model_name, model_rows(model_name)).first;
  const auto& rows = found->second;
  if (ImGui::BeginTable("summary", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    ImGui::TableSetupColumn("Layer", ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableSetupColumn("Output shape", ImGuiTableColumnFlags_WidthStretch, 1.1f);
    ImGui::TableSetupColumn("Params", ImGuiTableColumnFlags_WidthStretch, 0.6f);
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i + 1 < rows.size(); ++i) {
      const auto& row = rows[i];
      ImGui::TableNextRow();
      for (int c = 0; c < 3; ++c) {
        ImGui::TableSetColumnIndex(c);
        ImGui::TextUnformatted(row[static_cast<std::size_t>(c)].c_str());
      }
    }
    ImGui::EndTable();
  }
  if (!rows.empty()) ImGui::Text("Total params: %s", rows.back()[2].c_str());
}

}  // namespace lab::app
