// lab/app/cnn_results_panel.cpp — what the network gets right and wrong.
//
//   test images: one of each class first, each with the network's guess after
//                the last finished epoch (green when right, red when wrong)
//   confusion matrix of the whole test set, rows the true class, columns the
//   guess; each row ends with its errors and recall, and the last row gives
//   each column's precision (the course's per-class errors and metrics)
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "lab/app/cnn_colors.hpp"
#include "lab/app/panels.hpp"

namespace lab::app {

namespace {

ImU32 mix(ImU32 base, float t) {  // base faded toward the panel's background by 1 − t
  const auto r = static_cast<float>((base >> IM_COL32_R_SHIFT) & 0xFF),
             g = static_cast<float>((base >> IM_COL32_G_SHIFT) & 0xFF),
             b = static_cast<float>((base >> IM_COL32_B_SHIFT) & 0xFF);
  const float bg = 30;
  auto lerp = [&](float c) { return static_cast<int>(bg + (c - bg) * std::clamp(t, 0.0f, 1.0f)); };
  return IM_COL32(lerp(r), lerp(g), lerp(b), 255);
}

void draw_image(ImDrawList* list, ImVec2 at, const model::CnnSample& sample, int h, int w, int c, float px) {
  list->AddRectFilled(at, ImVec2(at.x + static_cast<float>(w) * px, at.y + static_cast<float>(h) * px),
                      IM_COL32(0, 0, 0, 255));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const std::size_t i = static_cast<std::size_t>((y * w + x) * c);
      int v = 0;
      for (int k = 0; k < c; ++k) v += sample.pixels[i + static_cast<std::size_t>(k)];
      v /= c;
      if (v < 8) continue;  // the black background is one rectangle
      const ImVec2 p(at.x + static_cast<float>(x) * px, at.y + static_cast<float>(y) * px);
      list->AddRectFilled(p, ImVec2(p.x + px, p.y + px), IM_COL32(v, v, v, 255));
    }
}

std::string name_of(const model::CnnSnapshot& snap, int k) {
  return k >= 0 && static_cast<std::size_t>(k) < snap.class_names.size() ? snap.class_names[static_cast<std::size_t>(k)]
                                                                         : std::to_string(k);
}

void samples_grid(const model::CnnSnapshot& snap, const UiState& ui) {
  const float s = ui.scale;
  ImGui::PushFont(ui.fonts.title);
  ImGui::TextUnformatted("Test images and the network's guesses");
  ImGui::PopFont();
  if (snap.samples.empty()) {
    ImGui::TextDisabled("appear once the data is loaded");
    return;
  }
  const float avail = ImGui::GetContentRegionAvail().x;
  // Full rows of 12: 6, 4, 3 or 2 columns, as many as fit.
  int columns = 1;
  for (int c : {6, 4, 3, 2})
    if (avail >= static_cast<float>(c * 104) * s) {
      columns = c;
      break;
    }
  const float cell_w = avail / static_cast<float>(columns);
  const float px = std::floor(std::min(cell_w - 12 * s, 96 * s) / static_cast<float>(std::max(snap.image_w, 1)));
  const float line = ImGui::GetTextLineHeight();
  const float cell_h = static_cast<float>(snap.image_h) * px + 2 * line + 10 * s;
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const int rows = (static_cast<int>(snap.samples.size()) + columns - 1) / columns;
  for (std::size_t i = 0; i < snap.samples.size(); ++i) {
    const model::CnnSample& sample = snap.samples[i];
    const ImVec2 cell(origin.x + static_cast<float>(i % static_cast<std::size_t>(columns)) * cell_w,
                      origin.y + static_cast<float>(i / static_cast<std::size_t>(columns)) * cell_h);
    const ImVec2 img(cell.x + (cell_w - static_cast<float>(snap.image_w) * px) / 2, cell.y);
    draw_image(list, img, sample, snap.image_h, snap.image_w, snap.image_c, px);
    const bool guessed = sample.predicted >= 0;
    const bool right = guessed && sample.predicted == sample.label;
    if (guessed)
      list->AddRect(
          ImVec2(img.x - 2, img.y - 2),
          ImVec2(img.x + static_cast<float>(snap.image_w) * px + 2, img.y + static_cast<float>(snap.image_h) * px + 2),
          right ? kRight : kWrong, 0, 0, 3 * s);
    auto centered = [&](float y, ImU32 color, const std::string& text) {
      const float w = ImGui::CalcTextSize(text.c_str()).x;
      list->PushClipRect(ImVec2(cell.x, y), ImVec2(cell.x + cell_w, y + line), true);
      list->AddText(ImVec2(cell.x + std::max(0.0f, (cell_w - w) / 2), y), color, text.c_str());
      list->PopClipRect();
    };
    const float y0 = img.y + static_cast<float>(snap.image_h) * px + 4 * s;
    centered(y0, kMuted, name_of(snap, sample.label));
    if (guessed) {
      char pct[16];
      std::snprintf(pct, sizeof pct, " %.0f%%", 100.0 * sample.confidence);
      const std::string guess = (right ? "\u2713 " : "\u2717 ") + name_of(snap, sample.predicted);
      const bool fits = ImGui::CalcTextSize((guess + pct).c_str()).x <= cell_w - 4 * s;
      centered(y0 + line, right ? kRight : kWrong, fits ? guess + pct : guess);
    } else {
      centered(y0 + line, kMuted, "?");
    }
  }
  ImGui::Dummy(ImVec2(avail, static_cast<float>(rows) * cell_h));
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("grey: the true class; below: the guess and its probability");
  ImGui::PopTextWrapPos();
}

void confusion(const model::CnnSnapshot& snap, UiState& ui, model::CommandQueue& queue) {
  const float s = ui.scale;
  ImGui::PushFont(ui.fonts.title);
  ImGui::TextUnformatted("Confusion matrix of the test set");
  ImGui::PopFont();
  if (!snap.test) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("appears when training ends (or is stopped): it uses the whole test set");
    ImGui::PopTextWrapPos();
    return;
  }
  const nn::ConfusionMatrix& m = snap.test->confusion;
  const int k = m.classes();
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float line = ImGui::GetTextLineHeight();
  // Row names: "3 Dress" (or "3" when the name is the digit itself).
  auto row_name = [&](int r) {
    const std::string name = name_of(snap, r), index = std::to_string(r);
    return name == index ? index : index + " " + name;
  };
  float name_w = ImGui::CalcTextSize("precision").x;
  for (int r = 0; r < k; ++r) name_w = std::max(name_w, ImGui::CalcTextSize(row_name(r).c_str()).x);
  name_w = std::min(name_w + 10 * s, 150 * s);
  const float extra_w = ImGui::CalcTextSize("recall ").x;
  const float avail = ImGui::GetContentRegionAvail().x;
  const float cell = std::clamp((avail - name_w - 2 * extra_w - 8 * s) / static_cast<float>(k), 16 * s, 48 * s);
  const float cell_h = std::max(cell * 0.72f, line + 4 * s);
  list->AddText(origin, kMuted, "rows: the true class    columns: the guess");
  const float head_y = origin.y + line + 4 * s;
  const ImVec2 grid(origin.x + name_w, head_y + line + 4 * s);
  for (int c = 0; c < k; ++c) {
    const std::string t = std::to_string(c);
    list->AddText(ImVec2(grid.x + static_cast<float>(c) * cell + (cell - ImGui::CalcTextSize(t.c_str()).x) / 2, head_y),
                  kMuted, t.c_str());
  }
  list->AddText(ImVec2(grid.x + static_cast<float>(k) * cell + 6 * s, head_y), kMuted, "errors");
  list->AddText(ImVec2(grid.x + static_cast<float>(k) * cell + 6 * s + extra_w, head_y), kMuted, "recall");
  for (int r = 0; r < k; ++r) {
    const float y = grid.y + static_cast<float>(r) * cell_h;
    const std::string name = row_name(r);
    list->PushClipRect(ImVec2(origin.x, y), ImVec2(grid.x - 4 * s, y + cell_h), true);
    list->AddText(ImVec2(origin.x, y + (cell_h - line) / 2), kText, name.c_str());
    list->PopClipRect();
    const long support = std::max(m.support(r), 1L);
    for (int c = 0; c < k; ++c) {
      const long n = m.at(r, c);
      const float share = static_cast<float>(n) / static_cast<float>(support);
      const ImVec2 q(grid.x + static_cast<float>(c) * cell, y);
      // Right answers in green, mistakes in red; the stronger the share of the row, the brighter.
      const ImU32 fill = n == 0   ? IM_COL32(30, 30, 36, 255)
                         : r == c ? mix(kRight, 0.25f + 0.75f * share)
                                  : mix(kWrong, 0.35f + 0.65f * std::min(1.0f, share * 5));
      list->AddRectFilled(q, ImVec2(q.x + cell - 1, q.y + cell_h - 1), fill);
      if (r != c && n > 0) {  // where each wrong cell is and what it holds, for the action log
        const std::string name = "cnn-cell-" + std::to_string(r) + "-" + std::to_string(c);
        ui.place(name, q.x, q.y, q.x + cell, q.y + cell_h);
        ui.fact(name, std::to_string(n));
      }
      // A wrong cell opens exactly its images in the Inside tab's gallery.
      if (r != c && n > 0 && ImGui::IsWindowHovered() &&
          ImGui::IsMouseHoveringRect(q, ImVec2(q.x + cell, q.y + cell_h))) {
        ImGui::SetTooltip("%ld test images of class %d taken for %d: click to see them", n, r, c);
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
          queue.push(model::cmd::ShowMisclassified{{.label = r, .predicted = c}});
          ui.cnn_inside.open_inside = ui.cnn_inside.open_gallery = true;
        }
      }
      if (n > 0) {  // the count, a little smaller when it would not fit the cell
        const std::string t = std::to_string(n);
        const ImVec2 full = ImGui::CalcTextSize(t.c_str());
        const float shrink = std::clamp((cell - 3 * s) / full.x, 0.7f, 1.0f);
        const float size = ImGui::GetFontSize() * shrink;
        const ImVec2 ts(full.x * shrink, full.y * shrink);
        if (ts.x <= cell - 2)
          list->AddText(ImGui::GetFont(), size, ImVec2(q.x + (cell - ts.x) / 2, q.y + (cell_h - ts.y) / 2), kText,
                        t.c_str());
      }
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%ld", m.errors(r));
    list->AddText(ImVec2(grid.x + static_cast<float>(k) * cell + 6 * s, y + (cell_h - line) / 2),
                  m.errors(r) ? kWrong : kText, buf);
    std::snprintf(buf, sizeof buf, "%.3f", m.recall(r));
    list->AddText(ImVec2(grid.x + static_cast<float>(k) * cell + 6 * s + extra_w, y + (cell_h - line) / 2), kText, buf);
  }
  // Precision per guessed class, under its column.
  const float py = grid.y + static_cast<float>(k) * cell_h + 4 * s;
  list->AddText(ImVec2(origin.x, py), kMuted, "precision");
  for (int c = 0; c < k; ++c) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f", m.precision(c));
    const std::string t = std::string(buf).substr(buf[0] == '0' ? 1 : 0);  // ".97": fits a narrow cell
    list->AddText(ImVec2(grid.x + static_cast<float>(c) * cell + (cell - ImGui::CalcTextSize(t.c_str()).x) / 2, py),
                  kText, t.c_str());
  }
  ImGui::Dummy(ImVec2(avail, py + line + 6 * s - origin.y));
}

}  // namespace

void draw_cnn_results_panel(const model::CnnSnapshot& snap, UiState& ui, model::CommandQueue& queue) {
  samples_grid(snap, ui);
  ImGui::Spacing();
  ImGui::Separator();
  confusion(snap, ui, queue);
}

}  // namespace lab::app
