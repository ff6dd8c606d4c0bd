#include "nn/keras_graph.hpp"

#include <map>
#include <stdexcept>
#include <string>

#include "nn/limits.hpp"

namespace nn {

using json = nlohmann::json;

namespace {

[[noreturn]] void refuse(const std::string& message) {
  throw std::invalid_argument(message);
}

std::string layer_name(const json& layer, std::size_t i) {
  if (layer.contains("name") && layer["name"].is_string()) return layer["name"].get<std::string>();
  if (layer.contains("config") && layer["config"].is_object() && layer["config"].contains("name") &&
      layer["config"]["name"].is_string())
    return layer["config"]["name"].get<std::string>();
  refuse("layer " + std::to_string(i + 1) + " of the functional model has no name");
}

// The layer a tensor comes from: Keras 2's ["conv2d", 0, 0, {}] or Keras 3's
// {"class_name": "__keras_tensor__", "config": {"keras_history": ["conv2d", 0, 0]}}.
// Anything else in a call's arguments is not a tensor (a constant).
bool tensor_source(const json& t, std::string& source) {
  const json* history = &t;
  if (t.is_object()) {
    if (t.value("class_name", "") != "__keras_tensor__" || !t.contains("config") || !t["config"].is_object() ||
        !t["config"].contains("keras_history"))
      return false;
    history = &t["config"]["keras_history"];
  }
  if (!history->is_array() || history->empty() || !(*history)[0].is_string()) return false;
  source = (*history)[0].get<std::string>();
  return true;
}

// The layers whose outputs `layer` is called on.
std::vector<std::string> inputs_of(const json& layer, const std::string& name) {
  if (!layer.contains("inbound_nodes") || layer["inbound_nodes"].is_null()) return {};
  const json& nodes = layer["inbound_nodes"];
  auto bad = [&](const std::string& why) -> std::vector<std::string> {
    refuse("layer '" + name + "': field 'inbound_nodes' " + why);
  };
  if (!nodes.is_array()) return bad("must be a list");
  if (nodes.empty()) return {};
  if (nodes.size() > 1) return bad("calls the layer " + std::to_string(nodes.size()) + " times (a shared layer)");
  const json& node = nodes[0];
  std::vector<std::string> sources;
  std::string s;
  if (node.is_array()) {  // Keras 2: one entry per input tensor
    for (const auto& t : node) {
      if (!tensor_source(t, s)) return bad("holds an entry that is not [layer, node, tensor, kwargs]");
      sources.push_back(s);
    }
  } else if (node.is_object()) {  // Keras 3: the call's arguments; a list argument is several tensors
    const json& args = node.contains("args") ? node["args"] : json::array();
    if (!args.is_array()) return bad("has args that are not a list");
    for (const auto& a : args) {
      if (a.is_array() && !tensor_source(a, s)) {
        for (const auto& t : a)
          if (tensor_source(t, s)) sources.push_back(s);
      } else if (tensor_source(a, s)) {
        sources.push_back(s);
      }
    }
  } else {
    return bad("holds a call that is neither a list nor an object");
  }
  if (sources.size() != 1)
    return bad("gives the layer " + std::to_string(sources.size()) +
               " inputs; only a single chain of layers is supported");
  return sources;
}

// The one layer named by input_layers or output_layers: [["x", 0, 0]] or ["x", 0, 0].
std::string end_layer(const json& config, const char* key) {
  if (!config.contains(key)) return "";
  const json& v = config[key];
  std::string s;
  if (tensor_source(v, s)) return s;
  if (v.is_array() && v.size() == 1 && tensor_source(v[0], s)) return s;
  refuse(std::string("field '") + key + "' must name one layer; only a single chain of layers is supported");
}

}  // namespace

std::vector<const json*> functional_chain(const json& config) {
  if (!config.is_object() || !config.contains("layers") || !config["layers"].is_array())
    refuse("a functional model's config must hold a list of layers");
  const json& layers = config["layers"];
  // Counted before anything is built for them (an input layer, then the limit).
  if (static_cast<long>(layers.size()) > limits::kMaxLayers + 1)
    refuse("the model has " + std::to_string(layers.size()) + " layers, more than the limit, " +
           std::to_string(limits::kMaxLayers));
  std::map<std::string, std::size_t> index;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (!layers[i].is_object()) refuse("layer " + std::to_string(i + 1) + " of the functional model is not an object");
    names.push_back(layer_name(layers[i], i));
    if (!index.emplace(names.back(), i).second) refuse("two layers are named '" + names.back() + "'");
  }
  // Each layer's one consumer, and the one layer that consumes nothing: the input.
  std::vector<long> next(layers.size(), -1);
  long input = -1;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const auto sources = inputs_of(layers[i], names[i]);
    if (sources.empty()) {
      if (input >= 0)
        refuse("layers '" + names[static_cast<std::size_t>(input)] + "' and '" + names[i] +
               "' are both inputs; only a single chain of layers is supported");
      input = static_cast<long>(i);
      continue;
    }
    const auto from = index.find(sources[0]);
    if (from == index.end())
      refuse("layer '" + names[i] + "': field 'inbound_nodes' names an unknown layer '" + sources[0] + "'");
    long& slot = next[from->second];
    if (slot >= 0)
      refuse("layer '" + sources[0] + "' feeds both '" + names[static_cast<std::size_t>(slot)] + "' and '" + names[i] +
             "' (a branch); only a single chain of layers is supported");
    slot = static_cast<long>(i);
  }
  if (input < 0) refuse("the functional model has no input layer (every layer has inbound_nodes: a cycle)");
  std::vector<const json*> chain;
  for (long i = input; i >= 0 && chain.size() < layers.size(); i = next[static_cast<std::size_t>(i)])
    chain.push_back(&layers[static_cast<std::size_t>(i)]);
  // A layer left over sits on a cycle apart from the chain.
  if (chain.size() != layers.size())
    for (std::size_t i = 0; i < layers.size(); ++i) {
      bool on_chain = false;
      for (const json* l : chain) on_chain = on_chain || l == &layers[i];
      if (!on_chain)
        refuse("layer '" + names[i] + "' is not on the chain from the input (field 'inbound_nodes': a cycle)");
    }
  const std::string first = end_layer(config, "input_layers"), last = end_layer(config, "output_layers");
  const std::string& chain_first = names[static_cast<std::size_t>(input)];
  const std::string& chain_last = names[index.at(layer_name(*chain.back(), 0))];
  if (!first.empty() && first != chain_first)
    refuse("field 'input_layers' names '" + first + "' but the chain starts at '" + chain_first + "'");
  if (!last.empty() && last != chain_last)
    refuse("field 'output_layers' names '" + last + "' but the chain ends at '" + chain_last + "'");
  return chain;
}

}  // namespace nn
