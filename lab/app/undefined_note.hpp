// lab/app/undefined_note.hpp — the words for the hatched regions.
//
// When the field has undefined samples (hatching.hpp), one line at the
// bottom left of the canvas says what the stripes mean, so they never read
// as "high f".
#pragma once

#include <imgui.h>

#include "lab/app/field.hpp"

namespace lab::app {

void draw_undefined_note(ImDrawList* list, const Field& field, ImVec2 canvas_min, ImVec2 canvas_max, float scale);

}  // namespace lab::app
