#include "lab/app/undefined_note.hpp"

#include "lab/app/hatching.hpp"

namespace lab::app {

void draw_undefined_note(ImDrawList* list, const Field& field, ImVec2 canvas_min, ImVec2 canvas_max, float scale) {
  if (!has_undefined(field)) return;
  const char* text = "hatched: f is undefined there (no real value), not high";
  const ImVec2 size = ImGui::CalcTextSize(text);
  const float s = scale;
  // Bottom left, above the coordinate readout: the legend and colour bar
  // hold the top, a preset's caption the bottom right.
  const ImVec2 p(canvas_min.x + 18 * s, canvas_max.y - ImGui::GetFrameHeight() - 12 * s - size.y);
  list->AddRectFilled(ImVec2(p.x - 8 * s, p.y - 3 * s), ImVec2(p.x + size.x + 8 * s, p.y + size.y + 3 * s),
                      IM_COL32(8, 8, 12, 215), 4 * s);
  list->AddText(p, IM_COL32(235, 235, 235, 255), text);
}

}  // namespace lab::app
