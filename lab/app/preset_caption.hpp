// lab/app/preset_caption.hpp — the preset's title and lesson on the surface.
//
// A dark box at the canvas's bottom right, above the coordinate readout,
// never taller than a third of the canvas (wider, then smaller type, then the
// title alone with the lesson as its tooltip):
// the title in the title font (with the scene's note, such as the gradient
// noise σ), the one-sentence lesson wrapped below it, and a "×". A click on the box hides it until another caption
// (another preset) comes; the click does not reach the surface (it would move the start).
#pragma once

#include <imgui.h>

#include <string>

#include "lab/model/experiment.hpp"

namespace lab::app {

class PresetCaption {
 public:
  // Draws the experiment's caption unless dismissed. Returns true while the
  // mouse is over it: the canvas must then leave the mouse alone.
  bool draw(ImDrawList* list, const model::Experiment& e, ImVec2 canvas_min, ImVec2 canvas_max, float scale,
            ImFont* title_font);
  // The box of the last frame (zero when hidden), for the layout log.
  ImVec2 box_min() const { return min_; }
  ImVec2 box_max() const { return max_; }

 private:
  std::string dismissed_;  // the title of the caption that was closed
  ImVec2 min_{}, max_{};
};

}  // namespace lab::app
