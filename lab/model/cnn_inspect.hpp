// lab/model/cnn_inspect.hpp — inside a trained CNN: what it gets wrong, what
// its filters look like and what they see, and its guess for one image.
//
//   predictions   p (N, K): softmax outputs for every image, inference mode,
//                 pixels scaled by 1/255 as nn::Trainer assembles a batch
//   drawing       a digit drawn on the canvas (lab/model/digit_canvas.hpp),
//                 its 28×28 image and the top-3 guesses
//   gallery       every test image with argmax p ≠ its label, with the guess,
//                 its probability (the confidence) and the top-3 classes;
//                 sorted by confidence, and filtered by a confusion-matrix
//                 cell (true, predicted), so a cell shows exactly its images
//   filters       the first Conv2D's kernels W (F, kh, kw, C), one image
//                 per filter, scaled to its own [min, max]
//   feature maps  every Conv2D's output (Ho, Wo, F) for one image: F maps,
//                 read from nn's forward pass (Sequential::layer_output)
//   sample grid   the first images of each class, for a look at the data
//                 before training
// Nothing here draws; lab/app/cnn_inside_panel.cpp shows it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lab/model/digit_canvas.hpp"
#include "nn/dataset.hpp"
#include "nn/sequential.hpp"

namespace lab::model {

// An independent copy of a model: architecture, weights, layer state (batch
// normalization's moving averages), loss. The inside view predicts with its
// own copy, never with the one a worker may be training.
std::unique_ptr<nn::Sequential<float>> copy_model(const nn::Sequential<float>& model);

// Softmax outputs (N, K) for every image of `data`, row-major.
std::vector<float> predict_all(nn::Sequential<float>& model, const nn::Dataset& data, long batch = 256);
// Softmax outputs (K) for one image of H·W·C bytes in the model's input shape.
std::vector<float> predict_image(nn::Sequential<float>& model, const std::vector<std::uint8_t>& pixels);

struct ClassGuess {
  int label = 0;
  float probability = 0;
  bool operator==(const ClassGuess&) const = default;
};
// The k most probable classes, most probable first (ties: the lower label first).
std::vector<ClassGuess> top_classes(const std::vector<float>& probabilities, int k = 3);

// A drawing as the network sees it (MNIST's preprocessing) and its top-3
// guesses; nullopt for an empty canvas (nothing to guess).
struct DrawingGuess {
  std::vector<std::uint8_t> image;  // 28×28
  std::vector<ClassGuess> top;
};
std::optional<DrawingGuess> read_drawing(nn::Sequential<float>& model, const DigitCanvas& canvas);

// ---- the misclassified gallery

struct Misclassified {
  long index = 0;  // into the test set
  int label = 0;   // the truth
  int predicted = 0;
  float confidence = 0;         // p(predicted)
  std::vector<ClassGuess> top;  // top-3
};

// Every image of `test` whose most probable class (probs (N, K)) is not its
// label, in test-set order.
std::vector<Misclassified> misclassified(const nn::Dataset& test, const std::vector<float>& probs);

enum class GalleryOrder { MostConfident, LeastConfident, TestOrder };
const char* order_name(GalleryOrder order);

// A confusion-matrix cell (true, predicted); −1 matches any class.
struct CellFilter {
  int label = -1;
  int predicted = -1;
  bool any() const { return label < 0 && predicted < 0; }
  bool operator==(const CellFilter&) const = default;
};

// The gallery's images that pass `filter`, in `order` (stable: equal
// confidences keep test-set order).
std::vector<Misclassified> gallery(const std::vector<Misclassified>& wrong, CellFilter filter, GalleryOrder order);

// ---- filters and feature maps

// A single-channel image of floats (row-major h×w), shown scaled to [lo, hi].
struct Map {
  int h = 0, w = 0;
  std::vector<float> values;
  float lo = 0, hi = 0;  // the map's own range
};

// The first Conv2D's filters, one Map (kh×kw) per filter, channels averaged;
// empty when the model has no Conv2D.
std::vector<Map> first_conv_filters(const nn::Sequential<float>& model);

struct LayerMaps {
  std::size_t layer = 0;  // its index in the model
  std::string name;       // "conv2d_1"
  std::vector<Map> maps;  // one per filter (Ho×Wo)
};
// Every Conv2D's feature maps for one image (H·W·C bytes), layer by layer.
std::vector<LayerMaps> feature_maps(nn::Sequential<float>& model, const std::vector<std::uint8_t>& pixels);

// ---- the data set before training

// Up to `per_class` images of each class, in test-set order: indices into
// `data`, grouped by class (row k holds class k's).
std::vector<std::vector<long>> sample_grid(const nn::Dataset& data, int per_class);

// The H·W·C bytes of image i.
std::vector<std::uint8_t> image_bytes(const nn::Dataset& data, long i);

}  // namespace lab::model
