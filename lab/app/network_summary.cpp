// lab/app/network_summary.cpp — what a network scene trains, in words and numbers.
//
// The header above the network views: the preset's lesson, the data set, the
// model's shape, that every optimizer started from the same weights, and a
// button drawing new ones. The table: per runner at the cursor, the
// training loss, the accuracies and the number of dead ReLU units.
#include <imgui.h>

#include <cstdio>
#include <string>

#include "lab/app/panels.hpp"
#include "lab/app/surface_view.hpp"
#include "lab/model/legend.hpp"
#include "lab/model/network_measures.hpp"

namespace lab::app {

void draw_network_header(const model::Experiment& e, UiState& ui, model::CommandQueue& queue) {
  if (e.network() == nullptr) return;
  if (e.caption()) {
    ImGui::PushFont(ui.fonts.title);
    ImGui::TextWrapped("%s", e.caption()->title.c_str());
    ImGui::PopFont();
    ImGui::TextWrapped("%s", e.caption()->lesson.c_str());
    ImGui::Separator();
  }
  if (!e.caption()) {
    ImGui::PushFont(ui.fonts.title);
    ImGui::Text("Network: %s", model::network_title(e).c_str());
    ImGui::PopFont();
  }
  // "all start from the same weights (seed 1)", and beside it, where it
  // fits, the button that draws new ones.
  const std::string note = model::scene_note(e);
  const char* label = "New initial weights";
  const ImGuiStyle& style = ImGui::GetStyle();
  const float button_w = ImGui::CalcTextSize(label).x + 2 * style.FramePadding.x;
  if (ImGui::CalcTextSize(note.c_str()).x + style.ItemSpacing.x * 4 + button_w <= ImGui::GetContentRegionAvail().x) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(note.c_str());
    ImGui::SameLine(0, style.ItemSpacing.x * 4);
  } else {
    ImGui::TextWrapped("%s", note.c_str());
  }
  const model::NetworkSpec& spec = *e.scene().network;
  if (ImGui::Button(label)) queue.push(model::cmd::NewWeights{});
  place_last_item(ui, "new-weights");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("init seed %llu → %llu: every optimizer restarts from the same new weights",
                      static_cast<unsigned long long>(spec.model.init_seed),
                      static_cast<unsigned long long>(spec.model.init_seed + 1));
}

void draw_network_table(const model::Experiment& e) {
  const scenes::MlpProblem* net = e.network();
  if (net == nullptr) return;
  ImGui::Text("%ld training points, %ld test points, %ld weights", net->data().train_size(), net->data().test_size(),
              net->parameter_count());
  const bool relu = e.scene().network->model.activation == nn::Act::Relu;
  const int columns = relu ? 5 : 4;
  if (ImGui::BeginTable("network-runners", columns, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn("optimizer");
    ImGui::TableSetupColumn("training loss");
    ImGui::TableSetupColumn(net->data().regression() ? "test loss" : "accuracy");
    ImGui::TableSetupColumn(net->data().regression() ? "" : "test accuracy");
    if (relu) ImGui::TableSetupColumn("dead ReLUs");
    ImGui::TableHeadersRow();
    for (const model::Runner& r : e.runners()) {
      if (!r.enabled) continue;
      const model::StepRecord& now = r.at(e.cursor());
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(runner_color(r.color)), "%s",
                         model::runner_name(r, e.cursor()).c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%.4g", now.f);
      const auto measure = [&](int at) {
        return static_cast<std::size_t>(at) < now.measures.size() ? now.measures[static_cast<std::size_t>(at)] : 0.0;
      };
      ImGui::TableNextColumn();
      if (net->data().regression())
        ImGui::Text("%.4g", measure(model::NetworkProblem::kTestLoss));
      else
        ImGui::Text("%.1f%%", 100 * measure(model::NetworkProblem::kTrainAccuracy));
      ImGui::TableNextColumn();
      if (!net->data().regression()) ImGui::Text("%.1f%%", 100 * measure(model::NetworkProblem::kTestAccuracy));
      if (relu) {
        ImGui::TableNextColumn();
        ImGui::Text("%ld", model::dead_units(*net, now.theta));
      }
    }
    ImGui::EndTable();
  }
}

}  // namespace lab::app
