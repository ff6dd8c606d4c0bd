#include "lab/app/preset_caption.hpp"

#include <algorithm>

#include "lab/model/legend.hpp"

namespace lab::app {

bool PresetCaption::draw(ImDrawList* list, const model::Experiment& e, ImVec2 canvas_min, ImVec2 canvas_max,
                         float scale, ImFont* title_font) {
  min_ = max_ = ImVec2(0, 0);
  const auto& caption = e.caption();
  if (!caption || caption->title == dismissed_) return false;
  const float s = scale, pad = 10 * s;
  ImFont* text_font = ImGui::GetFont();
  ImFont* head_font = title_font ? title_font : text_font;
  // At most 55% of the canvas wide, at its right: the network inset takes the left.
  const float width = std::min((canvas_max.x - canvas_min.x) * 0.55f, 700 * s);
  const float wrap = width - 2 * pad;
  const std::string note = model::scene_note(e);
  const std::string title = note.empty() ? caption->title : caption->title + "  ·  " + note;
  const ImVec2 head = head_font->CalcTextSizeA(head_font->FontSize, wrap, wrap, title.c_str());
  const ImVec2 body = text_font->CalcTextSizeA(text_font->FontSize, wrap, wrap, caption->lesson.c_str());
  const float height = pad + head.y + 4 * s + body.y + pad;
  const float bottom = canvas_max.y - ImGui::GetFrameHeight() - 6 * s;  // above the coordinate readout
  max_ = ImVec2(canvas_max.x - 10 * s, bottom);
  min_ = ImVec2(max_.x - width, bottom - height);
  list->AddRectFilled(min_, max_, IM_COL32(8, 8, 12, 215), 6 * s);
  list->AddRect(min_, max_, IM_COL32(255, 255, 255, 60), 6 * s);
  list->AddText(head_font, head_font->FontSize, ImVec2(min_.x + pad, min_.y + pad), IM_COL32(255, 236, 170, 255),
                title.c_str(), nullptr, wrap);
  list->AddText(text_font, text_font->FontSize, ImVec2(min_.x + pad, min_.y + pad + head.y + 4 * s),
                IM_COL32(235, 235, 235, 255), caption->lesson.c_str(), nullptr, wrap);
  const char* close = "×";
  const ImVec2 cs = ImGui::CalcTextSize(close);
  list->AddText(ImVec2(max_.x - cs.x - 6 * s, min_.y + 3 * s), IM_COL32(200, 200, 200, 255), close);

  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool over = mouse.x >= min_.x && mouse.x <= max_.x && mouse.y >= min_.y && mouse.y <= max_.y;
  if (over) ImGui::SetTooltip("click to hide the lesson");
  if (over && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) dismissed_ = caption->title;
  return over;
}

}  // namespace lab::app
