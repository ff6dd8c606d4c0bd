// nn/keras_graph.hpp — a Keras functional model's layers in the order data
// flows through them, when its graph is a single chain.
//
// A functional model (class "Model" in Keras 2.2, "Functional" later) lists
// its layers with the tensors each one is called on, its inbound_nodes:
//   Keras 2   "inbound_nodes": [[["conv2d", 0, 0, {}]]]
//             (one list per call, one [layer, node, tensor, kwargs] per input)
//   Keras 3   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__",
//             "config": {"keras_history": ["conv2d", 0, 0], …}}], "kwargs": {}}]
// and names its ends in input_layers and output_layers ([["input_1", 0, 0]],
// or Keras 3's flat ["input_layer", 0, 0] for one input). nn/ runs a chain
// only: one input layer, each other layer called once on the output of the
// one before it, nothing read twice, the last layer the model's output.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

namespace nn {

// The layer objects of `config` ({"layers": […], "input_layers": …,
// "output_layers": …}) from the input layer to the output. Throws
// std::invalid_argument naming the layer and the field for anything but a
// chain: a branch, a merge, a layer called twice, a cycle, an unknown name.
std::vector<const nlohmann::json*> functional_chain(const nlohmann::json& config);

}  // namespace nn
