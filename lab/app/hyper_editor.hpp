// lab/app/hyper_editor.hpp — the one widget that edits an optimizer's
// hyperparameters, wherever they are set (the race's optimizers, the CNN
// trainer's draft), driven only by optim::HyperSpec: no code here knows any
// optimizer.
//
//   symbol   [=====slider=====]  [typed]     Real / Integer: slider over the spec's
//                                             range (logarithmic where the spec says),
//                                             and a field that takes any value optim/ accepts
//                                             (where too narrow for both: the slider, Ctrl+click types)
//   symbol   [x] name                         Flag
//   symbol   [choice        v]                Choice
// The symbol's tooltip gives the name and the spec's help. A typed value that
// optim/ rejects shows its message in red and changes nothing. The typed
// text lives in the editor (one per window, in UiState), never in statics.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "optim/hyper.hpp"

namespace lab::app {

class HyperEditor {
 public:
  // Draws one row for `spec` showing `value`; returns the new value when the
  // user changed it. `owner` tells rows of the same name apart (one per
  // runner, the CNN draft); `label_width` is where the control starts.
  std::optional<double> row(const std::string& owner, const optim::HyperSpec& spec, double value, float label_width,
                            bool enabled = true);
  // Where the last row's typed field was drawn (window pixels), for the
  // layout log; unset when that row had none.
  struct Rect {
    float x0, y0, x1, y1;
  };
  std::optional<Rect> last_typed;

 private:
  struct TypedField {
    std::string text;
    std::string error;
    double shown = 0;
    bool fresh = true;  // not yet filled from a value
  };
  std::map<std::pair<std::string, std::string>, TypedField> typed_;
};

}  // namespace lab::app
