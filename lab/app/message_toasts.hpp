// lab/app/message_toasts.hpp — what a command said, over the central area.
//
// A failed command (a bad file, a value refused) or a note ("saved
// experiment.json") is a UiState message for a few seconds. The central area
// shows the last three still due, newest at the bottom, centred near its
// bottom edge: red for errors, green for notes. The surface view and the
// network view both call this, so a message shows whichever scene is open.
#pragma once

#include <imgui.h>

#include "lab/app/ui_state.hpp"

namespace lab::app {

void draw_message_toasts(ImDrawList* list, ImVec2 origin, ImVec2 size, const UiState& ui);

}  // namespace lab::app
