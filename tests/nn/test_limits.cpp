// A model file's sizes are checked against nn/limits.hpp before anything is
// allocated: each refusal is a std::invalid_argument naming the field and
// the limit, for sizes that would overflow a long as well as merely huge ones.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <vector>

#include "nn/layer_registry.hpp"
#include "nn/limits.hpp"
#include "nn/model_io.hpp"
#include "nn/sequential.hpp"

using json = nlohmann::json;

namespace {

// The layers come as a vector, not as a json: `json layers = {one_layer}`
// is an array of one layer for GCC but a copy of that layer for clang (a
// braced list of one json), whose two fields would then read as two layers.
json sequential(const std::vector<json>& layers, json input = {nullptr, 28, 28, 1}) {
  json all = json::array({{{"class_name", "InputLayer"}, {"config", {{"batch_input_shape", input}}}}});
  for (const json& l : layers) all.push_back(l);
  return {{"class_name", "Sequential"}, {"config", {{"name", "m"}, {"layers", all}}}};
}
json layer(const char* cls, json config) {
  return {{"class_name", cls}, {"config", std::move(config)}};
}
const json flatten = layer("Flatten", json::object());

// What model_from_json says of `model`, or "(accepted)".
std::string refusal(const json& model) {
  try {
    nn::model_from_json(model.dump());
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

constexpr long kMaxLong = 9223372036854775807L;  // 2⁶³−1

}  // namespace

TEST_CASE("Overflow-safe products and sums say when they overflow") {
  CHECK(nn::limits::product(1L << 31, 1L << 31) == (1L << 62));
  CHECK_FALSE(nn::limits::product(1L << 32, 1L << 31).has_value());
  CHECK_FALSE(nn::limits::product(kMaxLong, -2).has_value());
  CHECK(nn::limits::sum(kMaxLong - 1, 1) == kMaxLong);
  CHECK_FALSE(nn::limits::sum(kMaxLong, 1).has_value());
}

TEST_CASE("Layer sizes past the limits are refused naming the field and the limit") {
  CHECK(refusal(sequential({flatten, layer("Dense", {{"units", 3000000}})})) ==
        "layer 2 (Dense): field 'units' must be a whole number from 1 to 65536, got 3000000");
  CHECK(refusal(sequential({flatten, layer("Dense", {{"units", 3e6}})})) ==
        "layer 2 (Dense): field 'units' must be a whole number from 1 to 65536, got 3000000.0");
  CHECK(refusal(sequential({flatten, layer("Dense", {{"units", 2.5}})})) ==
        "layer 2 (Dense): field 'units' must be a whole number from 1 to 65536, got 2.5");
  CHECK(refusal(sequential({layer("Conv2D", {{"filters", 1000000}, {"kernel_size", 3}})})) ==
        "layer 1 (Conv2D): field 'filters' must be a whole number from 1 to 65536, got 1000000");
  CHECK(refusal(sequential({layer("Conv2D", {{"filters", kMaxLong}, {"kernel_size", 3}})})) ==
        "layer 1 (Conv2D): field 'filters' must be a whole number from 1 to 65536, got 9223372036854775807");
  CHECK(refusal(sequential({layer("Conv2D", {{"filters", 2}, {"kernel_size", kMaxLong}})})) ==
        "layer 1 (Conv2D): field 'kernel_size' must be a whole number or a pair of them, from 1 to 4096, got "
        "9223372036854775807");
  CHECK(refusal(sequential({layer("Conv2D", {{"filters", 2}, {"kernel_size", 3}, {"strides", {1, -kMaxLong}}})})) ==
        "layer 1 (Conv2D): field 'strides' must be a whole number or a pair of them, from 1 to 4096, got array");
  CHECK(refusal(sequential({layer("MaxPooling2D", {{"pool_size", 18446744073709551615UL}})})) ==
        "layer 1 (MaxPooling2D): field 'pool_size' must be a whole number or a pair of them, from 1 to 4096, got "
        "18446744073709551615");
  CHECK(refusal(sequential({layer("Conv2D", {{"filters", 2}, {"kernel_size", 3}, {"groups", kMaxLong}})})) ==
        "layer 1 (Conv2D): field 'groups' must be a whole number from 1 to 65536, got 9223372036854775807");
}

TEST_CASE("An input shape past the limits is refused, however large") {
  const json dense = layer("Dense", {{"units", 10}});
  CHECK(refusal(sequential({flatten, dense}, {nullptr, kMaxLong, 28, 1})) ==
        "batch_input_shape: the input shape (None, 9223372036854775807, 28, 1) is taller or wider than the limit, "
        "4096");
  CHECK(refusal(sequential({dense}, {nullptr, kMaxLong})) ==
        "batch_input_shape: the input shape (None, 9223372036854775807) holds more values than the limit, 4,194,304");
  CHECK(refusal(sequential({flatten, dense}, {nullptr, 28, 28, 100000})) ==
        "batch_input_shape: the input shape (None, 28, 28, 100000) has more channels than the limit, 65536");
  CHECK(refusal(sequential({flatten, dense}, {nullptr, 4096, 4096, 3})) ==
        "batch_input_shape: the input shape (None, 4096, 4096, 3) holds more values than the limit, 4,194,304");
  CHECK_THROWS_AS(nn::Sequential<float>(nn::Shape::image(kMaxLong, kMaxLong, kMaxLong)), std::invalid_argument);
}

// Found by fuzzing: a class_name with newlines made a refusal of three lines.
TEST_CASE("A class_name with a control character is refused in one line") {
  CHECK(refusal(sequential({flatten, layer("BatchNorm\nas\nalization", json::object())})) ==
        "layer 2: class_name has a control character");
}

// Found by fuzzing: the model's own class_name, quoted with its newline. Any
// string a refusal quotes comes out escaped, on one line.
TEST_CASE("A refusal quoting a string with control characters is one line") {
  json model = sequential({flatten});
  model["class_name"] = "Seque\b\ntial";
  CHECK(refusal(model) ==
        "the model must be a Keras Sequential model, or a functional Model whose layers form a chain "
        "(got class 'Seque\\x08\\ntial')");
  const std::string activation =
      refusal(sequential({flatten, layer("Dense", {{"units", 4}, {"activation", "re\nlu\t"}})}));
  CHECK(activation.find('\n') == std::string::npos);
  CHECK(activation.find("unknown activation 're\\nlu\\t'") != std::string::npos);
}

TEST_CASE("Layer count and parameter counts are checked before the layers are built") {
  const json dense = layer("Dense", {{"units", 10}});
  std::vector<json> many = {flatten};
  for (int i = 0; i < 1000; ++i) many.push_back(dense);
  CHECK(refusal(sequential(many)) == "the model has 1001 layers, more than the limit, 256");
  std::vector<json> most = {flatten};
  for (int i = 1; i < nn::limits::kMaxLayers; ++i) most.push_back(dense);
  CHECK(refusal(sequential(most)) == "(accepted)");
  // 9,000 × 9,000 weights in one Dense layer: refused before its θ is allocated.
  CHECK(refusal(sequential({layer("Dense", {{"units", 9000}})}, {nullptr, 9000})) ==
        "layer 1 (Dense): it has more parameters than the limit for one layer, 67,108,864");
  // A conv whose output alone is too large for one sample.
  CHECK(refusal(sequential({layer("Conv2D", {{"filters", 8192}, {"kernel_size", 1}})}, {nullptr, 1024, 1024, 1})) ==
        "layer 1 (Conv2D): its output (None, 1024, 1024, 8192) holds more values than the limit, 4,194,304");
}
