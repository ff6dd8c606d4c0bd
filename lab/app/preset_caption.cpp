#include "lab/app/preset_caption.hpp"

#include <algorithm>

#include "lab/model/legend.hpp"
#include "scenes/network_data.hpp"

namespace lab::app {

bool PresetCaption::draw(ImDrawList* list, const model::Experiment& e, ImVec2 canvas_min, ImVec2 canvas_max,
                         float scale, ImFont* title_font) {
  min_ = max_ = ImVec2(0, 0);
  const auto& caption = e.caption();
  if (!caption || caption->title == dismissed_) return false;
  const float s = scale, pad = 10 * s;
  ImFont* text_font = ImGui::GetFont();
  ImFont* head_font = title_font ? title_font : text_font;
  const std::string note = model::scene_note(e);
  const std::string title = note.empty() ? caption->title : caption->title + "  ·  " + note;
  const float canvas_w = canvas_max.x - canvas_min.x, canvas_h = canvas_max.y - canvas_min.y;
  const float bottom = canvas_max.y - ImGui::GetFrameHeight() - 6 * s;  // above the coordinate readout
  // The first layout whose height stays within a third of the canvas: at the
  // right, at most 55% wide (the network inset takes the left), then wider,
  // then in smaller type; on a canvas too small for any, the title alone.
  struct Layout {
    float width, shrink;
    bool lesson;
  };
  // Scenes with a network inset keep their caption off the inset's half.
  const bool inset = e.scene().formula.empty() && scenes::network_data(e.scene().surface) != nullptr;
  const float wide = inset ? std::min(canvas_w * 0.55f, 700 * s) : canvas_w - 20 * s;
  const Layout tries[] = {
      {std::min(canvas_w * 0.55f, 700 * s), 1.0f, true}, {wide, 1.0f, true}, {wide, 0.8f, true}, {wide, 0.8f, false}};
  Layout use = tries[3];
  ImVec2 head, body;
  for (const Layout& t : tries) {
    const float wrap = t.width - 2 * pad;
    head = head_font->CalcTextSizeA(head_font->FontSize * t.shrink, wrap, wrap, title.c_str());
    body = t.lesson ? text_font->CalcTextSizeA(text_font->FontSize * t.shrink, wrap, wrap, caption->lesson.c_str())
                    : ImVec2(0, 0);
    use = t;
    if (pad + head.y + 4 * s + body.y + pad <= canvas_h / 3) break;
  }
  const float wrap = use.width - 2 * pad;
  const float height = pad + head.y + (use.lesson ? 4 * s + body.y : 0) + pad;
  max_ = ImVec2(canvas_max.x - 10 * s, bottom);
  min_ = ImVec2(max_.x - use.width, bottom - height);
  list->AddRectFilled(min_, max_, IM_COL32(8, 8, 12, 215), 6 * s);
  list->AddRect(min_, max_, IM_COL32(255, 255, 255, 60), 6 * s);
  list->AddText(head_font, head_font->FontSize * use.shrink, ImVec2(min_.x + pad, min_.y + pad),
                IM_COL32(255, 236, 170, 255), title.c_str(), nullptr, wrap);
  if (use.lesson)
    list->AddText(text_font, text_font->FontSize * use.shrink, ImVec2(min_.x + pad, min_.y + pad + head.y + 4 * s),
                  IM_COL32(235, 235, 235, 255), caption->lesson.c_str(), nullptr, wrap);
  const char* close = "×";
  const ImVec2 cs = ImGui::CalcTextSize(close);
  list->AddText(ImVec2(max_.x - cs.x - 6 * s, min_.y + 3 * s), IM_COL32(200, 200, 200, 255), close);

  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool over = mouse.x >= min_.x && mouse.x <= max_.x && mouse.y >= min_.y && mouse.y <= max_.y;
  if (over && use.lesson) ImGui::SetTooltip("click to hide the lesson");
  if (over && !use.lesson) ImGui::SetTooltip("%s\n(click to hide)", caption->lesson.c_str());
  if (over && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) dismissed_ = caption->title;
  return over;
}

}  // namespace lab::app
