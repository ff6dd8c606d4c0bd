// nn/architecture.cpp — a Sequential model as Keras' model_config JSON, and
// back: Keras 2.1's to 3.x's Sequential spellings, and functional models
// whose layers form a chain. Each layer writes and reads its own config
// (nn/layer_registry.hpp).
#include <climits>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "nn/atomic_file.hpp"
#include "nn/keras_graph.hpp"
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

[[noreturn]] void refuse(const std::string& message) {
  throw std::invalid_argument(message);
}

// One size of an input shape: a whole number from 1 to a long's limit,
// compared as the type JSON holds before any conversion that could wrap
// (check_input_shape then holds the shape to nn/limits.hpp).
long input_size(const json& v, const char* field) {
  if (v.is_number_unsigned()
          ? v.get<std::uint64_t>() >= 1 && v.get<std::uint64_t>() <= static_cast<std::uint64_t>(LONG_MAX)
          : v.is_number_integer() && v.get<std::int64_t>() >= 1)
    return static_cast<long>(v.get<std::int64_t>());
  refuse(std::string(field) + " has a size that is not a positive whole number");
}

// Keras' batch shape, the batch first (null or a number): [null, n] is a
// vector, [null, h, w] a one-channel image (the layout of (h, w, 1) is the
// same), [null, h, w, c] an image.
Shape input_shape_of(const json& s, const char* field) {
  if (!s.is_array() || s.size() < 2 || s.size() > 4)
    refuse(std::string(field) + " must be [null, n], [null, h, w] or [null, h, w, c]");
  if (!s[0].is_null() && !s[0].is_number_integer())
    refuse(std::string(field) + " must start with the batch size, null or a number");
  if (s.size() == 2) return Shape::vector(input_size(s[1], field));
  return Shape::image(input_size(s[1], field), input_size(s[2], field), s.size() == 4 ? input_size(s[3], field) : 1);
}

// The layer list of a model_config: Sequential's (Keras 2.1 writes the list
// as the config itself; later versions {"name", "layers": […]}), or a
// functional model's chain (nn/keras_graph.hpp).
std::vector<const json*> model_layers(const json& j) {
  const std::string cls =
      j.contains("class_name") && j["class_name"].is_string() ? j["class_name"].get<std::string>() : "";
  if (!j.contains("config")) refuse("the model_config has no config");
  const json& config = j["config"];
  if (cls == "Model" || cls == "Functional") return functional_chain(config);
  if (cls != "Sequential")
    refuse("the model must be a Keras Sequential model, or a functional Model whose layers form a chain (got class '" +
           cls + "')");
  const json& layers = config.is_object() && config.contains("layers") ? config["layers"] : config;
  if (!layers.is_array()) refuse("the model's layers must be a list");
  std::vector<const json*> out;
  for (const auto& l : layers) out.push_back(&l);
  return out;
}

std::unique_ptr<Sequential<float>> build_from_json(const std::string& text, std::uint64_t seed) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw std::invalid_argument(std::string("not valid JSON: ") + e.what());
  }
  if (!j.is_object()) refuse("the architecture must be a Keras model_config ({\"class_name\": \"Sequential\", …})");
  const std::vector<const json*> layers = model_layers(j);
  if (layers.empty()) refuse("the model has no layers");
  // The input shape: an InputLayer's, the first layer's batch_input_shape
  // (Keras 2) or batch_shape (Keras 3), or Keras 3 Sequential's build_input_shape.
  static const json empty = json::object();
  const json& l0 = *layers[0];
  const json& c0 = l0.is_object() && l0.contains("config") && l0["config"].is_object() ? l0["config"] : empty;
  const json& config = j["config"];
  const bool input_layer = l0.is_object() && l0.value("class_name", "") == "InputLayer";
  Shape input;
  if (c0.contains("batch_input_shape"))
    input = input_shape_of(c0["batch_input_shape"], "batch_input_shape");
  else if (c0.contains("batch_shape"))
    input = input_shape_of(c0["batch_shape"], "batch_shape");
  else if (!input_layer && config.is_object() && config.contains("build_input_shape"))
    input = input_shape_of(config["build_input_shape"], "build_input_shape");
  else
    refuse("the first layer must give batch_input_shape (an InputLayer)");
  if (input_layer && (c0.value("sparse", false) == true || c0.value("ragged", false) == true))
    refuse("layer 0 (InputLayer): sparse and ragged inputs are not supported");
  const std::size_t first = input_layer ? 1 : 0;
  // Counted before any layer is built.
  if (static_cast<long>(layers.size() - first) > limits::kMaxLayers)
    refuse("the model has " + std::to_string(layers.size() - first) + " layers, more than the limit, " +
           std::to_string(limits::kMaxLayers));
  try {
    check_input_shape(input);
  } catch (const std::invalid_argument& e) {
    refuse(std::string("batch_input_shape: ") + e.what());
  }
  const json& given_name = config.is_object() && config.contains("name") ? config["name"] : json();
  const std::string name = given_name.is_string() ? given_name.get<std::string>() : "sequential";
  auto model = std::make_unique<Sequential<float>>(input, name);
  for (std::size_t i = first; i < layers.size(); ++i) {
    try {
      model->add(layer_from_json<float>(*layers[i], "layer " + std::to_string(i)));
    } catch (const std::invalid_argument& e) {
      const std::string msg = e.what();
      refuse(msg.rfind("layer ", 0) == 0 ? msg : "layer " + std::to_string(i) + ": " + msg);
    }
  }
  model->initialize(seed);
  return model;
}

// A refusal is one line, yet it may quote any string of the file: a class, a
// layer's name, an activation, a padding. Control characters in it are shown
// escaped ("\n", "\x08"), whichever check quoted them (fuzzing found two
// such checks, one at a time).
std::string escape_control_characters(const std::string& message) {
  std::string out;
  for (const char c : message) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      static const char kHex[] = "0123456789abcdef";
      out += {'\\', 'x', kHex[u >> 4], kHex[u & 0xf]};
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::unique_ptr<Sequential<float>> model_from_json(const std::string& text, std::uint64_t seed) {
  try {
    return build_from_json(text, seed);
  } catch (const json::exception& e) {  // a field of an unexpected type, met outside a layer's config
    throw std::invalid_argument(escape_control_characters(std::string("bad model_config: ") + e.what()));
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(escape_control_characters(e.what()));
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
