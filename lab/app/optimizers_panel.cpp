// lab/app/optimizers_panel.cpp — who races, and with which hyperparameters.
//
// Every hyperparameter from the optimizer's HyperSpec list, edited with the
// shared HyperEditor, so no code here knows any optimizer.
#include <imgui.h>

#include <string>

#include "lab/app/panels.hpp"
#include "lab/model/legend.hpp"
#include "optim/registry.hpp"

namespace lab::app {

namespace {

using optim::HyperSpec;

void hyper_row(const model::Runner& r, const HyperSpec& spec, double value, UiState& ui, model::CommandQueue& queue) {
  if (auto v = ui.hypers.row("runner " + std::to_string(r.id()), spec, value, 118 * ui.scale))
    queue.push(model::cmd::SetHyper{r.id(), spec.name, *v});
  if (const auto& f = ui.hypers.last_typed) ui.place("hyper-" + spec.name, f->x0, f->y0, f->x1, f->y1);
}

// A network: this runner's batch size, or the scene's. Changing it restarts
// the runner (every one of its steps saw other batches).
void batch_row(const model::Runner& r, long scene_batch, UiState& ui, model::CommandQueue& queue) {
  const auto words = [](long b) { return b == 0 ? std::string("full batch") : "batch " + std::to_string(b); };
  const std::string shown = r.batch_size() ? words(*r.batch_size()) : "the scene's (" + words(scene_batch) + ")";
  ImGui::SetNextItemWidth(118 * ui.scale);
  if (ImGui::BeginCombo("batch", shown.c_str())) {
    if (ImGui::Selectable(("the scene's (" + words(scene_batch) + ")").c_str(), !r.batch_size()))
      queue.push(model::cmd::SetBatchSize{r.id(), std::nullopt});
    for (long b : {0L, 1L, 4L, 8L, 16L, 32L, 64L})
      if (ImGui::Selectable(words(b).c_str(), r.batch_size() == b)) queue.push(model::cmd::SetBatchSize{r.id(), b});
    ImGui::EndCombo();
  }
  place_last_item(ui, "runner-batch");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Mini-batches come from one shuffled order: runners of the same size see the same batch at step k");
}

}  // namespace

void draw_optimizers_panel(const model::Experiment& e, UiState& ui, model::CommandQueue& queue) {
  const float s = ui.scale;
  // Add: every optimizer in optim/, the course's first.
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
  const bool adding = ImGui::BeginCombo("##add", "+ Add optimizer…");
  if (!adding) place_last_item(ui, "add-optimizer");  // (while open, the last item is inside the list)
  if (adding) {
    bool course = true;
    for (const auto& info : optim::optimizers()) {
      if (course && !info.from_course) {
        ImGui::Separator();
        ImGui::TextDisabled("beyond the course");
        course = false;
      }
      if (ImGui::Selectable((info.title + "##" + info.name).c_str())) queue.push(model::cmd::AddRunner{info.name});
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", info.summary.c_str());
    }
    ImGui::EndCombo();
  }
  ImGui::Separator();
  for (std::size_t i = 0; i < e.runners().size(); ++i) {
    const model::Runner& r = e.runners()[i];
    ImGui::PushID(r.id());
    const bool selected = i == e.selected();
    // Color, on/off, name (click selects), duplicate, remove.
    float col[3] = {r.color.r / 255.0f, r.color.g / 255.0f, r.color.b / 255.0f};
    if (ImGui::ColorEdit3("##color", col, ImGuiColorEditFlags_NoInputs | ImGuiColorEditFlags_NoLabel))
      queue.push(model::cmd::SetColor{
          r.id(),
          {static_cast<std::uint8_t>(col[0] * 255 + 0.5f), static_cast<std::uint8_t>(col[1] * 255 + 0.5f),
           static_cast<std::uint8_t>(col[2] * 255 + 0.5f)}});
    ImGui::SameLine();
    bool on = r.enabled;
    if (ImGui::Checkbox("##on", &on)) queue.push(model::cmd::SetEnabled{r.id(), on});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("on/off");
    ImGui::SameLine();
    std::string title = model::runner_name(r, e.cursor());
    if (r.diverged_at() && e.cursor() >= *r.diverged_at()) title += "  ✕ diverged";
    if (!r.error().empty()) title += "  ✕ error";
    if (title.find("  ✕ ") != std::string::npos) ui.flagged_runners.push_back(r.id());
    const float buttons_w = ImGui::CalcTextSize("Dup  Reset  ✕").x + 6 * ImGui::GetStyle().FramePadding.x + 3 * s;
    if (ImGui::Selectable(title.c_str(), selected, 0, ImVec2(ImGui::GetContentRegionAvail().x - buttons_w, 0)))
      queue.push(model::cmd::SelectRunner{r.id()});
    ImGui::SameLine();
    if (ImGui::SmallButton("Dup")) queue.push(model::cmd::DuplicateRunner{r.id()});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("duplicate (same hyperparameters, new color)");
    ImGui::SameLine();
    if (ImGui::SmallButton("Reset")) queue.push(model::cmd::ResetHypers{r.id()});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("every hyperparameter back to its default from this step on");
    ImGui::SameLine();
    if (ImGui::SmallButton("✕")) queue.push(model::cmd::RemoveRunner{r.id()});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("remove");

    if (selected) {
      ImGui::Indent(10 * s);
      const std::int64_t at = std::min(e.cursor(), r.head());
      bool any_common = false;
      for (const HyperSpec& spec : r.specs()) {
        if (spec.common) {
          any_common = true;
          continue;
        }
        hyper_row(r, spec, r.hyper_at(spec.name, at), ui, queue);
      }
      if (e.scene().network) batch_row(r, e.scene().network->model.batch_size, ui, queue);
      if (any_common && ImGui::TreeNode("options: decay, clipping, schedule")) {
        for (const HyperSpec& spec : r.specs())
          if (spec.common) hyper_row(r, spec, r.hyper_at(spec.name, at), ui, queue);
        ImGui::TreePop();
      }
      ImGui::Unindent(10 * s);
    }
    ImGui::PopID();
  }
  if (e.runners().empty()) ImGui::TextDisabled("No optimizers: add one above, or pick a preset.");
}

}  // namespace lab::app
