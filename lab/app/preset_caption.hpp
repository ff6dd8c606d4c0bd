// lab/app/preset_caption.hpp — the preset's title and lesson on the surface.
//
// A dark box where it hides the least of the paths, the start, the minima and
// the current points (the bottom right when that hides nothing), never taller than a third of the canvas (wider, then
// smaller type, then the title alone with the lesson as its tooltip): the title in the title font (with the scene's
// note, such as the gradient noise σ), the one-sentence lesson wrapped below it, and a "×". A click on the box hides it
// until another caption (another preset) comes; the click does not reach the surface (it would move the start).
#pragma once

#include <imgui.h>

#include <functional>
#include <string>
#include <utility>

#include "lab/model/experiment.hpp"

namespace lab::app {

class PresetCaption {
 public:
  // Where a box of this size hides the least: its top-left corner, and a
  // score of what it still covers: at least kCoversPoint for a start, minimum
  // or current point, at least kCoversBox for the legend or the colour bar.
  using Placer = std::function<std::pair<ImVec2, double>(ImVec2 size)>;
  static constexpr double kCoversPoint = 1e4, kCoversBox = 1e6;
  // Draws the experiment's caption unless dismissed, at the top-left corner
  // `place` gives for its size. Returns true while the
  // mouse is over it: the canvas must then leave the mouse alone.
  bool draw(ImDrawList* list, const model::Experiment& e, ImVec2 canvas_min, ImVec2 canvas_max, float scale,
            ImFont* title_font, const Placer& place);
  // The box of the last frame (zero when hidden), for the layout log.
  ImVec2 box_min() const { return min_; }
  ImVec2 box_max() const { return max_; }

 private:
  std::string dismissed_;  // the title of the caption that was closed
  ImVec2 min_{}, max_{};
};

}  // namespace lab::app
