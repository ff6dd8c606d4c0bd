// lab/model/cnn_pane.hpp — what the user has chosen in the CNN trainer's
// inside view and layer editor: the plan being edited, the misclassified
// gallery's filter and order, the test image whose feature maps are shown,
// the strokes drawn on the digit canvas, and the paint on a test image (the
// data sets that are not digits).
//
// The window owns one, beside the experiment and the CNN session; the draw
// code reads it and changes it only through commands (commands.hpp), applied
// between frames. What is computed from it (predictions, feature maps, the
// copies of the trained model) is the view's own cache.
#pragma once

#include <cstdint>
#include <vector>

#include "lab/model/cnn_inspect.hpp"
#include "lab/model/digit_canvas.hpp"
#include "lab/model/layer_plan.hpp"

namespace lab::model {

// One drag of the pen over a test image, in its pixels: light (255) or dark (0).
struct PaintStroke {
  CanvasPoint from, to;
  std::uint8_t value = 255;
  bool operator==(const PaintStroke&) const = default;
};

struct CnnPane {
  // ---- the layer editor
  LayerPlan plan = preset_plan("cnn", 10);

  // ---- the trained model's inside view
  CellFilter filter;  // a confusion-matrix cell, or a class each way; −1 for any
  GalleryOrder order = GalleryOrder::MostConfident;
  long chosen = 0;                   // the test image whose feature maps are shown
  DigitCanvas canvas;                // what the mouse drew (digits)
  std::uint64_t canvas_version = 0;  // advances with every change of the canvas: its guess is redone
  long edit_index = 0;               // the test image painted on (other data sets) …
  std::vector<PaintStroke> paint;    // … and the paint, in order, over its pixels

  // A new run's model: the choices that belong to the last one go (the
  // gallery's filter and order and the plan stay).
  void new_run() {
    chosen = 0;
    canvas.clear();
    ++canvas_version;
    edit_index = 0;
    paint.clear();
  }
};

}  // namespace lab::model
