// What the lab draws of a network at θ, against a forward pass written out
// here by hand from nn's documented layout (Dense kernels (F, C) output-major,
// then the bias): decision regions, mistakes, each neuron's map, the fitted
// curve, and the graph's edges, whose θ indices are checked by perturbing them.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "scenes/network_views.hpp"

using scenes::MlpProblem;
using scenes::Vec;

namespace {

// tanh hidden layers, extra inputs x₁x₂ and sin x₂, three blobs.
MlpProblem blobs_problem() {
  scenes::DatasetSpec d;
  d.name = "blobs";
  d.classes = 3;
  d.points = 60;
  d.seed = 4;
  scenes::MlpSpec s;
  s.hidden = {4, 3};
  s.activation = nn::Act::Tanh;
  s.features = {scenes::Feature::X1X2, scenes::Feature::SinX2};
  s.init_seed = 8;
  return MlpProblem(scenes::make_dataset(d), s);
}

Vec jittered(const MlpProblem& p, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-0.4, 0.4);
  Vec theta = p.initial_weights();
  for (long i = 0; i < theta.size(); ++i) theta[i] += u(rng);
  return theta;
}

// Every layer's values at one raw point: inputs, tanh hidden layers, softmax
// (classes) or linear (regression) output.
std::vector<std::vector<double>> hand_forward(const MlpProblem& p, const Vec& theta, double x1, double x2) {
  std::vector<double> a = {x1};
  if (p.data().inputs == 2) a.push_back(x2);
  for (auto f : p.spec().features) {
    if (f == scenes::Feature::X1X2) a.push_back(x1 * x2);
    if (f == scenes::Feature::SinX2) a.push_back(std::sin(x2));
    if (f == scenes::Feature::X1Squared) a.push_back(x1 * x1);
  }
  std::vector<std::vector<double>> layers = {a};
  std::vector<int> widths = p.spec().hidden;
  widths.push_back(p.outputs());
  long offset = 0;
  for (std::size_t l = 0; l < widths.size(); ++l) {
    const auto& in = layers.back();
    const long c = static_cast<long>(in.size()), f = widths[l];
    std::vector<double> z(static_cast<std::size_t>(f));
    for (long to = 0; to < f; ++to) {
      double s = theta[offset + f * c + to];
      for (long from = 0; from < c; ++from) s += theta[offset + to * c + from] * in[static_cast<std::size_t>(from)];
      z[static_cast<std::size_t>(to)] = s;
    }
    offset += f * c + f;
    const bool last = l + 1 == widths.size();
    if (!last) {
      for (double& v : z) v = std::tanh(v);
    } else if (!p.data().regression()) {
      const double m = *std::max_element(z.begin(), z.end());
      double sum = 0;
      for (double& v : z) sum += v = std::exp(v - m);
      for (double& v : z) v /= sum;
    }
    layers.push_back(z);
  }
  return layers;
}

int argmax(const std::vector<double>& v) {
  return static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin());
}

// A grid whose top-left cell (0, 0) is exactly the point (x1, x2).
scenes::InputGrid grid_from(double x1, double x2, int nx = 3, int ny = 3) {
  return {.window = {.x_min = x1, .x_max = x1 + 1, .y_min = x2 - 1, .y_max = x2}, .nx = nx, .ny = ny};
}

}  // namespace

TEST_CASE("the decision grid's class at a data point is the network's prediction there", "[views][network]") {
  MlpProblem p = blobs_problem();
  const Vec theta = jittered(p, 1);
  const auto& d = p.data();
  int classes_seen[3] = {0, 0, 0};
  for (long i = 0; i < d.train_size(); i += 3) {
    const double x1 = d.train_x[static_cast<std::size_t>(2 * i)], x2 = d.train_x[static_cast<std::size_t>(2 * i + 1)];
    const auto regions = scenes::decision_regions(p, theta, grid_from(x1, x2));
    const auto hand = hand_forward(p, theta, x1, x2).back();
    CHECK(regions.label[0] == argmax(hand));
    CHECK(regions.confidence[0] == Approx(hand[static_cast<std::size_t>(argmax(hand))]).epsilon(1e-12));
    ++classes_seen[regions.label[0]];
  }
  CHECK(classes_seen[0] + classes_seen[1] + classes_seen[2] > 0);
  // A regression set has a curve, not regions.
  scenes::DatasetSpec sine;
  sine.name = "sine";
  MlpProblem q(scenes::make_dataset(sine), {});
  CHECK_THROWS_WITH(scenes::decision_regions(q, q.initial_weights(), {}), Catch::Contains("regression"));
}

TEST_CASE("the mistakes are exactly the points whose predicted class is not their label", "[views][network]") {
  MlpProblem p = blobs_problem();
  for (std::uint64_t seed : {1ULL, 2ULL, 3ULL}) {
    const Vec theta = jittered(p, seed);
    const auto mistakes = scenes::misclassified(p, theta);
    const auto& d = p.data();
    std::vector<long> train, test;
    auto wrong = [&](const std::vector<double>& x, const std::vector<double>& y, std::vector<long>& into) {
      for (std::size_t i = 0; i < y.size(); ++i)
        if (argmax(hand_forward(p, theta, x[2 * i], x[2 * i + 1]).back()) != static_cast<int>(y[i]))
          into.push_back(static_cast<long>(i));
    };
    wrong(d.train_x, d.train_y, train);
    wrong(d.test_x, d.test_y, test);
    CHECK(mistakes.train == train);
    CHECK(mistakes.test == test);
    // The share agrees with the problem's own accuracy.
    CHECK(1.0 - static_cast<double>(train.size()) / static_cast<double>(d.train_size()) ==
          Approx(p.train_accuracy(theta)));
  }
}

TEST_CASE("with one binary output, class 1 is where σ(z) > 0.5, in the regions and the mistakes", "[views][network]") {
  scenes::DatasetSpec d;
  d.name = "moons";
  d.points = 60;
  d.seed = 4;
  MlpProblem p(scenes::make_dataset(d), {.hidden = {3}, .activation = nn::Act::Tanh, .binary_output = true});
  const Vec theta = jittered(p, 2);
  const auto& data = p.data();
  // σ(z) of each training point, by the problem's own forward pass.
  const double* out = p.model().predict(theta.data(), p.training_inputs().data(), data.train_size());
  const std::vector<double> prob(out, out + data.train_size());
  std::vector<long> wrong;
  int seen[2] = {0, 0};
  for (long i = 0; i < data.train_size(); ++i) {
    const double q = prob[static_cast<std::size_t>(i)];
    const int predicted = q > 0.5 ? 1 : 0;
    if (predicted != static_cast<int>(data.train_y[static_cast<std::size_t>(i)])) wrong.push_back(i);
    const auto regions = scenes::decision_regions(
        p, theta,
        grid_from(data.train_x[static_cast<std::size_t>(2 * i)], data.train_x[static_cast<std::size_t>(2 * i + 1)]));
    CHECK(regions.classes == 2);
    CHECK(regions.label[0] == predicted);
    CHECK(regions.confidence[0] == Approx(std::max(q, 1 - q)).epsilon(1e-12));
    ++seen[predicted];
  }
  CHECK(seen[0] > 0);
  CHECK(seen[1] > 0);
  CHECK(scenes::misclassified(p, theta).train == wrong);
  CHECK(1.0 - static_cast<double>(wrong.size()) / static_cast<double>(data.train_size()) ==
        Approx(p.train_accuracy(theta)));
}

TEST_CASE("each neuron's map equals a hand forward pass at every cell", "[views][network]") {
  MlpProblem p = blobs_problem();
  const Vec theta = jittered(p, 5);
  const scenes::InputGrid grid{.window = {.x_min = -2, .x_max = 2.5, .y_min = -1.5, .y_max = 2}, .nx = 7, .ny = 5};
  const auto maps = scenes::neuron_maps(p, theta, grid);
  REQUIRE(maps.widths == std::vector<int>{4, 4, 3, 3});
  for (int j = 0; j < grid.ny; ++j)
    for (int i = 0; i < grid.nx; ++i) {
      const auto hand = hand_forward(p, theta, grid.x(i), grid.y(j));
      for (int l = 0; l < 4; ++l)
        for (int u = 0; u < maps.widths[static_cast<std::size_t>(l)]; ++u)
          CHECK(maps.at(l, u, i, j) ==
                Approx(hand[static_cast<std::size_t>(l)][static_cast<std::size_t>(u)]).margin(1e-13));
    }
  CHECK(maps.at(0, 3, 2, 1) == std::sin(grid.y(1)));  // sin x₂ as training computes it
  CHECK(maps.lo[1] >= -1);
  CHECK(maps.hi[1] <= 1);
  CHECK(maps.hi[1] > maps.lo[1]);
}

TEST_CASE("an edge's θ index is its weight: perturbing it moves only its target neuron", "[views][network]") {
  MlpProblem p = blobs_problem();
  const Vec theta = jittered(p, 7);
  const auto graph = scenes::network_graph(p, theta);
  REQUIRE(graph.widths == std::vector<int>{4, 4, 3, 3});
  CHECK(graph.edges.size() == 4u * 4 + 4 * 3 + 3 * 3);
  CHECK(graph.biases.size() == 4u + 3 + 3);
  CHECK(graph.inputs == std::vector<std::string>{"x₁", "x₂", "x₁x₂", "sin x₂"});
  const scenes::InputGrid grid{.window = {.x_min = -1.5, .x_max = 1, .y_min = -1, .y_max = 1.5}, .nx = 4, .ny = 3};
  const auto before = scenes::neuron_maps(p, theta, grid);
  const double h = 1e-6;
  for (std::size_t e = 0; e < graph.edges.size(); e += 5) {
    const auto& edge = graph.edges[e];
    INFO("edge " << e << ": layer " << edge.layer << ", " << edge.from << " → " << edge.to);
    CHECK(edge.value == theta[edge.index]);
    Vec moved = theta;
    moved[edge.index] += h;
    const auto after = scenes::neuron_maps(p, moved, grid);
    const int target = edge.layer + 1;
    for (int u = 0; u < before.widths[static_cast<std::size_t>(target)]; ++u) {
      const double change = after.at(target, u, 1, 1) - before.at(target, u, 1, 1);
      if (u != edge.to && target < 3) CHECK(change == 0);  // softmax couples the outputs: skip them there
      if (u == edge.to && target < 3) {
        // d tanh(z)/dw = (1 − a²)·a_from
        const double a = before.at(target, u, 1, 1), a_from = before.at(edge.layer, edge.from, 1, 1);
        CHECK(change / h == Approx((1 - a * a) * a_from).epsilon(1e-4).margin(1e-9));
      }
      if (u == edge.to && target == 3) CHECK(change != 0);
    }
  }
  // A bias moves its own unit by σ'(z).
  const auto& b = graph.biases[1];
  Vec moved = theta;
  moved[b.index] += h;
  const auto after = scenes::neuron_maps(p, moved, grid);
  const double a = before.at(b.layer, b.unit, 0, 0);
  CHECK((after.at(b.layer, b.unit, 0, 0) - a) / h == Approx(1 - a * a).epsilon(1e-4));
}

TEST_CASE("the fitted curve of the regression set is the network's output along x", "[views][network]") {
  scenes::DatasetSpec d;
  d.name = "sine";
  d.points = 30;
  scenes::MlpSpec s;
  s.hidden = {5};
  MlpProblem p(scenes::make_dataset(d), s);
  const Vec theta = jittered(p, 9);
  const auto window = scenes::input_window(p.data());
  CHECK(window.x_min < -3.1);
  const auto curve = scenes::fitted_curve(p, theta, window.x_min, window.x_max, 50);
  REQUIRE(curve.x.size() == 50);
  CHECK(curve.x.front() == window.x_min);
  CHECK(curve.x.back() == window.x_max);
  for (std::size_t i = 0; i < 50; i += 7)
    CHECK(curve.y[i] == Approx(hand_forward(p, theta, curve.x[i], 0).back()[0]).margin(1e-13));
  const auto maps = scenes::neuron_maps(p, theta, {.window = window, .nx = 20, .ny = 1});
  CHECK(maps.widths == std::vector<int>{1, 5, 1});
  CHECK(scenes::misclassified(p, theta).train.empty());
}
