// lab/app/cnn_inside_view.hpp — what the CNN trainer's inside view and layer
// editor compute from the model-side choices (lab/model/cnn_pane.hpp) and
// keep between frames: copies of the last run's model (one classifies the
// test set in the background, one answers the canvas and the feature maps),
// the predictions, the guesses, the maps, the plan's check. Caches and view
// state only; each remembers what it was computed for, and is redone when
// that changes. The window keeps one in UiState.
#pragma once

#include <cstdint>
#include <future>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lab/model/cnn_inspect.hpp"
#include "lab/model/cnn_pane.hpp"
#include "lab/model/layer_plan.hpp"
#include "nn/dataset.hpp"
#include "nn/sequential.hpp"

namespace lab::app {

inline constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();

struct CnnInsideView {
  // The run these belong to (the snapshot's shared model), and its copies.
  const nn::Sequential<float>* source = nullptr;
  std::unique_ptr<nn::Sequential<float>> model;  // the UI thread's: canvas, feature maps
  std::shared_ptr<const nn::Dataset> test;
  std::future<std::vector<float>> classifying;  // the whole test set, on its own copy
  std::vector<model::Misclassified> wrong;
  bool classified = false;

  // The gallery as last drawn: wrong, filtered and sorted.
  std::vector<model::Misclassified> shown;
  std::optional<std::pair<model::CellFilter, model::GalleryOrder>> shown_for;
  std::string shown_cells;  // the confusion-matrix cells of the shown images: "4>9 7>2"

  // The canvas's guess, for the canvas version it was read at.
  std::optional<model::DrawingGuess> guess;
  std::uint64_t guess_for = kNever;

  // The painted test image and its top-3, for the image and the paint strokes they show.
  std::vector<std::uint8_t> edited;
  std::vector<model::ClassGuess> edited_top;
  long edited_index = -1;
  std::vector<model::PaintStroke> edited_paint;

  // The feature maps of the chosen image.
  long maps_for = -1;
  std::vector<model::LayerMaps> maps;

  // The sample grid's data when no run has loaded any: loaded in the background.
  std::string samples_name;
  std::future<nn::Dataset> loading;
  std::shared_ptr<const nn::Dataset> samples;
  std::string samples_error;

  // Tabs to select on the next frame (a confusion-matrix cell was clicked).
  bool open_inside = false;
  bool open_gallery = false;
};

struct CnnEditorView {
  // The check of the plan last drawn, redone when the plan or the data change.
  model::LayerPlan checked_plan;
  nn::Shape checked_input;
  int checked_classes = 0;
  model::PlanCheck check;
  bool checked = false;
  int add_kind = 0;                         // the kind of layer "Add" adds
  std::string path = "descent-model.json";  // where "Save architecture" writes
};

}  // namespace lab::app
