// lab/model/layer_plan.hpp — the layer editor's model: a list of layers the
// user adds, removes, reorders and sets, checked against the data before any
// training.
//
// check() builds the plan with nn itself (Sequential::add infers each output
// shape and refuses what cannot be built, naming the reason), so the editor's
// shapes, parameter counts and Keras summary are exactly nn's. A plan that
// checks out is an nn model: build() gives it, and nn::save_architecture
// writes its Keras model_config, which `descent train --model FILE.json` reads.
//
//   reasons flagged, each at the row where it happens:
//     a layer that does not fit its input (nn's message: a 3×3 kernel on a
//     2×2 map, Dense on an image without Flatten, a pool larger than its map);
//     an output that is not one probability per class (the last layer must
//     give (None, classes) through softmax); an empty plan.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "nn/activation.hpp"
#include "nn/conv2d.hpp"
#include "nn/sequential.hpp"

namespace lab::model {

enum class LayerKind {
  Conv2D,
  MaxPooling2D,
  AveragePooling2D,
  Flatten,
  Dense,
  Dropout,
  BatchNormalization,
  Activation
};
inline constexpr LayerKind kLayerKinds[] = {
    LayerKind::Conv2D, LayerKind::MaxPooling2D, LayerKind::AveragePooling2D,   LayerKind::Flatten,
    LayerKind::Dense,  LayerKind::Dropout,      LayerKind::BatchNormalization, LayerKind::Activation};
const char* kind_name(LayerKind kind);  // Keras' class name: "Conv2D"

// One layer's settings, Keras' parameter names; each kind reads its own.
struct LayerSpec {
  LayerKind kind = LayerKind::Dense;
  long filters = 32;                         // Conv2D
  long kernel_size = 3;                      // Conv2D, square
  long strides = 1;                          // Conv2D
  long pool_size = 2;                        // the poolings (strides = pool_size)
  nn::Padding padding = nn::Padding::Valid;  // Conv2D and the poolings
  long units = 128;                          // Dense
  nn::Act activation = nn::Act::Relu;        // Conv2D, Dense, Activation
  double rate = 0.5;                         // Dropout
  bool operator==(const LayerSpec&) const = default;
};
// A layer of `kind` with the editor's defaults.
LayerSpec default_spec(LayerKind kind);
// "Conv2D(32, 3×3, relu)", "MaxPooling2D(2×2)", "Dense(10, softmax)".
std::string describe(const LayerSpec& spec);

struct LayerPlan {
  std::vector<LayerSpec> layers;
  bool operator==(const LayerPlan&) const = default;

  void add(LayerSpec spec, std::size_t at);  // at ≥ size: at the end
  void remove(std::size_t i);
  void move(std::size_t i, int by);  // −1 up, +1 down; stops at the ends
};

// The reference models of nn/reference_models.hpp ("cnn", "mlp") as plans;
// throws std::invalid_argument for another name.
LayerPlan preset_plan(const std::string& name, int classes);

struct LayerCheck {
  std::string name;          // "conv2d_1", as Keras names it
  std::string output_shape;  // "(None, 26, 26, 32)"; empty when not built
  nn::Shape shape;           // the same as nn's shape, when built
  long params = 0;           // as Keras' summary counts them (trainable + state)
  std::string problem;       // why this layer cannot be built; empty when it can
};

struct PlanCheck {
  std::vector<LayerCheck> layers;  // one per plan layer
  std::string problem;             // the first problem, "layer 3 (Conv2D): …"; empty when the plan trains
  std::string summary;             // Keras' summary (nn's) of the layers that build
  long total_params = 0;
  bool ok() const { return problem.empty(); }
};

// Builds the plan on images of `input` with `classes` classes, as far as it goes.
PlanCheck check(const LayerPlan& plan, const nn::Shape& input, int classes);

// The plan as an nn model (weights uninitialized). Throws
// std::invalid_argument with check()'s problem when it does not check out.
std::unique_ptr<nn::Sequential<float>> build(const LayerPlan& plan, const nn::Shape& input, int classes);

}  // namespace lab::model
