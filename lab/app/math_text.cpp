#include "lab/app/math_text.hpp"

#include <cfloat>
#include <vector>

namespace lab::app {

namespace {

constexpr std::string_view kCombiningHat = "\xCC\x82";  // U+0302

struct Layout {
  std::string plain;              // the text without combining hats
  std::vector<std::size_t> hats;  // byte offsets in `plain` of the letters that wear one
};

Layout layout(std::string_view text) {
  Layout out;
  std::size_t last_start = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (text.substr(i, 2) == kCombiningHat) {
      out.hats.push_back(last_start);
      i += 2;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    last_start = out.plain.size();
    out.plain.append(text.substr(i, len));
    i += len;
  }
  return out;
}

std::size_t next_char(const std::string& s, std::size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  return i + (c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4);
}

void draw_hats(ImDrawList* list, ImVec2 pos, const Layout& l, ImU32 color) {
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  for (std::size_t at : l.hats) {
    const float x0 = pos.x + font->CalcTextSizeA(size, FLT_MAX, 0, l.plain.c_str(), l.plain.c_str() + at).x;
    const float x1 =
        pos.x + font->CalcTextSizeA(size, FLT_MAX, 0, l.plain.c_str(), l.plain.c_str() + next_char(l.plain, at)).x;
    const float mid = 0.5f * (x0 + x1);
    const float w = 0.28f * size;
    const float top = pos.y + 0.08f * size;
    const float base = pos.y + 0.26f * size;
    const float thick = std::max(1.0f, size / 14.0f);
    list->AddLine(ImVec2(mid - w, base), ImVec2(mid, top), color, thick);
    list->AddLine(ImVec2(mid, top), ImVec2(mid + w, base), color, thick);
  }
}

}  // namespace

ImVec2 math_text_size(std::string_view text) {
  return ImGui::CalcTextSize(layout(text).plain.c_str());
}

void math_text_line(std::string_view text, ImU32 color);

void math_text_at(ImDrawList* list, ImVec2 pos, std::string_view text, ImU32 color) {
  const Layout l = layout(text);
  list->AddText(pos, color, l.plain.c_str());
  draw_hats(list, pos, l, color);
}

void math_text(std::string_view text, ImU32 color) {
  // Wrap at spaces, greedily: each line takes as many words as fit (at least one).
  const float width = ImGui::GetContentRegionAvail().x;
  if (width <= 0 || math_text_size(text).x <= width) {
    math_text_line(text, color);
    return;
  }
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start + 1);
    if (end == std::string_view::npos) end = text.size();
    while (end < text.size()) {
      std::size_t next = text.find(' ', end + 1);
      if (next == std::string_view::npos) next = text.size();
      if (math_text_size(text.substr(start, next - start)).x > width) break;
      end = next;
    }
    math_text_line(text.substr(start, end - start), color);
    start = end + 1;
  }
}

void math_text_line(std::string_view text, ImU32 color) {
  const Layout l = layout(text);
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  if (color == 0) color = ImGui::GetColorU32(ImGuiCol_Text);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(color));
  ImGui::TextUnformatted(l.plain.c_str());
  ImGui::PopStyleColor();
  draw_hats(ImGui::GetWindowDrawList(), pos, l, color);
}

std::string elide_to_width(std::string_view text, float font_size, float width) {
  ImFont* font = ImGui::GetFont();
  auto w = [&](const std::string& t) { return font->CalcTextSizeA(font_size, FLT_MAX, 0, t.c_str()).x; };
  std::string s(text);
  if (w(s) <= width) return s;
  while (!s.empty() && w(s + "…") > width) {
    while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();  // UTF-8 continuation
    if (!s.empty()) s.pop_back();
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s + "…";
}

}  // namespace lab::app
