#include "lab/app/shortcuts.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_internal.h>  // ClosePopupToLevel: Esc closes menus and combos without keyboard navigation

namespace lab::app {

void handle_shortcuts(const std::vector<KeyPress>& pressed, UiState& ui, model::CommandQueue& queue) {
  const bool typing = ImGui::GetIO().WantTextInput;
  for (const KeyPress& k : pressed) {
    if (k.key == GLFW_KEY_Q && (k.mods & GLFW_MOD_CONTROL)) {
      queue.push(model::cmd::Quit{});
      continue;
    }
    if (k.key == GLFW_KEY_F11) {
      queue.push(model::cmd::SetFullscreen{!ui.fullscreen});
      continue;
    }
    if (k.key == GLFW_KEY_ESCAPE) {
      // A text field takes Esc itself (it reverts the edit).
      if (!typing && ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel))
        ImGui::ClosePopupToLevel(0, true);
      continue;
    }
    if (typing || ui.mode != Mode::Surfaces || (k.mods & (GLFW_MOD_CONTROL | GLFW_MOD_ALT))) continue;
    switch (k.key) {
      case GLFW_KEY_SPACE:
        queue.push(model::cmd::TogglePlay{});
        break;
      case GLFW_KEY_RIGHT:
        queue.push(model::cmd::StepBy{1});
        break;
      case GLFW_KEY_LEFT:
        queue.push(model::cmd::StepBy{-1});
        break;
      case GLFW_KEY_HOME:
        queue.push(model::cmd::Seek{0});
        break;
      case GLFW_KEY_R:
        queue.push(model::cmd::Reset{});
        break;
      case GLFW_KEY_3:
      case GLFW_KEY_KP_3:
        ui.view_3d = !ui.view_3d;
        break;
      default:
        break;
    }
  }
}

}  // namespace lab::app
