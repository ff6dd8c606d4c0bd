#include "lab/app/message_toasts.hpp"

namespace lab::app {

void draw_message_toasts(ImDrawList* list, ImVec2 origin, ImVec2 size, const UiState& ui) {
  float y = origin.y + size.y - 2.2f * ImGui::GetFrameHeight();
  int shown = 0;
  for (auto it = ui.messages.rbegin(); it != ui.messages.rend() && shown < 3; ++it) {
    if (it->until < ui.now) continue;
    const ImVec2 ts = ImGui::CalcTextSize(it->text.c_str());
    const float x = origin.x + (size.x - ts.x) / 2;
    list->AddRectFilled(ImVec2(x - 10 * ui.scale, y - 4 * ui.scale),
                        ImVec2(x + ts.x + 10 * ui.scale, y + ts.y + 4 * ui.scale),
                        it->error ? IM_COL32(150, 20, 20, 235) : IM_COL32(20, 70, 40, 235), 4 * ui.scale);
    list->AddText(ImVec2(x, y), IM_COL32(255, 255, 255, 255), it->text.c_str());
    y -= ts.y + 12 * ui.scale;
    ++shown;
  }
}

}  // namespace lab::app
