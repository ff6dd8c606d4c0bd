// Each layer's Keras config: the registry's rows, get_config → from_config
// round trips, and refusals that name the layer and the field.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "nn/layer_registry.hpp"
#include "nn/model_io.hpp"
#include "nn/sequential.hpp"

using json = nlohmann::json;

namespace {

// A config for every registry row, away from the defaults, and the input it fits.
struct Example {
  json config;
  nn::Shape input;
};
const std::map<std::string, Example>& examples() {
  static const std::map<std::string, Example> e = {
      {"Dense",
       {{{"units", 7},
         {"activation", "tanh"},
         {"use_bias", false},
         {"kernel_initializer", "HeUniform"},
         {"kernel_regularizer", {{"class_name", "L1L2"}, {"config", {{"l1", 0.01}, {"l2", 0.0}}}}}},
        nn::Shape::vector(5)}},
      {"Conv2D",
       {{{"filters", 3},
         {"kernel_size", {3, 2}},
         {"strides", 2},
         {"padding", "same"},
         {"activation", "relu"},
         {"kernel_initializer", {{"class_name", "HeNormal"}, {"config", {{"seed", nullptr}}}}}},
        nn::Shape::image(9, 8, 2)}},
      {"MaxPooling2D", {{{"pool_size", 3}, {"strides", {2, 1}}, {"padding", "same"}}, nn::Shape::image(6, 6, 2)}},
      {"AveragePooling2D", {{{"pool_size", {2, 3}}}, nn::Shape::image(6, 6, 2)}},
      {"Flatten", {json::object(), nn::Shape::image(3, 2, 2)}},
      {"Dropout", {{{"rate", 0.25}, {"seed", 9}}, nn::Shape::vector(4)}},
      {"BatchNormalization", {{{"momentum", 0.9}, {"epsilon", 1e-5}}, nn::Shape::image(2, 2, 3)}},
      {"Activation", {{{"activation", "sigmoid"}}, nn::Shape::vector(4)}},
      {"ReLU", {json::object(), nn::Shape::vector(4)}},
      {"LeakyReLU", {{{"alpha", 0.1}}, nn::Shape::vector(4)}},
      {"Softmax", {json::object(), nn::Shape::vector(4)}},
      {"Reshape", {{{"target_shape", {2, -1, 3}}}, nn::Shape::vector(12)}},
      {"Rescaling", {{{"scale", 0.5}, {"offset", 1.0}}, nn::Shape::image(2, 2, 1)}},
      {"GlobalAveragePooling2D", {{{"keepdims", true}}, nn::Shape::image(3, 3, 2)}},
  };
  return e;
}

std::string layer_error(const json& layer) {
  try {
    nn::layer_from_json<float>(layer, "layer 2");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("Every registered layer class reads its config back from what it writes") {
  std::set<std::string> seen;
  for (const auto& row : nn::layer_registry<float>()) {
    INFO(row.class_name);
    CHECK(seen.insert(row.class_name).second);  // one row per Keras class
    const auto it = examples().find(row.class_name);
    REQUIRE(it != examples().end());  // a new row needs its example here
    json config = it->second.config;
    config["name"] = "the_layer";
    auto layer = nn::layer_from_json<float>({{"class_name", row.class_name}, {"config", config}}, "layer 1");
    CHECK(layer->name() == "the_layer");
    layer->build(it->second.input);
    const json written = nn::layer_to_json(*layer);
    CHECK(written["class_name"] == row.class_name);
    CHECK(written["config"]["name"] == "the_layer");
    auto again = nn::layer_from_json<float>(written, "layer 1");
    again->build(it->second.input);
    CHECK(nn::layer_to_json(*again) == written);
    CHECK(again->output_shape() == layer->output_shape());
    CHECK(again->param_count() == layer->param_count());
  }
}

TEST_CASE("Layer configs are written in Keras' form") {
  auto dense = nn::layer_from_json<float>({{"class_name", "Dense"}, {"config", examples().at("Dense").config}}, "");
  dense->build(nn::Shape::vector(5));
  const json c = nn::layer_to_json(*dense)["config"];
  CHECK(c["units"] == 7);
  CHECK(c["use_bias"] == false);
  CHECK(c["kernel_initializer"] == json{{"class_name", "HeUniform"}, {"config", {{"seed", nullptr}}}});
  CHECK(c["kernel_regularizer"] == json{{"class_name", "L1L2"}, {"config", {{"l1", 0.01}, {"l2", 0.0}}}});
  CHECK(c["dtype"] == "float32");
  auto conv = nn::layer_from_json<float>({{"class_name", "Conv2D"}, {"config", examples().at("Conv2D").config}}, "");
  conv->build(nn::Shape::image(9, 8, 2));
  const json k = nn::layer_to_json(*conv)["config"];
  CHECK(k["kernel_size"] == json{3, 2});
  CHECK(k["strides"] == json{2, 2});
  CHECK(k["padding"] == "same");
  CHECK(k["data_format"] == "channels_last");
}

TEST_CASE("A bad layer config is refused with a message naming the layer and the field") {
  auto layer = [](const char* cls, json config) { return json{{"class_name", cls}, {"config", std::move(config)}}; };
  CHECK(layer_error(layer("Conv2D", {{"filters", "many"}})) ==
        "layer 2 (Conv2D): field 'filters' must be a whole number from 1 to 65536, got \"many\"");
  CHECK(layer_error(layer("Conv2D", {{"filters", 2}, {"kernel_size", {1, 2, 3}}})) ==
        "layer 2 (Conv2D): field 'kernel_size' must be a whole number or a pair of them, from 1 to 4096, got array");
  CHECK(layer_error(layer("MaxPooling2D", {{"padding", "full"}})) ==
        "layer 2 (MaxPooling2D): padding must be 'valid' or 'same', got 'full'");
  CHECK(layer_error(layer("Flatten", {{"data_format", "channels_first"}})) == "(accepted)");
  CHECK(layer_error(layer("AveragePooling2D", {{"data_format", "channels_first"}})) ==
        "layer 2 (AveragePooling2D): only data_format 'channels_last' is supported");
  CHECK(layer_error(layer("Conv2D", {{"dilation_rate", 2}})) ==
        "layer 2 (Conv2D): dilation and groups are not supported");
  CHECK(layer_error(layer("Dense", {{"units", 3}, {"activation", 5}})) == "layer 2 (Dense): activation must be a name");
  CHECK(layer_error(layer("Dense", {{"units", 3}, {"kernel_initializer", 5}})) ==
        "layer 2 (Dense): kernel_initializer must be an initializer");
  CHECK(layer_error(layer("Dense", {{"units", 3}, {"kernel_regularizer", "l2"}})) ==
        "layer 2 (Dense): kernel_regularizer must be an L1L2 regularizer");
  CHECK(layer_error(layer("Dense", {{"units", 3}, {"kernel_regularizer", {{"l2", "big"}}}})) ==
        "layer 2 (Dense): kernel_regularizer's l2 must be a number");
  CHECK(layer_error(layer("Dropout", {{"rate", true}})) == "layer 2 (Dropout): field 'rate' has the wrong type");
  CHECK(layer_error(json{{"config", json::object()}}) == "layer 2: missing class_name");
  // An unknown class is refused, naming every class the registry knows.
  const std::string unknown = layer_error(layer("LSTM", json::object()));
  CHECK(unknown.rfind("layer 2: unsupported class 'LSTM' (supported: ", 0) == 0);
  for (const auto& row : nn::layer_registry<float>()) CHECK_THAT(unknown, Catch::Contains(row.class_name));
}

TEST_CASE("Sequential fuses relu into max pooling only for the pair that allows it") {
  auto model = nn::model_from_json(
      json{{"class_name", "Sequential"},
           {"config",
            {{"layers",
              {{{"class_name", "InputLayer"}, {"config", {{"batch_input_shape", {nullptr, 16, 16, 1}}}}},
               {{"class_name", "Conv2D"}, {"config", {{"filters", 2}, {"kernel_size", 3}, {"activation", "relu"}}}},
               {{"class_name", "MaxPooling2D"}, {"config", json::object()}},
               {{"class_name", "Conv2D"}, {"config", {{"filters", 2}, {"kernel_size", 1}, {"activation", "relu"}}}},
               {{"class_name", "AveragePooling2D"}, {"config", json::object()}},
               {{"class_name", "ReLU"}, {"config", json::object()}},
               {{"class_name", "MaxPooling2D"}, {"config", json::object()}}}}}}}
          .dump());
  CHECK(model->relu_grad_by_next(0));        // Conv2D(relu) → MaxPooling2D
  CHECK_FALSE(model->relu_grad_by_next(2));  // Conv2D(relu) → AveragePooling2D
  CHECK_FALSE(model->relu_grad_by_next(4));  // ReLU → MaxPooling2D: the activation layer runs its own backward
  CHECK_FALSE(model->relu_grad_by_next(5));  // the last layer
}
