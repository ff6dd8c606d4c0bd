// scenes/network_views.hpp — what a small network computes at one θ, as plain
// arrays the lab draws: its decision regions (or fitted curve), the points it
// gets wrong, each neuron's activation over the input plane, and every weight
// as an edge of the network graph.
//
// Everything runs the problem's own network (MlpProblem::model()) on raw input
// points expanded with the problem's extra features (x₁², sin x₂, …) exactly
// as training expands them, so what is drawn is what is trained. The problem
// is not thread-safe: call these from the thread that owns it.
//
// Grids over the input plane have nx × ny samples, x_i = lerp(x_min, x_max,
// i/(nx − 1)) and row 0 at y_max (the top of a picture), as the plane's grid.
// On the 1-D regression set the "plane" is the x axis: ny = 1 and y is unused.
#pragma once

#include <string>
#include <vector>

#include "scenes/loss_plane.hpp"
#include "scenes/mlp_problem.hpp"

namespace scenes {

struct InputWindow {
  double x_min = -1, x_max = 1, y_min = -1, y_max = 1;
};

// The rectangle that holds every training and test point, widened by `margin`
// of its size on each side. For the 1-D set, y spans the targets (the curve's axis).
InputWindow input_window(const NetworkDataset& data, double margin = 0.1);

struct InputGrid {
  InputWindow window;
  int nx = 2, ny = 2;
  double x(int i) const;
  double y(int j) const;
  long cells() const { return static_cast<long>(nx) * ny; }
  // The raw points (x₁, x₂) of every cell, row-major from the top row; x₁ only when `inputs` is 1.
  std::vector<double> points(int inputs) const;
};

// ---- decision regions, the fitted curve, mistakes

struct DecisionRegions {
  InputGrid grid;
  std::vector<int> label;          // the predicted class of each cell
  std::vector<double> confidence;  // its probability
  int classes = 0;
};
// Throws std::invalid_argument on the regression set (use fitted_curve).
DecisionRegions decision_regions(MlpProblem& problem, const Vec& theta, const InputGrid& grid);

struct FittedCurve {
  std::vector<double> x, y;  // y = network(x) at evenly spaced x
};
// Throws std::invalid_argument unless the set is the 1-D regression one.
FittedCurve fitted_curve(MlpProblem& problem, const Vec& theta, double x_min, double x_max, int samples);

// Indices (into the data set's train and test points) whose predicted class is
// not their label. Empty for regression.
struct Mistakes {
  std::vector<long> train, test;
};
Mistakes misclassified(MlpProblem& problem, const Vec& theta);

// ---- neuron maps

// Every neuron's value over the input grid, layer by layer: layer 0 the
// network's inputs (x₁, x₂, then the extra features), then each Dense
// layer's outputs after its activation (the last one's: class probabilities,
// or the regression output).
struct NeuronMaps {
  InputGrid grid;
  std::vector<int> widths;                       // units per layer, inputs first
  std::vector<std::vector<std::vector<double>>>  // [layer][unit][cell]
      values;
  // The lowest and highest value over all cells, per layer (for one colour scale per layer).
  std::vector<double> lo, hi;
  double at(int layer, int unit, int i, int j) const {
    return values[static_cast<std::size_t>(layer)][static_cast<std::size_t>(unit)]
                 [static_cast<std::size_t>(j) * static_cast<std::size_t>(grid.nx) + static_cast<std::size_t>(i)];
  }
};
NeuronMaps neuron_maps(MlpProblem& problem, const Vec& theta, const InputGrid& grid);

// ---- the graph

// The inputs' names as the graph labels them: "x₁", "x₂", "x₁²", "sin x₂", …
std::vector<std::string> input_names(const MlpProblem& problem);

// One weight: from unit `from` of layer `layer` (0 = the inputs) to unit `to`
// of layer `layer` + 1, and where it sits in θ.
struct Edge {
  int layer = 0, from = 0, to = 0;
  double value = 0;
  long index = 0;
};
// One bias: of unit `unit` of layer `layer` (≥ 1), and where it sits in θ.
struct BiasWeight {
  int layer = 0, unit = 0;
  double value = 0;
  long index = 0;
};
struct NetworkGraph {
  std::vector<int> widths;  // units per layer, inputs first
  std::vector<std::string> inputs;
  std::vector<Edge> edges;  // layer by layer, then by `to`, then by `from`
  std::vector<BiasWeight> biases;
  double max_abs_weight = 0;  // over the edges: the scale of their widths
};
NetworkGraph network_graph(MlpProblem& problem, const Vec& theta);

}  // namespace scenes
