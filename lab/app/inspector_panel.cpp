// lab/app/inspector_panel.cpp — what happened in this step.
//
// The selected optimizer's update rule, line by line in the course's
// notation, each line followed by the number it produced in this step:
//   m ← β₁·m + (1−β₁)·g        (0.124, −0.301)
// then the evaluation counters (fair comparisons with line searches) and a
// key to the arrows drawn on the surface. On a network, where θ has hundreds
// of numbers, each vector (g, the state buffers v, m, s …, Δθ) shows its
// norm per layer, (‖·‖ of layer 1, of layer 2, …), and a matrix its size and
// Frobenius norm.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "lab/app/math_text.hpp"
#include "lab/app/panels.hpp"
#include "lab/app/surface_view.hpp"
#include "lab/model/legend.hpp"

namespace lab::app {

namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  std::string s = buf;
  if (s == "-0") return "0";  // a tiny negative rounding error is not news
  if (!s.empty() && s[0] == '-') s = "−" + s.substr(1);
  return s;
}

std::string vector_text(const optim::Vec<double>& v) {
  std::string s = "(";
  for (Eigen::Index i = 0; i < v.size(); ++i) s += (i ? ", " : "") + number(v[i]);
  return s + ")";
}

// ‖v‖ over each layer's slice of θ.
std::string layer_norms_text(const optim::Vec<double>& v, const std::vector<model::ParameterBlock>& blocks) {
  std::string s = "(";
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    const bool fits = blocks[b].offset + blocks[b].size <= v.size();
    s += (b ? ", " : "") + (fits ? number(v.segment(blocks[b].offset, blocks[b].size).norm()) : std::string("—"));
  }
  return s + ")";
}

// `blocks` empty: every number; else per-layer norms (a network).
std::string value_of(const optim::Inspection<double>& in, const std::string& quantity,
                     const std::vector<model::ParameterBlock>& blocks) {
  if (quantity.empty()) return "";
  if (const auto* v = in.vector(quantity)) return blocks.empty() ? vector_text(*v) : layer_norms_text(*v, blocks);
  if (const auto* m = in.matrix(quantity); m != nullptr && !blocks.empty())
    return std::to_string(m->rows()) + "×" + std::to_string(m->cols()) + ", ‖·‖_F = " + number(m->norm());
  if (const auto* x = in.scalar(quantity)) return number(*x);
  if (const auto* m = in.matrix(quantity)) {  // a row to a line
    std::string s = "[";
    for (Eigen::Index i = 0; i < m->rows(); ++i) {
      s += i ? ";\n " : "";
      for (Eigen::Index j = 0; j < m->cols(); ++j) s += (j ? ", " : "") + number((*m)(i, j));
    }
    return s + "]";
  }
  return "";
}

// The value as lines that fit `width`, broken only after ", " (between two
// numbers) and after each matrix row, never inside a number (ImGui's own
// wrapping breaks after a '.').
std::vector<std::string> wrap_value(const std::string& text, float width) {
  std::vector<std::string> lines;
  std::size_t row_start = 0;
  while (row_start <= text.size()) {
    const std::size_t row_end = std::min(text.find('\n', row_start), text.size());
    const std::string row = text.substr(row_start, row_end - row_start);
    std::string line;
    for (std::size_t at = 0; at < row.size();) {
      const std::size_t comma = row.find(", ", at);
      const std::size_t next = comma == std::string::npos ? row.size() : comma + 2;
      const std::string token = row.substr(at, next - at);
      const float line_w = ImGui::CalcTextSize(line.c_str()).x, token_w = ImGui::CalcTextSize(token.c_str()).x;
      if (!line.empty() && line_w + token_w > width) {
        lines.push_back(line);
        line.assign(1, ' ');
      }
      line.append(token);
      at = next;
    }
    lines.push_back(line);
    row_start = row_end + 1;
  }
  return lines;
}

// The rule's lines with the numbers of one weight θ[i] alone: g_i, v_i, m̂_i,
// Δθ_i … as the course writes the update for a single parameter.
void draw_weight_update(const std::vector<optim::RuleLine>& rule, const optim::Inspection<double>& in, long i,
                        const model::Runner& r, std::int64_t at, UiState& ui) {
  ImGui::Separator();
  ImGui::PushTextWrapPos(0);
  ImGui::Text("The weight you clicked: %s (θ[%ld])", ui.selected_weight_name.c_str(), i);
  ImGui::PopTextWrapPos();
  const auto component = [&](const std::string& quantity) -> std::string {
    if (quantity.empty()) return "";
    if (const auto* v = in.vector(quantity)) return i < v->size() ? number((*v)[i]) : "—";
    if (const auto* x = in.scalar(quantity)) return number(*x) + " (shared)";
    return "—";
  };
  if (ImGui::BeginTable("weight-rule", 2,
                        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("rule", ImGuiTableColumnFlags_WidthStretch, 1.25f);
    ImGui::TableSetupColumn("this weight", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    for (const auto& line : rule) {
      if (line.quantity.empty()) continue;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      math_text(line.formula);
      ImGui::TableNextColumn();
      ImGui::PushFont(ui.fonts.mono);
      ImGui::TextUnformatted(component(line.quantity).c_str());
      ImGui::PopFont();
    }
    ImGui::EndTable();
  }
  ImGui::PushFont(ui.fonts.mono);
  if (at >= 1 && i < r.at(at).theta.size())
    ImGui::Text("θ[%ld]: %s → %s", i, number(r.at(at - 1).theta[i]).c_str(), number(r.at(at).theta[i]).c_str());
  ImGui::PopFont();
  ui.fact("inspector-weight", std::to_string(i));
}

}  // namespace

void draw_inspector_panel(const model::Experiment& e, UiState& ui) {
  if (e.runners().empty()) {
    ImGui::TextDisabled("Add an optimizer to inspect its steps.");
    return;
  }
  const model::Runner& r = e.runners()[e.selected()];
  const std::int64_t at = std::min(e.cursor(), r.head());
  ImGui::PushFont(ui.fonts.title);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(runner_color(r.color)), "%s", model::runner_name(r, at).c_str());
  ImGui::PopFont();
  ImGui::SameLine();
  if (!ui.inspected || ui.inspected->runner != r.id()) {
    ImGui::TextDisabled("— at step 0: press → to take the first step");
  } else {
    const std::int64_t t = ui.inspected->step;
    ImGui::Text("— step t = %lld", static_cast<long long>(t));
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("the step from θ at step %lld to θ at step %lld", static_cast<long long>(t - 1),
                        static_cast<long long>(t));
  }
  if (r.diverged_at() && e.cursor() >= *r.diverged_at()) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 110, 100, 255));
    // The runner's own reason when it has one; otherwise what the runner checks.
    const std::string why = r.divergence_reason().empty() ? "NaN/Inf, or left the view by 10⁶×" : r.divergence_reason();
    ImGui::TextWrapped("diverged at step %lld (%s)", static_cast<long long>(*r.diverged_at()), why.c_str());
    ImGui::PopStyleColor();
  }
  if (!r.error().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 110, 100, 255));
    ImGui::TextWrapped("error after step %lld (a bug, not the numbers): %s", static_cast<long long>(r.head()),
                       r.error().c_str());
    ImGui::PopStyleColor();
  }
  // An edit takes effect from the cursor on: the next step is the first to use it.
  if (const std::string note = model::edit_note(r, e.cursor()); !note.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 210, 120, 255));
    ImGui::TextWrapped("%s (the next step uses it)", note.c_str());
    ImGui::PopStyleColor();
  }

  // The rule with this step's numbers.
  const auto& rule = ui.inspected && ui.inspected->runner == r.id() ? ui.inspected->rule : r.rule_at(at);
  const optim::Inspection<double> empty;
  const auto& in = ui.inspected && ui.inspected->runner == r.id() ? ui.inspected->inspection : empty;
  const std::vector<model::ParameterBlock> blocks = e.problem().blocks();
  int clipped = 0;
  if (ImGui::BeginTable("rule", 2,
                        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("rule", ImGuiTableColumnFlags_WidthStretch, 1.25f);
    ImGui::TableSetupColumn("this step", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    for (const auto& line : rule) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      math_text(line.formula);
      ImGui::TableNextColumn();
      const std::string v = value_of(in, line.quantity, blocks);
      ImGui::PushFont(ui.fonts.mono);
      if (!v.empty()) {
        // Long vectors and matrices wrap inside the column (at ", " and after
        // each matrix row); a cell still wider than its column is counted.
        // A number wider than the column on its own (a large UI scale) is
        // drawn smaller, down to 70%.
        const float width = ImGui::GetContentRegionAvail().x;
        std::vector<std::string> pieces = wrap_value(v, width);
        float widest = 0;
        for (const std::string& piece : pieces) widest = std::max(widest, ImGui::CalcTextSize(piece.c_str()).x);
        const float shrink = std::clamp(width / std::max(widest, 1.0f), 0.7f, 1.0f);
        ImGui::SetWindowFontScale(shrink);
        if (shrink < 1) pieces = wrap_value(v, width);
        bool too_wide = false;
        for (const std::string& piece : pieces) {
          ImGui::TextUnformatted(piece.c_str());
          too_wide = too_wide || ImGui::GetItemRectSize().x > width + 1;
        }
        ImGui::SetWindowFontScale(1.0f);
        clipped += too_wide ? 1 : 0;
      } else if (!line.quantity.empty()) {
        ImGui::TextDisabled("—");
      }
      ImGui::PopFont();
    }
    ImGui::EndTable();
  }
  ui.fact("inspector-clipped", std::to_string(clipped));
  if (!blocks.empty() && ui.selected_weight && *ui.selected_weight >= 0 && *ui.selected_weight < r.at(at).theta.size())
    draw_weight_update(rule, in, *ui.selected_weight, r, at, ui);
  else if (!blocks.empty())
    ImGui::TextDisabled("Click a weight in the Network tab to see its own update here.");

  // Scalars the step reported (t, ε, line-search step, β_k …).
  if (!in.scalars.empty()) {
    std::string scalars;
    for (const auto& [name, value] : in.scalars)
      scalars += (scalars.empty() ? "" : "    ") + name + " = " + number(value);
    ImGui::PushFont(ui.fonts.mono);
    math_text(scalars, ImGui::GetColorU32(ImGuiCol_TextDisabled));
    ImGui::PopFont();
  }

  // Counters: what this optimizer has spent so far.
  const auto& rec = r.at(at);
  ImGui::Separator();
  ImGui::Text("f and ∇f evaluations so far: %lld", static_cast<long long>(rec.evaluations));
  if (rec.hessians > 0) {
    ImGui::SameLine();
    ImGui::Text("   Hessians: %lld", static_cast<long long>(rec.hessians));
  }
  if (!in.probes.empty()) {
    ImGui::SameLine();
    ImGui::Text("   this step: %zu", in.probes.size());
  }
  ImGui::PushFont(ui.fonts.mono);
  ImGui::PushTextWrapPos(0);
  if (!blocks.empty()) {
    ImGui::Text("θ: %lld weights, ‖·‖ = %s   training loss = %s", static_cast<long long>(rec.theta.size()),
                layer_norms_text(rec.theta, blocks).c_str(), number(rec.f).c_str());
  } else {
    ImGui::Text("θ = (%s, %s)   f(θ) = %s", number(rec.theta.x()).c_str(), number(rec.theta.y()).c_str(),
                number(rec.f).c_str());
  }
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  if (!blocks.empty()) {
    ImGui::PushTextWrapPos(0);
    std::string layers;
    for (const auto& b : blocks) layers += (layers.empty() ? "" : ", ") + b.name + " (" + std::to_string(b.size) + ")";
    ImGui::TextDisabled("Vectors show their norm per layer, in order: %s.", layers.c_str());
    ImGui::PopTextWrapPos();
    return;
  }

  // Key to the arrows on the surface.
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled(
      "On the surface: red −g = descent direction; blue = velocity v, moment −m or search direction d "
      "(unit length); white Δθ = the update; ◇ = look-ahead point; numbered dots = line-search probes "
      "in order; white ellipse = V ≈ H⁻¹.");
  ImGui::PopTextWrapPos();
}

}  // namespace lab::app
