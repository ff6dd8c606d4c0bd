// The two-weight networks the lab draws as surfaces: each is a fixed data set
// and an MlpSpec whose network has exactly two weights, presented by
// NetworkSurface, so their loss, gradient and outputs come from nn's passes
// like every other network's.
#include <cmath>

#include "scenes/builtin_surfaces.hpp"
#include "scenes/minima.hpp"
#include "scenes/network_data.hpp"
#include "scenes/network_surface.hpp"

namespace scenes {

namespace {

// One sigmoid neuron, ŷ = σ(w·x + b) (logistic regression), on twelve labelled
// points of a line. The classes overlap, so the loss has a finite minimum.
// The inputs are not centred (x ∈ [−1, 5]), which couples w and b: the valley
// is long and narrow (condition number ≈ 32 at the minimum).
//   L(w, b) = (1/n)·Σᵢ [softplus(zᵢ) − yᵢ·zᵢ],  zᵢ = w·xᵢ + b
// the mean binary cross-entropy of σ(zᵢ) against yᵢ, exact from the logit.
std::unique_ptr<NetworkSurface> neuron_network() {
  NetworkDataset data{.name = "neuron", .inputs = 1, .classes = 2};
  data.train_x = {-1.0, -0.2, 0.5, 1.0, 1.4, 1.8, 2.3, 2.7, 3.1, 3.6, 4.3, 5.0};
  data.train_y = {0, 0, 0, 1, 0, 0, 1, 0, 1, 1, 1, 1};
  // No hidden layer: θ = (kernel w, bias b).
  return std::make_unique<NetworkSurface>(
      SurfaceInfo{
          .name = "neuron",
          .title = "Neuron (logistic regression)",
          .formula = "mean BCE(σ(w·xᵢ + b), yᵢ) over 12 points   (x = w, y = b)",
          .minima = {},
          .start = {-1.5, 2},
          .view = {.x_min = -2.5, .x_max = 4, .y_min = -7, .y_max = 3},
      },
      data, MlpSpec{.hidden = {}, .binary_output = true});
}

// A two-weight network ŷ = v·tanh(w·x) fitted by mean squared error to
// yᵢ = tanh(1.5·xᵢ) at nine points xᵢ = −2, −1.5, …, 2. It fits exactly at
// (w, v) = (1.5, 1) and, by symmetry, at (−1.5, −1). At zero weights the
// gradient vanishes and the Hessian is [[0, c], [c, 0]]: a saddle, which is
// why networks are not initialized at zero.
std::unique_ptr<NetworkSurface> tiny_network() {
  NetworkDataset data{.name = "tiny_net", .inputs = 1, .classes = 0};
  for (int i = 0; i < 9; ++i) {
    const double x = -2.0 + 0.5 * i;
    data.train_x.push_back(x);
    data.train_y.push_back(std::tanh(1.5 * x));
  }
  // One tanh unit and a linear output, no biases: θ = (w, v).
  return std::make_unique<NetworkSurface>(
      SurfaceInfo{
          .name = "tiny_net",
          .title = "Two-weight network",
          .formula = "mean (v·tanh(w·xᵢ) − tanh(1.5·xᵢ))² over 9 points   (x = w, y = v)",
          .minima = {{.x = 1.5, .y = 1, .f = 0, .global = true}, {.x = -1.5, .y = -1, .f = 0, .global = true}},
          .start = {0.1, -0.05},
          .view = {.x_min = -3, .x_max = 3, .y_min = -2, .y_max = 2},
      },
      data, MlpSpec{.hidden = {1}, .activation = nn::Act::Tanh, .bias = false});
}

NetworkData inset(std::string title, std::shared_ptr<const NetworkSurface> network, double y_min, double y_max) {
  return {std::move(title), network->data().train_x, network->data().train_y, network, y_min, y_max};
}

}  // namespace

const NetworkData* network_data(std::string_view surface_name) {
  static const NetworkData neuron = inset("σ(w·x + b) at each θ; dots: the 12 labels", neuron_network(), -0.1, 1.1);
  static const NetworkData tiny = inset("v·tanh(w·x) at each θ; dots: the 9 targets", tiny_network(), -2, 2);
  if (surface_name == "neuron") return &neuron;
  if (surface_name == "tiny_net") return &tiny;
  return nullptr;
}

std::unique_ptr<Surface> make_neuron() {
  auto s = neuron_network();
  s->set_minima(find_minima(*s, {Eigen::Vector2d(1, -2)}));
  return s;
}

std::unique_ptr<Surface> make_tiny_net() {
  return tiny_network();
}

}  // namespace scenes
