// lab/app/math_text.hpp — the course's notation on screen.
//
// ImGui draws one glyph per code point and does not compose combining marks,
// so "m" + U+0302 (the optimizers' m̂) would show a dotted circle. These
// helpers strip combining circumflexes and draw the hat themselves, centred
// over the letter it belongs to.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>

namespace lab::app {

// Draws `text` at the cursor like ImGui::TextUnformatted, hats included;
// lines longer than the available width wrap at spaces.
void math_text(std::string_view text, ImU32 color = 0);
// Draws `text` at `pos` in `list`.
void math_text_at(ImDrawList* list, ImVec2 pos, std::string_view text, ImU32 color);
// Its size on screen.
ImVec2 math_text_size(std::string_view text);
// `text` cut at a character boundary and ended with "…" so that it takes at
// most `width` pixels in the current font at `font_size`; unchanged when it fits.
std::string elide_to_width(std::string_view text, float font_size, float width);

}  // namespace lab::app
