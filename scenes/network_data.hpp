// scenes/network_data.hpp — what the small-network surfaces are fitted to.
//
// The `neuron` and `tiny_net` surfaces are the loss of a two-weight network
// over a fixed data set. Their data and the network itself let the lab show
// what the network computes at any point θ = (x, y) of the surface.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scenes/network_surface.hpp"

namespace scenes {

struct NetworkData {
  std::string title;      // "σ(w·x + b) at each θ; dots: the 12 labels"
  std::vector<double> x;  // inputs
  std::vector<double> y;  // labels (0/1) or targets
  // The network: network->outputs(p, q, inputs) at weights θ = (p, q), the surface's coordinates.
  std::shared_ptr<const NetworkSurface> network;
  double y_min = 0, y_max = 1;  // a range that holds the data and the outputs worth seeing
};

// The data behind a small-network surface; nullptr for every other surface.
const NetworkData* network_data(std::string_view surface_name);

}  // namespace scenes
