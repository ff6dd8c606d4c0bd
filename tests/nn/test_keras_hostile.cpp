// What Keras' model_config and weight layouts may hold that nn/ cannot run,
// refused with one line naming the layer and the field, never a crash:
// functional graphs that are not a chain, Reshapes that do not fit, sizes
// past the limits, weight_names that point nowhere.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "nn/model_io.hpp"

using json = nlohmann::json;

namespace {

std::string refusal(const json& model_config) {
  try {
    nn::model_from_json(model_config.dump());
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

// inbound_nodes of one call on one tensor: [[[source, 0, 0, {}]]].
json k2_call(const std::string& source) {
  return json::array({json::array({json::array({source, 0, 0, json::object()})})});
}

json k3_call(const std::string& source) {
  return {{{"args",
            {{{"class_name", "__keras_tensor__"},
              {"config", {{"shape", {nullptr, 4}}, {"keras_history", {source, 0, 0}}}}}}},
           {"kwargs", json::object()}}};
}

json input_layer(const json& shape = {nullptr, 4}) {
  return {{"class_name", "InputLayer"},
          {"name", "in"},
          {"config", {{"batch_shape", shape}, {"name", "in"}}},
          {"inbound_nodes", json::array()}};
}

json dense(const std::string& name, json inbound) {
  return {{"class_name", "Dense"},
          {"name", name},
          {"config", {{"name", name}, {"units", 3}}},
          {"inbound_nodes", std::move(inbound)}};
}

json functional(json layers, const std::string& output) {
  return {{"class_name", "Functional"},
          {"config",
           {{"name", "f"},
            {"layers", std::move(layers)},
            {"input_layers", {{"in", 0, 0}}},
            {"output_layers", {{output, 0, 0}}}}}};
}

json sequential(const json& shape, json layers) {
  json all = json::array({input_layer(shape)});
  for (auto& l : layers) all.push_back(std::move(l));
  return {{"class_name", "Sequential"}, {"config", {{"name", "s"}, {"layers", all}}}};
}

}  // namespace

TEST_CASE("A functional chain in Keras 2's and Keras 3's inbound_nodes loads in chain order") {
  // Listed out of order: the chain decides the order, not the list.
  json layers = {input_layer(), dense("b", k3_call("a")), dense("a", k2_call("in"))};
  auto m = nn::model_from_json(functional(layers, "b").dump());
  REQUIRE(m->size() == 2);
  CHECK(m->layer(0).name() == "a");
  CHECK(m->layer(1).name() == "b");
}

TEST_CASE("A functional graph that is not a chain is refused naming the layer and the field") {
  CHECK(refusal(functional({input_layer(), dense("a", k2_call("in")), dense("b", k2_call("in"))}, "b")) ==
        "layer 'in' feeds both 'a' and 'b' (a branch); only a single chain of layers is supported");
  // A cycle apart from the input: a ← b ← a.
  CHECK(refusal(functional({input_layer(), dense("a", k2_call("b")), dense("b", k2_call("a"))}, "b")) ==
        "layer 'a' is not on the chain from the input (field 'inbound_nodes': a cycle)");
  json merge = dense("m", json::array({json::array(
                              {json::array({"in", 0, 0, json::object()}), json::array({"a", 0, 0, json::object()})})}));
  merge["class_name"] = "Add";
  CHECK(refusal(functional({input_layer(), dense("a", k2_call("in")), merge}, "m")) ==
        "layer 'm': field 'inbound_nodes' gives the layer 2 inputs; only a single chain of layers is supported");
  json shared = dense("a", json::array({k2_call("in")[0], k2_call("in")[0]}));
  CHECK(refusal(functional({input_layer(), shared}, "a")) ==
        "layer 'a': field 'inbound_nodes' calls the layer 2 times (a shared layer)");
  CHECK(refusal(functional({input_layer(), dense("a", k2_call("nowhere"))}, "a")) ==
        "layer 'a': field 'inbound_nodes' names an unknown layer 'nowhere'");
  CHECK(refusal(functional({input_layer(), dense("a", k2_call("in"))}, "in")) ==
        "field 'output_layers' names 'in' but the chain ends at 'a'");
  CHECK(refusal(functional({input_layer(), dense("a", 7)}, "a")) == "layer 'a': field 'inbound_nodes' must be a list");
  CHECK(refusal(json{{"class_name", "Functional"}, {"config", {{"layers", 3}}}}) ==
        "a functional model's config must hold a list of layers");
}

TEST_CASE("A Reshape that does not fit its input is refused naming both sizes") {
  CHECK(refusal(sequential({nullptr, 10}, {{{"class_name", "Reshape"}, {"config", {{"target_shape", {3, 3, 1}}}}}})) ==
        "layer 1: Reshape: target_shape (3, 3, 1) holds 9 values but the input (None, 10) holds 10");
  CHECK(refusal(sequential({nullptr, 10}, {{{"class_name", "Reshape"}, {"config", {{"target_shape", {-1, 3}}}}}})) ==
        "layer 1: Reshape: target_shape (-1, 3) cannot hold the input (None, 10), 10 values");
  CHECK(refusal(sequential({nullptr, 8}, {{{"class_name", "Reshape"}, {"config", {{"target_shape", {-1, -1}}}}}})) ==
        "layer 1 (Reshape): field 'target_shape': Reshape's target_shape may have one -1, not more");
  CHECK(
      refusal(sequential({nullptr, 8}, {{{"class_name", "Reshape"}, {"config", {{"target_shape", {1, 2, 2, 2}}}}}})) ==
      "layer 1 (Reshape): field 'target_shape' must be a list of 1 to 3 sizes, (n), (h, w) or (h, w, c)");
  CHECK(refusal(sequential({nullptr, 8},
                           {{{"class_name", "Reshape"}, {"config", {{"target_shape", {9223372036854775807LL}}}}}})) ==
        "layer 1 (Reshape): field 'target_shape' must hold sizes from 1 to 4194304 or one -1");
}

TEST_CASE("A huge or malformed batch_shape is refused before anything is allocated") {
  CHECK(refusal(sequential({nullptr, 4096, 4096, 4096}, json::array())).find("batch_input_shape: the input shape") ==
        0);
  CHECK(refusal(sequential({nullptr, 18446744073709551615ULL, 2}, json::array())) ==
        "batch_shape has a size that is not a positive whole number");
  CHECK(refusal(sequential({nullptr, -3}, json::array())) ==
        "batch_shape has a size that is not a positive whole number");
  CHECK(refusal(sequential({nullptr, 2, 2, 2, 2}, json::array())) ==
        "batch_shape must be [null, n], [null, h, w] or [null, h, w, c]");
  CHECK(refusal(sequential({"x", 2}, json::array())) == "batch_shape must start with the batch size, null or a number");
}

TEST_CASE("A layer option nn/ does not run is refused naming the layer and the field") {
  auto one = [](const char* cls, json config) {
    return refusal(sequential({nullptr, 6, 6, 2}, {{{"class_name", cls}, {"config", std::move(config)}}}));
  };
  CHECK(one("GlobalAveragePooling2D", {{"data_format", "channels_first"}}) ==
        "layer 1 (GlobalAveragePooling2D): only data_format 'channels_last' is supported");
  CHECK(one("ReLU", {{"max_value", 6.0}}) ==
        "layer 1 (ReLU): field 'max_value' is not supported (only the plain max(0, x))");
  CHECK(one("LeakyReLU", {{"negative_slope", -1.0}}) ==
        "layer 1 (LeakyReLU): field 'negative_slope' must be a number ≥ 0");
  CHECK(one("Softmax", {{"axis", 1}}) == "layer 1 (Softmax): field 'axis' must be -1 (the last axis)");
  CHECK(one("Rescaling", {{"scale", {0.5, 0.5}}}) ==
        "layer 1 (Rescaling): field 'scale' must be one number (per-channel lists are not supported)");
  CHECK(one("Conv2D", {{"filters", 2}, {"kernel_size", 3}, {"groups", 2}}) ==
        "layer 1 (Conv2D): dilation and groups are not supported");
  json graph = sequential({nullptr, 4}, json::array());
  graph["class_name"] = "Graph";
  CHECK(refusal(graph) ==
        "the model must be a Keras Sequential model, or a functional Model whose layers form a chain (got class "
        "'Graph')");
  json sparse = sequential({nullptr, 4}, {{{"class_name", "Dense"}, {"config", {{"units", 2}}}}});
  sparse["config"]["layers"][0]["config"]["sparse"] = true;
  CHECK(refusal(sparse) == "layer 0 (InputLayer): sparse and ragged inputs are not supported");
}

TEST_CASE("Weights that weight_names points to wrongly are refused naming the layer and the weight") {
  const std::string dir = std::string(DESCENT_TEST_DATA) + "/keras/";
  try {
    nn::load_model(dir + "hostile_missing_weight.h5");
    FAIL("accepted");
  } catch (const std::runtime_error& e) {
    CHECK_THAT(e.what(), Catch::EndsWith(": layer 'dense': weight_names names sequential/dense/bias, which is not in "
                                         "the file"));
  }
  // The weights-only fixture's Dense is 6 → 5; a model with 4 units does not fit.
  auto m = nn::model_from_json(
      sequential({nullptr, 6}, {{{"class_name", "Dense"}, {"config", {{"name", "dense_1"}, {"units", 4}}}}}).dump());
  try {
    nn::load_weights(dir + "keras2_weights_only.h5", *m);
    FAIL("accepted");
  } catch (const std::runtime_error& e) {
    CHECK_THAT(e.what(),
               Catch::EndsWith(
                   ": layer 'dense_1', weight 'kernel' does not fit the model: expected shape (6, 4), found (6, 5)"));
  }
}
