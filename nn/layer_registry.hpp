// nn/layer_registry.hpp — the layer classes a Keras model_config may name.
//
// One row per Keras class name, as Keras' own registry of serializable
// layers: the name and the class's static from_config, which reads and
// validates the config (nn/keras_config.hpp). Adding a layer is one new
// file, the class with its get_config and from_config, plus one row in
// layer_registry.cpp.
#pragma once

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "nn/layer.hpp"

namespace nn {

template <class T>
struct LayerRow {
  const char* class_name;  // Keras' class name: "Conv2D"
  std::unique_ptr<Layer<T>> (*from_config)(const KerasConfig& config);
};

template <class T>
const std::vector<LayerRow<T>>& layer_registry();

// The layer that {"class_name": …, "config": {…}} describes, named by the
// config's "name" when it gives one. Throws std::invalid_argument starting
// with `where` ("layer 3") for an unknown class, naming the known ones, or a
// bad field.
template <class T>
std::unique_ptr<Layer<T>> layer_from_json(const nlohmann::json& layer, const std::string& where);

// {"class_name": …, "config": {name, trainable, dtype, and get_config()'s fields}}.
template <class T>
nlohmann::json layer_to_json(const Layer<T>& layer);

}  // namespace nn
