// The layer editor's model: the presets are nn's reference models (same
// summary, same parameter counts), edits reorder and change layers, and every
// impossible shape is flagged at its row with the reason before training.
#include <catch2/catch.hpp>

#include "lab/model/layer_plan.hpp"
#include "nn/model_io.hpp"
#include "nn/reference_models.hpp"

using namespace lab::model;

namespace {

const nn::Shape kMnist = nn::Shape::image(28, 28, 1);

LayerSpec conv(long filters, long kernel) {
  LayerSpec s = default_spec(LayerKind::Conv2D);
  s.filters = filters;
  s.kernel_size = kernel;
  return s;
}
LayerSpec dense(long units, nn::Act act) {
  LayerSpec s = default_spec(LayerKind::Dense);
  s.units = units;
  s.activation = act;
  return s;
}
LayerSpec of(LayerKind kind) {
  return default_spec(kind);
}

}  // namespace

TEST_CASE("the cnn and mlp presets are nn's reference models: same summary, same counts") {
  for (const char* name : {"cnn", "mlp"})
    for (int classes : {10, 3}) {
      const LayerPlan plan = preset_plan(name, classes);
      const PlanCheck c = check(plan, kMnist, classes);
      REQUIRE(c.ok());
      auto reference = nn::reference_model(name, kMnist, classes);
      CHECK(c.summary == reference->summary());
      CHECK(c.total_params == static_cast<long>(reference->params().size()));
      REQUIRE(c.layers.size() == reference->size());
      for (std::size_t i = 0; i < c.layers.size(); ++i) {
        CHECK(c.layers[i].name == reference->layer(i).name());
        CHECK(c.layers[i].output_shape == reference->layer(i).output_shape().str());
        CHECK(c.layers[i].params == reference->layer(i).param_count());
      }
      CHECK(nn::architecture_json(*build(plan, kMnist, classes)) == nn::architecture_json(*reference));
    }
  // The reference CNN on MNIST, by hand: 320 + 18,496 + 16,010 (Keras' summary).
  const PlanCheck c = check(preset_plan("cnn", 10), kMnist, 10);
  CHECK(c.layers[0].params == 320);
  CHECK(c.layers[2].params == 18496);
  CHECK(c.layers[6].params == 16010);
  CHECK(c.total_params == 34826);
  CHECK_THROWS_AS(preset_plan("resnet", 10), std::invalid_argument);
}

TEST_CASE("batch normalization's moving averages count in the summary, as in Keras") {
  LayerPlan plan = preset_plan("cnn", 10);
  plan.add(of(LayerKind::BatchNormalization), 1);
  const PlanCheck c = check(plan, kMnist, 10);
  REQUIRE(c.ok());
  CHECK(c.layers[1].params == 4 * 32);
  CHECK(c.total_params == 34826 + 4 * 32);
  CHECK(c.summary.find("Non-trainable params: 64") != std::string::npos);
}

TEST_CASE("adding, removing and moving layers") {
  LayerPlan plan = preset_plan("mlp", 10);
  plan.add(of(LayerKind::Dropout), 2);
  REQUIRE(plan.layers.size() == 4);
  CHECK(plan.layers[2].kind == LayerKind::Dropout);
  plan.move(2, -1);
  CHECK(plan.layers[1].kind == LayerKind::Dropout);
  CHECK(plan.layers[2].kind == LayerKind::Dense);
  plan.move(0, -1);  // already first
  CHECK(plan.layers[0].kind == LayerKind::Flatten);
  plan.move(3, +1);  // already last
  CHECK(plan.layers[3].units == 10);
  plan.remove(1);
  CHECK(plan == preset_plan("mlp", 10));
  plan.add(of(LayerKind::Flatten), 99);  // past the end: appended
  CHECK(plan.layers.back().kind == LayerKind::Flatten);
  CHECK(describe(conv(32, 3)) == "Conv2D(32, 3\u00D73, relu)");
  CHECK(describe(dense(10, nn::Act::Softmax)) == "Dense(10, softmax)");
}

TEST_CASE("impossible shapes are flagged at their row with the reason") {
  auto flagged = [](const LayerPlan& plan, std::size_t row, const std::string& words) {
    const PlanCheck c = check(plan, kMnist, 10);
    INFO(c.problem);
    CHECK_FALSE(c.ok());
    REQUIRE(c.layers.size() == plan.layers.size());
    for (std::size_t i = 0; i < c.layers.size(); ++i) CHECK(c.layers[i].problem.empty() == (i != row));
    CHECK(c.layers[row].problem.find(words) != std::string::npos);
    CHECK(c.problem.rfind("layer " + std::to_string(row + 1) + " (", 0) == 0);
    CHECK_THROWS_WITH(build(plan, kMnist, 10), c.problem);
  };
  SECTION("a 3×3 conv on a 2×2 map") {
    // 28 → 26 → 13 → 11 → 5 → 2: a 3×3 conv then does not fit.
    LayerPlan plan;
    plan.layers = {conv(8, 3),
                   of(LayerKind::MaxPooling2D),
                   conv(8, 3),
                   of(LayerKind::MaxPooling2D),
                   of(LayerKind::MaxPooling2D),
                   conv(8, 3),
                   of(LayerKind::Flatten),
                   dense(10, nn::Act::Softmax)};
    const PlanCheck c = check(plan, kMnist, 10);
    CHECK(c.layers[4].output_shape == "(None, 2, 2, 8)");
    CHECK(c.layers[5].output_shape.empty());  // not built
    flagged(plan, 5, "larger than its input (None, 2, 2, 8)");
  }
  SECTION("Dense before Flatten on a 4-D tensor") {
    LayerPlan plan = preset_plan("cnn", 10);
    plan.remove(4);  // the Flatten
    flagged(plan, 5, "add Flatten before it");
  }
  SECTION("a pool larger than its map") {
    LayerPlan plan = preset_plan("cnn", 10);
    plan.layers[3].pool_size = 12;  // on an 11×11 map
    flagged(plan, 3, "window is larger than its input");
  }
  SECTION("a conv after Flatten") {
    LayerPlan plan = preset_plan("mlp", 10);
    plan.add(conv(8, 3), 1);
    flagged(plan, 1, "needs an image input");
  }
  SECTION("an output that is not one per class") {
    LayerPlan plan = preset_plan("mlp", 10);
    plan.layers.back().units = 7;
    flagged(plan, 2, "the data has 10 classes");
  }
  SECTION("an output that is not a softmax") {
    LayerPlan plan = preset_plan("mlp", 10);
    plan.layers.back().activation = nn::Act::Relu;
    flagged(plan, 2, "probabilities");
  }
  SECTION("a bad parameter") {
    LayerPlan plan = preset_plan("cnn", 10);
    plan.layers[5].rate = 1.5;  // Dropout
    flagged(plan, 5, "rate");
  }
  SECTION("an empty plan") {
    const PlanCheck c = check(LayerPlan{}, kMnist, 10);
    CHECK(c.problem == "the model has no layers");
  }
}
