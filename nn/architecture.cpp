// nn/architecture.cpp — a Sequential model as Keras' model_config JSON, and
// back. Each layer writes and reads its own config (nn/layer_registry.hpp).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "nn/atomic_file.hpp"
#include "nn/layer_registry.hpp"
#include "nn/limits.hpp"
#include "nn/model_io.hpp"

namespace nn {

using json = nlohmann::json;

std::string architecture_json(const Sequential<float>& model) {
  const Shape& in = model.input_shape();
  json shape = in.rank == 3 ? json{nullptr, in.h, in.w, in.c} : json{nullptr, in.c};
  json layers = json::array();
  layers.push_back({{"class_name", "InputLayer"},
                    {"config",
                     {{"batch_input_shape", shape},
                      {"dtype", "float32"},
                      {"sparse", false},
                      {"ragged", false},
                      {"name", "input_1"}}}});
  for (std::size_t i = 0; i < model.size(); ++i) layers.push_back(layer_to_json(model.layer(i)));
  json j = {{"class_name", "Sequential"}, {"config", {{"name", model.name()}, {"layers", layers}}}};
  return j.dump();
}

namespace {

std::unique_ptr<Sequential<float>> build_from_json(const std::string& text, std::uint64_t seed) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw std::invalid_argument(std::string("not valid JSON: ") + e.what());
  }
  if (!j.is_object() || j.value("class_name", "") != "Sequential" || !j.contains("config"))
    throw std::invalid_argument(
        "the architecture must be a Keras Sequential model ({\"class_name\": \"Sequential\", …})");
  const json& config = j["config"];
  const json& layers = config.is_object() && config.contains("layers") ? config["layers"] : config;
  if (!layers.is_array() || layers.empty()) throw std::invalid_argument("the model has no layers");
  // The input shape: an InputLayer, or batch_input_shape on the first layer.
  auto shape_of = [](const json& s) -> Shape {
    if (!s.is_array() || (s.size() != 2 && s.size() != 4))
      throw std::invalid_argument("batch_input_shape must be [null, n] or [null, h, w, c]");
    for (std::size_t i = 1; i < s.size(); ++i)
      if (!s[i].is_number_integer() || s[i].get<long>() < 1)
        throw std::invalid_argument("batch_input_shape has a bad size");
    return s.size() == 2 ? Shape::vector(s[1].get<long>())
                         : Shape::image(s[1].get<long>(), s[2].get<long>(), s[3].get<long>());
  };
  std::size_t first = 0;
  Shape input;
  const json& l0 = layers[0];
  const json& c0 = l0.contains("config") ? l0["config"] : json::object();
  if (c0.contains("batch_input_shape"))
    input = shape_of(c0["batch_input_shape"]);
  else if (c0.contains("batch_shape"))
    input = shape_of(c0["batch_shape"]);
  else
    throw std::invalid_argument("the first layer must give batch_input_shape (an InputLayer)");
  if (l0.value("class_name", "") == "InputLayer") first = 1;
  // Counted before any layer is built.
  if (static_cast<long>(layers.size() - first) > limits::kMaxLayers)
    throw std::invalid_argument("the model has " + std::to_string(layers.size() - first) +
                                " layers, more than the limit, " + std::to_string(limits::kMaxLayers));
  try {
    check_input_shape(input);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("batch_input_shape: ") + e.what());
  }
  const json& given_name = config.is_object() && config.contains("name") ? config["name"] : json();
  const std::string name = given_name.is_string() ? given_name.get<std::string>() : "sequential";
  auto model = std::make_unique<Sequential<float>>(input, name);
  for (std::size_t i = first; i < layers.size(); ++i) {
    try {
      model->add(layer_from_json<float>(layers[i], "layer " + std::to_string(i)));
    } catch (const std::invalid_argument& e) {
      const std::string msg = e.what();
      throw std::invalid_argument(msg.rfind("layer ", 0) == 0 ? msg : "layer " + std::to_string(i) + ": " + msg);
    }
  }
  model->initialize(seed);
  return model;
}

}  // namespace

std::unique_ptr<Sequential<float>> model_from_json(const std::string& text, std::uint64_t seed) {
  try {
    return build_from_json(text, seed);
  } catch (const json::exception& e) {  // a field of an unexpected type, met outside a layer's config
    throw std::invalid_argument(std::string("bad model_config: ") + e.what());
  }
}

void save_architecture(const std::string& path, const Sequential<float>& model) {
  json j = json::parse(architecture_json(model));
  j["keras_version"] = "2.11.0";
  j["backend"] = "tensorflow";
  write_file_atomic(path, j.dump(2) + "\n");
}

std::unique_ptr<Sequential<float>> load_architecture(const std::string& path, std::uint64_t seed) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    return model_from_json(ss.str(), seed);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(path + ": " + e.what());
  }
}

}  // namespace nn
