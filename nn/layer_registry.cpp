#include "nn/layer_registry.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <type_traits>

#include "nn/activation_layers.hpp"
#include "nn/batch_norm.hpp"
#include "nn/conv2d.hpp"
#include "nn/dense.hpp"
#include "nn/global_pooling.hpp"
#include "nn/keras_config.hpp"
#include "nn/pooling.hpp"
#include "nn/rescaling.hpp"
#include "nn/reshape.hpp"
#include "nn/simple_layers.hpp"

namespace nn {

using json = nlohmann::json;

template <class T>
const std::vector<LayerRow<T>>& layer_registry() {
  static const std::vector<LayerRow<T>> rows = {
      {"Dense", &Dense<T>::from_config},
      {"Conv2D", &Conv2D<T>::from_config},
      {"MaxPooling2D", &Pool2D<T>::from_config},
      {"AveragePooling2D", &Pool2D<T>::from_config},
      {"Flatten", &Flatten<T>::from_config},
      {"Dropout", &Dropout<T>::from_config},
      {"BatchNormalization", &BatchNormalization<T>::from_config},
      {"Activation", &Activation<T>::from_config},
      {"ReLU", &ReLU<T>::from_config},
      {"LeakyReLU", &LeakyReLU<T>::from_config},
      {"Softmax", &Softmax<T>::from_config},
      {"Reshape", &Reshape<T>::from_config},
      {"Rescaling", &Rescaling<T>::from_config},
      {"GlobalAveragePooling2D", &GlobalAveragePooling2D<T>::from_config},
  };
  return rows;
}

template <class T>
std::unique_ptr<Layer<T>> layer_from_json(const json& j, const std::string& where) {
  if (!j.is_object() || !j.contains("class_name") || !j["class_name"].is_string())
    throw std::invalid_argument(where + ": missing class_name");
  const std::string cls = j["class_name"].get<std::string>();
  // Quoted in the refusals below, which are one line (found by fuzzing).
  if (std::any_of(cls.begin(), cls.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
    throw std::invalid_argument(where + ": class_name has a control character");
  static const json empty = json::object();
  const json& config = j.contains("config") && j["config"].is_object() ? j["config"] : empty;
  const auto& rows = layer_registry<T>();
  for (const LayerRow<T>& row : rows) {
    if (cls != row.class_name) continue;
    std::unique_ptr<Layer<T>> layer = row.from_config(KerasConfig(config, cls, where + " (" + cls + ")"));
    if (config.contains("name") && config["name"].is_string()) layer->set_name(config["name"].get<std::string>());
    return layer;
  }
  std::string known;
  for (const LayerRow<T>& row : rows) known += (known.empty() ? "" : ", ") + std::string(row.class_name);
  throw std::invalid_argument(where + ": unsupported class '" + cls + "' (supported: " + known + ")");
}

template <class T>
json layer_to_json(const Layer<T>& layer) {
  json config = layer.get_config();
  config["name"] = layer.name();
  config["trainable"] = true;
  config["dtype"] = std::is_same_v<T, double> ? "float64" : "float32";
  return {{"class_name", layer.class_name()}, {"config", config}};
}

template const std::vector<LayerRow<float>>& layer_registry();
template const std::vector<LayerRow<double>>& layer_registry();
template std::unique_ptr<Layer<float>> layer_from_json(const json&, const std::string&);
template std::unique_ptr<Layer<double>> layer_from_json(const json&, const std::string&);
template json layer_to_json(const Layer<float>&);
template json layer_to_json(const Layer<double>&);

}  // namespace nn
