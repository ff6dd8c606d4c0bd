// lab/app/cnn_layer_editor.cpp — the layer editor: add, remove, reorder and
// set layers, with a live Keras-style summary and every impossible shape
// flagged at its row before training.
//
// The plan and its check are lab/model/layer_plan.hpp (nn builds it, so the
// shapes and counts are nn's); it lives in the model (lab/model/cnn_pane.hpp)
// and every edit is a command. A plan that checks out trains here ("Train
// this model": the setup switches to it and the race starts on it, every
// optimizer from the same initial weights), or is saved as a Keras
// model_config JSON, which `descent train --model FILE.json` trains.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <string>

#include "lab/app/cnn_inside_view.hpp"
#include "lab/app/panels.hpp"
#include "lab/model/layer_plan.hpp"
#include "nn/model_io.hpp"

namespace lab::app {

namespace {

constexpr ImU32 kProblem = IM_COL32(240, 110, 90, 255);
const ImVec4 kProblemText(1.0f, 0.45f, 0.4f, 1);
const ImVec4 kOkText(0.5f, 0.9f, 0.6f, 1);

constexpr nn::Act kActs[] = {nn::Act::Relu,    nn::Act::Linear, nn::Act::LeakyRelu,
                             nn::Act::Sigmoid, nn::Act::Tanh,   nn::Act::Softmax};

bool activation_combo(nn::Act& act) {
  bool changed = false;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  if (ImGui::BeginCombo("activation", nn::act_name(act).c_str())) {
    for (nn::Act a : kActs)
      if (ImGui::Selectable(nn::act_name(a).c_str(), a == act)) act = a, changed = true;
    ImGui::EndCombo();
  }
  return changed;
}

bool long_input(const char* label, long& value, long lo, long hi) {
  int v = static_cast<int>(value);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  if (!ImGui::InputInt(label, &v)) return false;
  value = std::clamp(static_cast<long>(v), lo, hi);
  return true;
}

bool padding_combo(nn::Padding& p) {
  bool same = p == nn::Padding::Same;
  if (!ImGui::Checkbox("padding same", &same)) return false;
  p = same ? nn::Padding::Same : nn::Padding::Valid;
  return true;
}

// The parameters of one layer, with Keras' names; true when one changed.
bool spec_editor(model::LayerSpec& s) {
  bool changed = false;
  switch (s.kind) {
    case model::LayerKind::Conv2D:
      changed |= long_input("filters", s.filters, 1, 1024);
      ImGui::SameLine();
      changed |= long_input("kernel_size", s.kernel_size, 1, 15);
      changed |= long_input("strides", s.strides, 1, 8);
      ImGui::SameLine();
      changed |= padding_combo(s.padding);
      ImGui::SameLine();
      changed |= activation_combo(s.activation);
      break;
    case model::LayerKind::MaxPooling2D:
    case model::LayerKind::AveragePooling2D:
      changed |= long_input("pool_size", s.pool_size, 1, 16);
      ImGui::SameLine();
      changed |= padding_combo(s.padding);
      break;
    case model::LayerKind::Dense:
      changed |= long_input("units", s.units, 1, 4096);
      ImGui::SameLine();
      changed |= activation_combo(s.activation);
      break;
    case model::LayerKind::Dropout: {
      float rate = static_cast<float>(s.rate);
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
      if (ImGui::SliderFloat("rate", &rate, 0.0f, 0.95f, "%.2f")) s.rate = rate, changed = true;
      break;
    }
    case model::LayerKind::Activation:
      changed |= activation_combo(s.activation);
      break;
    case model::LayerKind::Flatten:
    case model::LayerKind::BatchNormalization:
      ImGui::TextDisabled("no parameters to set");
      break;
  }
  return changed;
}

// "(None, 26, 26, 32)" as "26×26×32": the table stays narrow; the Keras summary below keeps Keras' form.
std::string compact(const std::string& keras_shape) {
  std::string out;
  const std::size_t start = keras_shape.find(", ");
  for (std::size_t i = start == std::string::npos ? 0 : start + 2; i < keras_shape.size(); ++i) {
    const char c = keras_shape[i];
    if (c == ',')
      out += "\u00D7";
    else if (c != ' ' && c != ')')
      out += c;
  }
  return out;
}

}  // namespace

void draw_cnn_layer_editor(const model::CnnSnapshot& snap, const model::CnnPane& pane, UiState& ui,
                           model::CommandQueue& queue) {
  CnnEditorView& e = ui.cnn_editor;
  const model::LayerPlan& plan = pane.plan;
  const float s = ui.scale;
  const nn::Shape input = nn::Shape::image(snap.image_h, snap.image_w, snap.image_c);
  const int classes = snap.class_names.empty() ? 10 : static_cast<int>(snap.class_names.size());
  if (!e.checked || !(e.checked_plan == plan) || !(e.checked_input == input) || e.checked_classes != classes) {
    e.check = model::check(plan, input, classes);
    e.checked_plan = plan;
    e.checked_input = input;
    e.checked_classes = classes;
    e.checked = true;
  }

  ImGui::TextUnformatted("Start from");
  for (const char* name : {"cnn", "mlp"}) {
    ImGui::SameLine();
    if (ImGui::Button(name)) queue.push(model::cmd::StartPlanFrom{name, classes});
  }
  ImGui::SameLine();
  ImGui::TextDisabled("on %s images, %d classes", compact(input.str()).c_str(), classes);

  // The layers: one row each, its shape and parameters as Keras' summary gives them.
  const std::size_t rows = plan.layers.size();  // each with its row of the check, redone above
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("layers", 4, flags)) {
    ImGui::TableSetupColumn("Layer", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Output");
    ImGui::TableSetupColumn("Param #");
    ImGui::TableSetupColumn("");
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < rows; ++i) {
      model::LayerSpec spec = plan.layers[i];
      const model::LayerCheck& row = e.check.layers[i];
      ImGui::PushID(static_cast<int>(i));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const bool open =
          ImGui::TreeNodeEx("layer", ImGuiTreeNodeFlags_SpanAvailWidth, "%s", model::describe(spec).c_str());
      ImGui::TableNextColumn();
      if (!row.output_shape.empty()) ImGui::TextUnformatted(compact(row.output_shape).c_str());
      ImGui::TableNextColumn();
      if (!row.output_shape.empty()) ImGui::TextUnformatted(nn::with_commas(row.params).c_str());
      ImGui::TableNextColumn();
      if (ImGui::ArrowButton("up", ImGuiDir_Up)) queue.push(model::cmd::MoveLayer{i, -1});
      ImGui::SameLine(0, 2 * s);
      if (ImGui::ArrowButton("down", ImGuiDir_Down)) queue.push(model::cmd::MoveLayer{i, +1});
      ImGui::SameLine(0, 2 * s);
      if (ImGui::SmallButton("\u2715")) queue.push(model::cmd::RemoveLayer{i});
      if (!row.problem.empty()) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushStyleColor(ImGuiCol_Text, kProblem);
        ImGui::TextWrapped("\u26A0 %s", row.problem.c_str());
        ImGui::PopStyleColor();
      }
      if (open) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (spec_editor(spec)) queue.push(model::cmd::SetLayer{i, spec});
        ImGui::TreePop();
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }

  ImGui::SetNextItemWidth(180 * s);
  const char* shown = model::kind_name(model::kLayerKinds[e.add_kind]);
  if (ImGui::BeginCombo("##add-kind", shown)) {
    for (int k = 0; k < static_cast<int>(std::size(model::kLayerKinds)); ++k)
      if (ImGui::Selectable(model::kind_name(model::kLayerKinds[k]), k == e.add_kind)) e.add_kind = k;
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (ImGui::Button("Add before the output")) {
    const std::size_t at = plan.layers.empty() ? 0 : plan.layers.size() - 1;
    queue.push(model::cmd::AddLayer{model::default_spec(model::kLayerKinds[e.add_kind]), at});
  }

  ImGui::Separator();
  if (e.check.ok()) {
    ImGui::TextColored(kOkText, "Trainable: %s parameters", nn::with_commas(e.check.total_params).c_str());
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, kProblemText);
    ImGui::TextWrapped("Cannot train: %s", e.check.problem.c_str());
    ImGui::PopStyleColor();
  }
  ui.fact("cnn-layer-plan", e.check.ok() ? "ok" : e.check.problem);

  // Train it here: the setup's model becomes this plan, and the race starts.
  const bool running = snap.status == model::CnnStatus::Loading || snap.status == model::CnnStatus::Training ||
                       snap.status == model::CnnStatus::Paused;
  ImGui::BeginDisabled(!e.check.ok() || running);
  if (ImGui::Button("\u25B6 Train this model")) queue.push(model::cmd::UseLayerPlan{plan, true});
  place_last_item(ui, "cnn-train-plan");
  ImGui::EndDisabled();
  ImGui::PushTextWrapPos(0);
  if (running)
    ImGui::TextDisabled("a run is in progress: stop it first");
  else if (!e.check.ok())
    ImGui::TextDisabled("fix the problem above first");
  else
    ImGui::TextDisabled("the setup's optimizers race on it, from the same initial weights");
  ImGui::PopTextWrapPos();

  // The plan as a Keras model_config, for `descent train --model FILE.json`.
  ImGui::BeginDisabled(!e.check.ok());
  ImGui::SetNextItemWidth(220 * s);
  char buf[512];
  std::snprintf(buf, sizeof buf, "%s", e.path.c_str());
  if (ImGui::InputText("##plan-path", buf, sizeof buf)) e.path = buf;
  ImGui::SameLine();
  if (ImGui::Button("Save architecture")) {
    try {
      nn::save_architecture(e.path, *model::build(plan, input, classes));
      ui.info("saved " + e.path + ": train it with descent train --model " + e.path);
    } catch (const std::exception& ex) {
      ui.error(ex.what());
    }
  }
  ImGui::EndDisabled();

  if (ImGui::CollapsingHeader("Keras summary", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::PushFont(ui.fonts.mono);
    const float h = ImGui::CalcTextSize(e.check.summary.c_str()).y + ImGui::GetStyle().ScrollbarSize + 8 * s;
    ImGui::BeginChild("summary", ImVec2(0, h), false, ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::TextUnformatted(e.check.summary.c_str());
    ImGui::EndChild();
    ImGui::PopFont();
  }
}

}  // namespace lab::app
