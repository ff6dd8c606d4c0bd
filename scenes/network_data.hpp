// scenes/network_data.hpp — what the small-network surfaces are fitted to.
//
// The `neuron` and `tiny_net` surfaces are the loss of a two-weight network
// over a fixed data set. Their data and the network's output let the lab show
// what the network computes at any point θ = (x, y) of the surface.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace scenes {

struct NetworkData {
  std::string title;      // "σ(w·x + b) and the 12 labelled points"
  std::vector<double> x;  // inputs
  std::vector<double> y;  // labels (0/1) or targets
  // The network's output at input x with weights θ = (p, q), the surface's coordinates.
  double (*predict)(double p, double q, double x) = nullptr;
  double y_min = 0, y_max = 1;  // a range that holds the data and the outputs worth seeing
};

// The data behind a small-network surface; nullptr for every other surface.
const NetworkData* network_data(std::string_view surface_name);

}  // namespace scenes
