#include "lab/app/hyper_editor.hpp"

#include <imgui.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "lab/app/math_text.hpp"

namespace lab::app {

std::optional<double> HyperEditor::row(const std::string& owner, const optim::HyperSpec& spec, double value,
                                       float label_width, bool enabled) {
  using Kind = optim::HyperSpec::Kind;
  std::optional<double> changed;
  last_typed.reset();
  ImGui::PushID(owner.c_str());
  ImGui::PushID(spec.name.c_str());
  math_text(spec.symbol.empty() ? spec.name : spec.symbol);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s", spec.name.c_str(), spec.help.c_str());
  ImGui::SameLine(label_width);
  ImGui::BeginDisabled(!enabled);
  const float avail = ImGui::GetContentRegionAvail().x;
  switch (spec.kind) {
    case Kind::Flag: {
      bool on = value != 0;
      if (ImGui::Checkbox(spec.name.c_str(), &on)) changed = on ? 1.0 : 0.0;
      break;
    }
    case Kind::Choice: {
      ImGui::SetNextItemWidth(avail);
      const auto current = static_cast<std::size_t>(value);
      if (ImGui::BeginCombo("##choice", current < spec.choices.size() ? spec.choices[current].c_str() : "?")) {
        for (std::size_t i = 0; i < spec.choices.size(); ++i)
          if (ImGui::Selectable(spec.choices[i].c_str(), i == current)) changed = static_cast<double>(i);
        ImGui::EndCombo();
      }
      break;
    }
    case Kind::Real:
    case Kind::Integer: {
      double v = value;
      double lo = spec.min, hi = spec.max;
      if (spec.log_scale && lo <= 0) lo = hi * 1e-6;
      // Too narrow for both (a large UI scale): the slider alone, Ctrl+click to type.
      const bool typed = avail >= 2 * ImGui::CalcTextSize("0.00001").x + 6 * ImGui::GetStyle().FramePadding.x;
      ImGui::SetNextItemWidth(typed ? avail * 0.62f : avail);
      const bool integer = spec.kind == Kind::Integer;
      const ImGuiSliderFlags flags =
          (typed ? ImGuiSliderFlags_NoInput : 0) | (spec.log_scale ? ImGuiSliderFlags_Logarithmic : 0);
      if (ImGui::SliderScalar("##slider", ImGuiDataType_Double, &v, &lo, &hi, integer ? "%.0f" : "%.4g", flags))
        changed = integer ? std::round(v) : v;
      if (!typed) break;
      ImGui::SameLine();
      TypedField& field = typed_[{owner, spec.name}];
      if ((field.fresh || field.shown != value) && field.error.empty()) {
        field.text = optim::format_hyper_value(spec, value);
        field.shown = value;
        field.fresh = false;
      }
      char buf[64];
      std::snprintf(buf, sizeof buf, "%s", field.text.c_str());
      ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
      const bool entered = ImGui::InputText("##typed", buf, sizeof buf,
                                            ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
      last_typed = Rect{ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectMax().x,
                        ImGui::GetItemRectMax().y};
      if (entered) {
        field.text = buf;
        try {
          const double parsed = optim::parse_hyper_value(spec, field.text);
          if (spec.name == "lr" && parsed < 0) throw std::invalid_argument("lr must not be negative");
          field.error.clear();
          field.fresh = true;
          changed = parsed;
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
          field.fresh = true;
        }
      }
      break;
    }
  }
  ImGui::EndDisabled();
  ImGui::PopID();
  ImGui::PopID();
  return changed;
}

}  // namespace lab::app
