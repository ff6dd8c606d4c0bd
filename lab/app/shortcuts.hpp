// lab/app/shortcuts.hpp — the window's keyboard: every shortcut the menus and
// tooltips show, and nothing else.
//
//   Ctrl+Q  quit              F11   full screen       Esc  close the open popup (never quits)
//   space   play / pause      ←/→   step back / forward
//   Home    to step 0         R     reset              3    3-D view on/off
// Keys that type (space, arrows, R, 3) do nothing while a text field has the
// keyboard. Called once a frame, after ImGui's NewFrame and before drawing.
#pragma once

#include <vector>

#include "lab/app/ui_state.hpp"
#include "lab/model/commands.hpp"

namespace lab::app {

// A key pressed since the last frame: GLFW key code and modifier bits.
struct KeyPress {
  int key = 0;
  int mods = 0;
};

void handle_shortcuts(const std::vector<KeyPress>& pressed, UiState& ui, model::CommandQueue& queue);

}  // namespace lab::app
