// lab/app/optimizers_panel.cpp — who races, and with which hyperparameters.
//
// Every hyperparameter from the optimizer's HyperSpec list, so no code here
// knows any optimizer: a slider over the spec's range (logarithmic for the
// learning rate) and a typed field; a typed value that optim/ rejects shows
// its message in red and changes nothing.
#include <imgui.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "lab/app/math_text.hpp"
#include "lab/app/panels.hpp"
#include "lab/model/legend.hpp"
#include "optim/registry.hpp"

namespace lab::app {

namespace {

using optim::HyperSpec;

// Typed text and its last error, per (runner, hyperparameter).
struct TypedField {
  std::string text;
  std::string error;
  double shown = NAN;
};
std::map<std::pair<int, std::string>, TypedField>& typed_fields() {
  static std::map<std::pair<int, std::string>, TypedField> fields;  // UI-only scratch state
  return fields;
}

void hyper_row(const model::Runner& r, const HyperSpec& spec, double value, float scale, model::CommandQueue& queue) {
  ImGui::PushID(spec.name.c_str());
  const int id = r.id();
  const float label_w = 118 * scale;
  math_text(spec.symbol.empty() ? spec.name : spec.symbol);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s", spec.name.c_str(), spec.help.c_str());
  ImGui::SameLine(label_w);
  const float avail = ImGui::GetContentRegionAvail().x;
  switch (spec.kind) {
    case HyperSpec::Kind::Flag: {
      bool on = value != 0;
      if (ImGui::Checkbox(spec.name.c_str(), &on)) queue.push(model::cmd::SetHyper{id, spec.name, on ? 1.0 : 0.0});
      break;
    }
    case HyperSpec::Kind::Choice: {
      ImGui::SetNextItemWidth(avail);
      const auto current = static_cast<std::size_t>(value);
      if (ImGui::BeginCombo("##choice", current < spec.choices.size() ? spec.choices[current].c_str() : "?")) {
        for (std::size_t i = 0; i < spec.choices.size(); ++i)
          if (ImGui::Selectable(spec.choices[i].c_str(), i == current))
            queue.push(model::cmd::SetHyper{id, spec.name, static_cast<double>(i)});
        ImGui::EndCombo();
      }
      break;
    }
    default: {
      double v = value;
      double lo = spec.min, hi = spec.max;
      if (spec.log_scale && lo <= 0) lo = hi * 1e-6;
      ImGui::SetNextItemWidth(avail * 0.62f);
      const bool integer = spec.kind == HyperSpec::Kind::Integer;
      ImGuiSliderFlags flags = ImGuiSliderFlags_NoInput | (spec.log_scale ? ImGuiSliderFlags_Logarithmic : 0);
      if (ImGui::SliderScalar("##slider", ImGuiDataType_Double, &v, &lo, &hi, integer ? "%.0f" : "%.4g", flags)) {
        if (integer) v = std::round(v);
        queue.push(model::cmd::SetHyper{id, spec.name, v});
      }
      ImGui::SameLine();
      TypedField& field = typed_fields()[{id, spec.name}];
      if (!ImGui::IsItemActive() && field.shown != value && field.error.empty()) {
        field.text = optim::format_hyper_value(spec, value);
        field.shown = value;
      }
      char buf[64];
      std::snprintf(buf, sizeof buf, "%s", field.text.c_str());
      ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
      if (ImGui::InputText("##typed", buf, sizeof buf,
                           ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll)) {
        field.text = buf;
        try {
          const double parsed = optim::parse_hyper_value(spec, field.text);
          if (spec.name == "lr" && parsed < 0) throw std::invalid_argument("lr must not be negative");
          field.error.clear();
          field.shown = NAN;
          queue.push(model::cmd::SetHyper{id, spec.name, parsed});
        } catch (const std::invalid_argument& e) {
          field.error = std::string("rejected: ") + e.what();
        }
      } else if (ImGui::IsItemEdited()) {
        field.text = buf;
      }
      if (!field.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 110, 100, 255));
        ImGui::TextWrapped("%s", field.error.c_str());
        ImGui::PopStyleColor();
        if (ImGui::SmallButton("dismiss")) {
          field.error.clear();
          field.shown = NAN;
        }
      }
      break;
    }
  }
  ImGui::PopID();
}

}  // namespace

void draw_optimizers_panel(const model::Experiment& e, UiState& ui, model::CommandQueue& queue) {
  const float s = ui.scale;
  // Add: every optimizer in optim/, the course's first.
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
  if (ImGui::BeginCombo("##add", "+ Add optimizer…")) {
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
        hyper_row(r, spec, r.hyper_at(spec.name, at), s, queue);
      }
      if (any_common && ImGui::TreeNode("options: decay, clipping, schedule")) {
        for (const HyperSpec& spec : r.specs())
          if (spec.common) hyper_row(r, spec, r.hyper_at(spec.name, at), s, queue);
        ImGui::TreePop();
      }
      ImGui::Unindent(10 * s);
    }
    ImGui::PopID();
  }
  if (e.runners().empty()) ImGui::TextDisabled("No optimizers: add one above, or pick a preset.");
}

}  // namespace lab::app
