#include "lab/app/preset_caption.hpp"

#include <algorithm>
#include <optional>

#include "lab/model/legend.hpp"
#include "scenes/network_data.hpp"

namespace lab::app {

bool PresetCaption::draw(ImDrawList* list, const model::Experiment& e, ImVec2 canvas_min, ImVec2 canvas_max,
                         float scale, ImFont* title_font, const Placer& place) {
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
  // The first layout whose height stays within a third of the canvas and
  // whose best place covers no start, minimum or current point: at most 55%
  // wide (the network inset takes the left), then wider, then in smaller type,
  // then the title alone, wide and then narrow. When every layout would cover
  // something, the one that covers least; when each would cover the legend or
  // the colour bar, none: the caption gives way until the view has room.
  struct Layout {
    float width, shrink;
    bool lesson;
  };
  // Scenes with a network inset keep their caption off the inset's half.
  const bool inset = e.scene().formula.empty() && scenes::network_data(e.scene().surface) != nullptr;
  const float wide = inset ? std::min(canvas_w * 0.55f, 700 * s) : canvas_w - 20 * s;
  const Layout tries[] = {{std::min(canvas_w * 0.55f, 700 * s), 1.0f, true},
                          {wide, 1.0f, true},
                          {wide, 0.8f, true},
                          {wide, 0.8f, false},
                          {canvas_w * 0.45f, 0.8f, false}};
  struct Choice {
    Layout layout;
    ImVec2 head, body, at;
  };
  std::optional<Choice> best;
  double best_score = kCoversBox;
  for (const Layout& t : tries) {
    const float wrap = t.width - 2 * pad;
    Choice c{t, head_font->CalcTextSizeA(head_font->FontSize * t.shrink, wrap, wrap, title.c_str()),
             t.lesson ? text_font->CalcTextSizeA(text_font->FontSize * t.shrink, wrap, wrap, caption->lesson.c_str())
                      : ImVec2(0, 0),
             ImVec2(0, 0)};
    // As narrow as its text (and the "×") allows, so that it covers less.
    c.layout.width = std::min(t.width, std::max(c.head.x, c.body.x) + 2 * pad + ImGui::CalcTextSize("×").x + 4 * s);
    const float height = pad + c.head.y + (t.lesson ? 4 * s + c.body.y : 0) + pad;
    if (height > canvas_h / 3) continue;
    const auto [at, score] = place(ImVec2(c.layout.width, height));
    c.at = at;
    if (score < best_score) best = c, best_score = score;
    if (score < kCoversPoint) break;
  }
  if (!best) return false;
  const Choice& chosen = *best;
  const Layout use = chosen.layout;
  const ImVec2 head = chosen.head, body = chosen.body;
  const float wrap = use.width - 2 * pad;
  const float height = pad + head.y + (use.lesson ? 4 * s + body.y : 0) + pad;
  min_ = chosen.at;
  min_.x = std::clamp(min_.x, canvas_min.x, std::max(canvas_min.x, canvas_max.x - use.width));
  min_.y = std::clamp(min_.y, canvas_min.y, std::max(canvas_min.y, bottom - height));
  max_ = ImVec2(min_.x + use.width, min_.y + height);
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
