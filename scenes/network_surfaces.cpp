// Small networks with two weights, so that their loss over a fixed data set is
// a surface the lab can draw and race on. Each data set is listed here; the
// loss is an exact function of the two weights, differentiated by jets like
// every other surface.
#include <cmath>

#include "scenes/analytic_surface.hpp"
#include "scenes/builtin_surfaces.hpp"
#include "scenes/minima.hpp"
#include "scenes/network_data.hpp"

namespace scenes {

namespace {

// One sigmoid neuron, ŷ = σ(w·x + b) (logistic regression), on twelve labelled
// points of a line. The classes overlap, so the loss has a finite minimum.
// The inputs are not centred (x ∈ [−1, 5]), which couples w and b: the valley
// is long and narrow (condition number ≈ 32 at the minimum).
constexpr double kNeuronX[] = {-1.0, -0.2, 0.5, 1.0, 1.4, 1.8, 2.3, 2.7, 3.1, 3.6, 4.3, 5.0};
constexpr int kNeuronY[] = {0, 0, 0, 1, 0, 0, 1, 0, 1, 1, 1, 1};

// L(w, b) = (1/n)·Σᵢ [log(1 + e^zᵢ) − yᵢ·zᵢ],  zᵢ = w·xᵢ + b: the mean binary
// cross-entropy of σ(zᵢ) against yᵢ.
struct Neuron {
  template <class S>
  static S f(const S& w, const S& b) {
    S sum(0.0);
    for (int i = 0; i < 12; ++i) {
      const S z = w * kNeuronX[i] + b;
      sum = sum + softplus(z) - kNeuronY[i] * z;
    }
    return sum / 12.0;
  }
};

// A two-weight network ŷ = v·tanh(w·x) fitted by mean squared error to
// yᵢ = tanh(1.5·xᵢ) at nine points xᵢ = −2, −1.5, …, 2. It fits exactly at
// (w, v) = (1.5, 1) and, by symmetry, at (−1.5, −1). At zero weights the
// gradient vanishes and the Hessian is [[0, c], [c, 0]]: a saddle, which is
// why networks are not initialized at zero.
struct TinyNet {
  template <class S>
  static S f(const S& w, const S& v) {
    using std::tanh;
    S sum(0.0);
    for (int i = 0; i < 9; ++i) {
      const double x = -2.0 + 0.5 * i;
      sum = sum + sq(v * tanh(w * x) - std::tanh(1.5 * x));
    }
    return sum / 9.0;
  }
};

double neuron_output(double w, double b, double x) {
  return 1 / (1 + std::exp(-(w * x + b)));
}

double tiny_net_output(double w, double v, double x) {
  return v * std::tanh(w * x);
}

NetworkData neuron_data() {
  NetworkData d{"σ(w·x + b) at each θ; dots: the 12 labels", {}, {}, neuron_output, -0.1, 1.1};
  for (int i = 0; i < 12; ++i) d.x.push_back(kNeuronX[i]), d.y.push_back(kNeuronY[i]);
  return d;
}

NetworkData tiny_net_data() {
  NetworkData d{"v·tanh(w·x) at each θ; dots: the 9 targets", {}, {}, tiny_net_output, -2, 2};
  for (int i = 0; i < 9; ++i) d.x.push_back(-2.0 + 0.5 * i), d.y.push_back(std::tanh(1.5 * (-2.0 + 0.5 * i)));
  return d;
}

}  // namespace

const NetworkData* network_data(std::string_view surface_name) {
  static const NetworkData neuron = neuron_data(), tiny = tiny_net_data();
  if (surface_name == "neuron") return &neuron;
  if (surface_name == "tiny_net") return &tiny;
  return nullptr;
}

std::unique_ptr<Surface> make_neuron() {
  auto s = std::make_unique<AnalyticSurface<Neuron>>(SurfaceInfo{
      .name = "neuron",
      .title = "Neuron (logistic regression)",
      .formula = "mean BCE(σ(w·xᵢ + b), yᵢ) over 12 points   (x = w, y = b)",
      .minima = {},
      .start = {-1.5, 2},
      .view = {.x_min = -2.5, .x_max = 4, .y_min = -7, .y_max = 3},
  });
  s->set_minima(find_minima(*s, {Eigen::Vector2d(1, -2)}));
  return s;
}

std::unique_ptr<Surface> make_tiny_net() {
  return std::make_unique<AnalyticSurface<TinyNet>>(SurfaceInfo{
      .name = "tiny_net",
      .title = "Two-weight network",
      .formula = "mean (v·tanh(w·xᵢ) − tanh(1.5·xᵢ))² over 9 points   (x = w, y = v)",
      .minima = {{.x = 1.5, .y = 1, .f = 0, .global = true}, {.x = -1.5, .y = -1, .f = 0, .global = true}},
      .start = {0.1, -0.05},
      .view = {.x_min = -3, .x_max = 3, .y_min = -2, .y_max = 2},
  });
}

}  // namespace scenes
