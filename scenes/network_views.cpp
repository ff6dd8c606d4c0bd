#include "scenes/network_views.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace scenes {
namespace {

double lerp(double lo, double hi, double t) {
  return (1 - t) * lo + t * hi;  // exactly lo and hi at the ends
}

void check_theta(const MlpProblem& problem, const Vec& theta) {
  if (theta.size() != problem.parameter_count())
    throw std::invalid_argument("θ has " + std::to_string(theta.size()) + " entries, the network " +
                                std::to_string(problem.parameter_count()));
}

// The network's outputs at raw points (n, data.inputs): probabilities or the regression value.
const double* outputs_at(MlpProblem& problem, const Vec& theta, const std::vector<double>& points, long n,
                         nn::AlignedBuffer<double>& x) {
  problem.network_inputs(points, n, x);
  return problem.model().predict(theta.data(), x.data(), n);
}

// The largest entry's index of each of n rows of k, and that entry.
void argmax_rows(const double* out, long n, int k, std::vector<int>& label, std::vector<double>* confidence) {
  label.resize(static_cast<std::size_t>(n));
  if (confidence) confidence->resize(static_cast<std::size_t>(n));
  for (long r = 0; r < n; ++r) {
    const double* row = out + r * k;
    if (k == 1) {  // one sigmoid output for two classes: p = P(class 1)
      label[static_cast<std::size_t>(r)] = row[0] > 0.5;
      if (confidence) (*confidence)[static_cast<std::size_t>(r)] = std::max(row[0], 1 - row[0]);
      continue;
    }
    const auto best = std::max_element(row, row + k) - row;
    label[static_cast<std::size_t>(r)] = static_cast<int>(best);
    if (confidence) (*confidence)[static_cast<std::size_t>(r)] = row[best];
  }
}

}  // namespace

InputWindow input_window(const NetworkDataset& data, double margin) {
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
  auto take = [&](const std::vector<double>& pts, const std::vector<double>& labels) {
    const std::size_t d = static_cast<std::size_t>(data.inputs);
    for (std::size_t i = 0; i < labels.size(); ++i) {
      x0 = std::min(x0, pts[i * d]), x1 = std::max(x1, pts[i * d]);
      const double y = d == 2 ? pts[i * d + 1] : labels[i];
      y0 = std::min(y0, y), y1 = std::max(y1, y);
    }
  };
  take(data.train_x, data.train_y);
  take(data.test_x, data.test_y);
  if (!std::isfinite(x0)) return {};
  auto widen = [&](double& lo, double& hi) {
    if (!(hi > lo)) lo -= 0.5, hi += 0.5;
    const double m = margin * (hi - lo);
    lo -= m, hi += m;
  };
  widen(x0, x1);
  widen(y0, y1);
  return {.x_min = x0, .x_max = x1, .y_min = y0, .y_max = y1};
}

double InputGrid::x(int i) const {
  return lerp(window.x_min, window.x_max, nx < 2 ? 0.0 : static_cast<double>(i) / (nx - 1));
}
double InputGrid::y(int j) const {
  return lerp(window.y_max, window.y_min, ny < 2 ? 0.0 : static_cast<double>(j) / (ny - 1));
}

std::vector<double> InputGrid::points(int inputs) const {
  std::vector<double> p;
  p.reserve(static_cast<std::size_t>(cells() * inputs));
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      p.push_back(x(i));
      if (inputs == 2) p.push_back(y(j));
    }
  return p;
}

// ---- decision regions, the fitted curve, mistakes

DecisionRegions decision_regions(MlpProblem& problem, const Vec& theta, const InputGrid& grid) {
  if (problem.data().regression()) throw std::invalid_argument("a regression set has no decision regions");
  check_theta(problem, theta);
  DecisionRegions out;
  out.grid = grid;
  out.classes = problem.data().classes;
  nn::AlignedBuffer<double> x;
  const double* probs = outputs_at(problem, theta, grid.points(problem.data().inputs), grid.cells(), x);
  argmax_rows(probs, grid.cells(), problem.outputs(), out.label, &out.confidence);
  return out;
}

FittedCurve fitted_curve(MlpProblem& problem, const Vec& theta, double x_min, double x_max, int samples) {
  if (!problem.data().regression() || problem.data().inputs != 1)
    throw std::invalid_argument("a fitted curve needs the 1-D regression set");
  check_theta(problem, theta);
  InputGrid grid{
      .window = {.x_min = x_min, .x_max = x_max, .y_min = 0, .y_max = 0}, .nx = std::max(samples, 2), .ny = 1};
  FittedCurve out;
  out.x = grid.points(1);
  nn::AlignedBuffer<double> x;
  const double* y = outputs_at(problem, theta, out.x, grid.cells(), x);
  out.y.assign(y, y + grid.cells());
  return out;
}

Mistakes misclassified(MlpProblem& problem, const Vec& theta) {
  check_theta(problem, theta);
  Mistakes out;
  const NetworkDataset& d = problem.data();
  if (d.regression()) return out;
  nn::AlignedBuffer<double> x;
  std::vector<int> label;
  auto wrong = [&](const std::vector<double>& pts, const std::vector<double>& labels, std::vector<long>& into) {
    const long n = static_cast<long>(labels.size());
    if (n == 0) return;
    argmax_rows(outputs_at(problem, theta, pts, n, x), n, problem.outputs(), label, nullptr);
    for (long i = 0; i < n; ++i)
      if (label[static_cast<std::size_t>(i)] != static_cast<int>(labels[static_cast<std::size_t>(i)]))
        into.push_back(i);
  };
  wrong(d.train_x, d.train_y, out.train);
  wrong(d.test_x, d.test_y, out.test);
  return out;
}

// ---- neuron maps

NeuronMaps neuron_maps(MlpProblem& problem, const Vec& theta, const InputGrid& grid) {
  check_theta(problem, theta);
  NeuronMaps out;
  out.grid = grid;
  const long cells = grid.cells();
  nn::AlignedBuffer<double> x;
  const double* last = outputs_at(problem, theta, grid.points(problem.data().inputs), cells, x);
  auto& model = problem.model();
  const std::size_t layers = model.size();
  auto add_layer = [&](const double* rows, int width) {
    out.widths.push_back(width);
    auto& maps =
        out.values.emplace_back(static_cast<std::size_t>(width), std::vector<double>(static_cast<std::size_t>(cells)));
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (long c = 0; c < cells; ++c)
      for (int u = 0; u < width; ++u) {
        const double v = rows[c * width + u];
        maps[static_cast<std::size_t>(u)][static_cast<std::size_t>(c)] = v;
        lo = std::min(lo, v), hi = std::max(hi, v);
      }
    out.lo.push_back(lo);
    out.hi.push_back(hi);
  };
  add_layer(x.data(), problem.inputs());
  for (std::size_t l = 0; l + 1 < layers; ++l)
    add_layer(model.layer_output(l), static_cast<int>(model.layer(l).output_shape().size()));
  add_layer(last, problem.outputs());  // probabilities even where softmax is fused into the loss
  return out;
}

// ---- the graph

std::vector<std::string> input_names(const MlpProblem& problem) {
  std::vector<std::string> names = {"x₁"};
  if (problem.data().inputs == 2) names.push_back("x₂");
  for (Feature f : problem.spec().features) switch (f) {
      case Feature::X1Squared:
        names.push_back("x₁²");
        break;
      case Feature::X2Squared:
        names.push_back("x₂²");
        break;
      case Feature::X1X2:
        names.push_back("x₁x₂");
        break;
      case Feature::SinX1:
        names.push_back("sin x₁");
        break;
      case Feature::SinX2:
        names.push_back("sin x₂");
        break;
    }
  return names;
}

NetworkGraph network_graph(MlpProblem& problem, const Vec& theta) {
  check_theta(problem, theta);
  NetworkGraph g;
  g.inputs = input_names(problem);
  g.widths.push_back(problem.inputs());
  auto& model = problem.model();
  for (std::size_t l = 0; l < model.size(); ++l) {
    // Dense: kernel (F, C) output-major — unit `to` owns C contiguous weights — then bias (F).
    const long offset = model.offset(l);
    const long c = g.widths.back(), f = model.layer(l).output_shape().size();
    const int layer = static_cast<int>(l);
    if (model.layer(l).param_count() != f * c + f) throw std::logic_error("a network layer is not Dense with a bias");
    for (long to = 0; to < f; ++to) {
      for (long from = 0; from < c; ++from) {
        const long index = offset + to * c + from;
        g.edges.push_back({.layer = layer,
                           .from = static_cast<int>(from),
                           .to = static_cast<int>(to),
                           .value = theta[index],
                           .index = index});
        g.max_abs_weight = std::max(g.max_abs_weight, std::abs(theta[index]));
      }
      const long bias = offset + f * c + to;
      g.biases.push_back({.layer = layer + 1, .unit = static_cast<int>(to), .value = theta[bias], .index = bias});
    }
    g.widths.push_back(static_cast<int>(f));
  }
  return g;
}

}  // namespace scenes
