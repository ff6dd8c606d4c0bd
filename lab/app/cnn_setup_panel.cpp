// lab/app/cnn_setup_panel.cpp — the CNN trainer's settings and buttons: the
// data (MNIST, Fashion-MNIST or an image folder), the model (a preset or a
// loaded .h5), one to four optimizers racing, each with its own
// hyperparameters and learning-rate schedule, Keras' callbacks; the first
// optimizer's update rule in the course's notation, and the model's Keras
// summary.
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
#include "lab/model/layer_plan.hpp"
#include "optim/common_options.hpp"
#include "optim/registry.hpp"

namespace lab::app {

namespace {

struct Choice {
  const char* key;
  const char* title;  // in the open list
  const char* shown;  // in the closed combo: short enough for it at every UI scale
};
constexpr Choice kData[] = {{"mnist", "MNIST digits", "MNIST digits"},
                            {"fashion", "Fashion-MNIST", "Fashion-MNIST"},
                            {"", "An image folder (one subfolder per class)\u2026", "image folder"}};
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

// One row per hyperparameter of the method itself (the common options keep
// their defaults); `owner` tells the race's entrants apart.
void hyper_rows(UiState& ui, const std::string& owner, model::CnnEntrant& entrant, const optim::Optimizer<float>& proto,
                bool enabled, bool flags) {
  for (const optim::HyperSpec& spec : proto.specs()) {
    if (spec.common || (spec.kind == optim::HyperSpec::Kind::Flag) != flags) continue;
    const auto it = entrant.hyper.find(spec.name);
    const double v = it != entrant.hyper.end() ? it->second : spec.default_value;
    if (auto changed = ui.hypers.row(owner + entrant.optimizer, spec, v, 140 * ui.scale, enabled))
      entrant.hyper[spec.name] = std::clamp(*changed, spec.hard_min, spec.hard_max);
  }
}

// optim/'s learning-rate schedules: the schedule and the parameters the chosen one uses.
void schedule_rows(UiState& ui, const std::string& owner, model::CnnEntrant& entrant,
                   const optim::Optimizer<float>& proto, bool enabled) {
  const auto spec_of = [&](const char* name) -> const optim::HyperSpec* {
    for (const optim::HyperSpec& spec : proto.specs())
      if (spec.name == name) return &spec;
    return nullptr;
  };
  const auto row = [&](const char* name) {
    const optim::HyperSpec* spec = spec_of(name);
    if (!spec) return;
    const auto it = entrant.hyper.find(name);
    const double v = it != entrant.hyper.end() ? it->second : spec->default_value;
    if (auto changed = ui.hypers.row(owner + entrant.optimizer, *spec, v, 140 * ui.scale, enabled))
      entrant.hyper[name] = std::clamp(*changed, spec->hard_min, spec->hard_max);
  };
  row("schedule");
  const auto it = entrant.hyper.find("schedule");
  const auto schedule = static_cast<optim::Schedule>(static_cast<int>(it != entrant.hyper.end() ? it->second : 0));
  if (schedule == optim::Schedule::step) {
    row("step_size");
    row("gamma");
  } else if (schedule == optim::Schedule::exponential) {
    row("gamma");
  } else if (schedule == optim::Schedule::cosine) {
    row("t_max");
    row("eta_min");
  }
}

// An optimizer picker for one entrant of the race.
void optimizer_combo(const char* id, model::CnnEntrant& entrant, bool enabled, float width = -1) {
  ImGui::SetNextItemWidth(width);
  ImGui::BeginDisabled(!enabled);
  const optim::OptimizerInfo& current = optim::optimizer_info(entrant.optimizer);
  if (ImGui::BeginCombo(id, current.title.c_str())) {
    for (const optim::OptimizerInfo& info : optim::optimizers()) {
      if (!trains_networks(info)) continue;
      if (ImGui::Selectable(info.title.c_str(), info.name == entrant.optimizer) && info.name != entrant.optimizer) {
        entrant.optimizer = info.name;
        entrant.hyper.clear();
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", info.summary.c_str());
    }
    ImGui::EndCombo();
  }
  ImGui::EndDisabled();
}

// One entrant: its optimizer, its hyperparameters, its variants and its schedule.
void entrant_rows(UiState& ui, const std::string& owner, model::CnnEntrant& entrant, bool enabled) {
  auto proto = optim::make_optimizer<float>(entrant.optimizer);
  for (const auto& [key, value] : entrant.hyper) proto->set(key, value);
  hyper_rows(ui, owner, entrant, *proto, enabled, false);
  bool has_flags = false;
  for (const optim::HyperSpec& spec : proto->specs())
    has_flags |= !spec.common && spec.kind == optim::HyperSpec::Kind::Flag;
  if (has_flags && ImGui::TreeNode("variants of the method")) {
    hyper_rows(ui, owner, entrant, *proto, enabled, true);
    ImGui::TreePop();
  }
  if (ImGui::TreeNode("learning-rate schedule")) {
    schedule_rows(ui, owner, entrant, *proto, enabled);
    ImGui::TreePop();
  }
}

// A text field bound to a string, with a label in the settings' first column.
bool path_field(const char* label, const char* id, std::string& value, bool enabled, float s) {
  ImGui::TextUnformatted(label);
  ImGui::SameLine(140 * s);
  char buf[512];
  std::snprintf(buf, sizeof buf, "%s", value.c_str());
  ImGui::SetNextItemWidth(-1);
  ImGui::BeginDisabled(!enabled);
  const bool changed = ImGui::InputText(id, buf, sizeof buf);
  ImGui::EndDisabled();
  if (changed) value = buf;
  return changed;
}

// Keras' callbacks, with Keras' parameter names.
void callback_rows(model::CnnCallbacks& cb, bool enabled, float s) {
  ImGui::BeginDisabled(!enabled);
  const float field = 110 * s;
  bool on = cb.early_stopping.has_value();
  if (ImGui::Checkbox("EarlyStopping", &on))
    cb.early_stopping =
        on ? std::optional(nn::EarlyStopping::Config{.patience = 3, .restore_best_weights = true}) : std::nullopt;
  if (cb.early_stopping) {
    ImGui::Indent();
    ImGui::SetNextItemWidth(field);
    ImGui::InputInt("patience##es", &cb.early_stopping->patience, 0);
    cb.early_stopping->patience = std::clamp(cb.early_stopping->patience, 0, 1000);
    ImGui::SetNextItemWidth(field);
    ImGui::InputDouble("min_delta##es", &cb.early_stopping->min_delta, 0, 0, "%g");
    ImGui::Checkbox("restore_best_weights", &cb.early_stopping->restore_best_weights);
    ImGui::Unindent();
  }
  on = cb.reduce_lr.has_value();
  if (ImGui::Checkbox("ReduceLROnPlateau", &on))
    cb.reduce_lr = on ? std::optional(nn::ReduceLROnPlateau::Config{.patience = 2}) : std::nullopt;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("it replaces the optimizers' own schedules");
  if (cb.reduce_lr) {
    ImGui::Indent();
    ImGui::SetNextItemWidth(field);
    ImGui::InputDouble("factor", &cb.reduce_lr->factor, 0, 0, "%g");
    cb.reduce_lr->factor = std::clamp(cb.reduce_lr->factor, 1e-6, 0.999);
    ImGui::SetNextItemWidth(field);
    ImGui::InputInt("patience##rl", &cb.reduce_lr->patience, 0);
    cb.reduce_lr->patience = std::clamp(cb.reduce_lr->patience, 0, 1000);
    ImGui::SetNextItemWidth(field);
    ImGui::InputDouble("min_lr", &cb.reduce_lr->min_lr, 0, 0, "%g");
    cb.reduce_lr->min_lr = std::max(0.0, cb.reduce_lr->min_lr);
    ImGui::SetNextItemWidth(field);
    ImGui::InputInt("cooldown", &cb.reduce_lr->cooldown, 0);
    cb.reduce_lr->cooldown = std::clamp(cb.reduce_lr->cooldown, 0, 1000);
    ImGui::Unindent();
  }
  on = cb.checkpoint.has_value();
  if (ImGui::Checkbox("ModelCheckpoint", &on))
    cb.checkpoint = on ? std::optional(nn::ModelCheckpoint::Config{.filepath = "best-{epoch:02d}-{val_accuracy:.4f}.h5",
                                                                   .monitor = "val_accuracy",
                                                                   .save_best_only = true})
                       : std::nullopt;
  if (cb.checkpoint) {
    ImGui::Indent();
    path_field("filepath", "##ckpt-path", cb.checkpoint->filepath, enabled, s);
    ImGui::Checkbox("save_best_only", &cb.checkpoint->save_best_only);
    ImGui::Unindent();
  }
  ImGui::EndDisabled();
}

// Keras' summary as table rows: layer (type), output shape, parameter count;
// the last row is the total. The presets are plans too (layer_plan.hpp), so
// one check gives every model's rows.
std::vector<std::array<std::string, 3>> model_rows(const model::LayerPlan& plan, const nn::Shape& input, int classes) {
  std::vector<std::array<std::string, 3>> rows;
  const model::PlanCheck check = model::check(plan, input, classes);
  for (std::size_t i = 0; i < check.layers.size(); ++i) {
    const model::LayerCheck& l = check.layers[i];
    if (l.output_shape.empty()) break;
    const nn::Shape& o = l.shape;
    const std::string shape = o.rank == 3
                                  ? std::to_string(o.h) + " × " + std::to_string(o.w) + " × " + std::to_string(o.c)
                                  : std::to_string(o.c);
    rows.push_back({model::kind_name(plan.layers[i].kind), shape, nn::with_commas(l.params)});
  }
  rows.push_back({"Total params", "", nn::with_commas(check.total_params)});
  return rows;
}

// The rows of the model `c` trains (a preset or the edited plan), built once per model and data shape.
const std::vector<std::array<std::string, 3>>& summary_rows(UiState& ui, const model::CnnConfig& c,
                                                            const model::CnnSnapshot& snap) {
  const nn::Shape input = nn::Shape::image(snap.image_h, snap.image_w, snap.image_c);
  const int classes = snap.class_names.empty() ? 10 : static_cast<int>(snap.class_names.size());
  const bool edited = c.model == "edited";
  std::string key = c.model + " " + input.str() + " " + std::to_string(classes);
  if (edited)
    for (const model::LayerSpec& spec : c.plan.layers) key.append(" ").append(model::describe(spec));
  auto found = ui.model_summaries.find(key);
  if (found == ui.model_summaries.end()) {
    const model::LayerPlan plan = edited ? c.plan : model::preset_plan(c.model, classes);
    found = ui.model_summaries.emplace(key, model_rows(plan, input, classes)).first;
  }
  return found->second;
}

// The model: a preset, the layer editor's plan (chosen there), or a loaded
// file. The closed combo names the kind; a line under it says which edited
// model, "edited: 6 layers, 34,826 params" (the loaded file has its own field).
void model_combo(model::CnnConfig& draft, const std::string& edited, bool enabled) {
  const bool loaded = !draft.initial_model.empty();
  const char* shown = loaded ? "a loaded model" : draft.model == "edited" ? "edited" : draft.model.c_str();
  for (const Choice& c : kModels)
    if (!loaded && draft.model == c.key) shown = c.shown;
  ImGui::BeginDisabled(!enabled);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##model", shown)) {
    for (const Choice& c : kModels)
      if (ImGui::Selectable(c.title, !loaded && draft.model == c.key)) {
        draft.model = c.key;
        draft.initial_model.clear();
      }
    if (draft.model == "edited" && ImGui::Selectable(edited.c_str(), !loaded)) draft.initial_model.clear();
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("edit a model in Inside \u25B8 Layers, then \u25B6 Train this model there");
  ImGui::EndDisabled();
  if (!loaded && draft.model == "edited") {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s (Inside \u25B8 Layers)", edited.c_str());
    ImGui::PopTextWrapPos();
  }
}

}  // namespace

void draw_cnn_setup_panel(const model::CnnSnapshot& snap, bool running, UiState& ui, model::CommandQueue& queue) {
  const float s = ui.scale;
  model::CnnConfig& draft = ui.cnn_draft;
  const bool editable = !running;
  model::CnnEntrant lead{draft.optimizer, draft.hyper};

  ImGui::TextUnformatted("Data");
  ImGui::SameLine(140 * s);
  combo("##data", kData, draft.data, editable);
  // The rows of the model this run trains (or the next one will), and the architecture in a few words.
  const model::CnnConfig& shown = running ? snap.config : draft;
  const auto& rows = summary_rows(ui, shown, snap);
  const std::string edited =
      model::architecture_name(draft) + ", " + summary_rows(ui, draft, snap).back()[2] + " params";
  ImGui::TextUnformatted("Model");
  ImGui::SameLine(140 * s);
  model_combo(draft, edited, editable);
  ui.fact("cnn-architecture",
          draft.initial_model.empty() && draft.model == "edited" ? edited : model::architecture_name(draft));

  // An image folder by path, as `descent train --data DIR` reads it.
  if (draft.data != "mnist" && draft.data != "fashion") path_field("Folder", "##data-folder", draft.data, editable, s);

  // ---- a loaded model instead of the preset: evaluate it, or train on from it
  if (!draft.initial_model.empty() || ImGui::TreeNode("load a model (.h5)")) {
    const bool open = draft.initial_model.empty();
    if (open) ImGui::TextDisabled("an .h5 by descent or Keras, or a checkpoint from the list");
    std::string path = draft.initial_model;
    if (path_field("Start from", "##initial-model", path, editable, s)) draft.initial_model = path;
    place_last_item(ui, "cnn-model-path");
    if (!draft.initial_model.empty()) {
      ImGui::BeginDisabled(running);
      if (ImGui::SmallButton("evaluate it")) {
        model::CnnConfig c = draft;
        c.evaluate_only = true;
        c.rivals.clear();
        queue.push(model::cmd::StartTraining{c});
      }
      place_last_item(ui, "cnn-evaluate");
      ImGui::SameLine();
      ImGui::TextDisabled("\u25B6 Train continues its training");
      ImGui::SameLine();
      if (ImGui::SmallButton("use the preset")) draft.initial_model.clear();
      ImGui::EndDisabled();
    }
    if (open) ImGui::TreePop();
  }

  ImGui::TextUnformatted("Optimizer");
  ImGui::SameLine(140 * s);
  optimizer_combo("##optimizer", lead, editable);
  entrant_rows(ui, "cnn ", lead, editable);
  draft.optimizer = lead.optimizer;
  draft.hyper = lead.hyper;
  // ---- the race: more optimizers from the same weights on the same batches
  int remove = -1;
  for (std::size_t r = 0; r < draft.rivals.size(); ++r) {
    ImGui::PushID(static_cast<int>(r));
    ImGui::Separator();
    ImGui::Text("against");
    ImGui::SameLine(140 * s);
    optimizer_combo(
        "##rival", draft.rivals[r], editable,
        ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("remove").x - 4 * ImGui::GetStyle().ItemSpacing.x);
    ImGui::SameLine();
    ImGui::BeginDisabled(!editable);
    if (ImGui::SmallButton("remove")) remove = static_cast<int>(r);
    ImGui::EndDisabled();
    entrant_rows(ui, "cnn race " + std::to_string(r + 1) + " ", draft.rivals[r], editable);
    ImGui::PopID();
  }
  if (remove >= 0) draft.rivals.erase(draft.rivals.begin() + remove);
  ImGui::BeginDisabled(!editable || static_cast<int>(draft.rivals.size()) >= model::CnnConfig::kMaxRivals);
  if (ImGui::SmallButton("+ race another optimizer")) draft.rivals.push_back({"sgd", {}});
  place_last_item(ui, "cnn-add-rival");
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("up to four optimizers train together, batch by batch, from the same initial weights");
  const bool callbacks_open = ImGui::TreeNode("callbacks (Keras)");
  place_last_item(ui, "cnn-callbacks");
  if (callbacks_open) {
    callback_rows(draft.callbacks, editable, s);
    ImGui::TreePop();
  }
  ImGui::Separator();

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
  ImGui::Text("Each step: %s", optim::optimizer_info(running ? snap.config.optimizer : draft.optimizer).title.c_str());
  ImGui::PopFont();
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("g is the mean gradient of the loss over one mini-batch");
  ImGui::PopTextWrapPos();
  auto proto = optim::make_optimizer<float>(draft.optimizer);
  for (const auto& [key, value] : draft.hyper) proto->set(key, value);
  const auto rule = running && !snap.rule.empty() ? snap.rule : proto->rule();
  for (const optim::RuleLine& line : rule) math_text(line.formula);

  // ---- Keras' summary of the model
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::PushFont(ui.fonts.title);
  ImGui::TextUnformatted("Model summary");
  ImGui::PopFont();
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
