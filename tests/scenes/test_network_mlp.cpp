// The MLP problem: finite-difference gradients of every path in double
// precision (each activation, softmax cross-entropy, binary cross-entropy
// from one logit and MSE, extra features, L2, no biases, mini-batches), the
// seeded batches, the initial weights and the measures.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <set>
#include <sstream>

#include "optim/registry.hpp"
#include "scenes/mlp_problem.hpp"

using scenes::DatasetSpec;
using scenes::Feature;
using scenes::MlpProblem;
using scenes::MlpSpec;

namespace {

// The worst |exact − fd| / (1e-4 + |exact| + |fd|) over every parameter (relative,
// and absolute below 1e-4, where rounding in f, ~1e-12 here, dominates), central
// differences Richardson-extrapolated once (h = 1e-4·(1 + |θ_i|)).
double worst_gradient_error(MlpProblem& p, const optim::Vec<double>& theta, std::string& where) {
  optim::Vec<double> g(theta.size()), scratch(theta.size());
  p.value_and_gradient(theta, g);
  double worst = 0;
  for (long i = 0; i < theta.size(); ++i) {
    auto f = [&](double h) {
      optim::Vec<double> t = theta;
      t[i] += h;
      return p.value_and_gradient(t, scratch);
    };
    const double h = 1e-4 * (1 + std::abs(theta[i]));
    auto d = [&](double s) { return (f(s) - f(-s)) / (2 * s); };
    const double fd = (4 * d(h / 2) - d(h)) / 3;
    const double err = std::abs(g[i] - fd) / (1e-4 + std::abs(g[i]) + std::abs(fd));
    if (err > worst) {
      worst = err;
      std::ostringstream s;
      s << "parameter " << i << ": exact " << g[i] << ", finite difference " << fd;
      where = s.str();
    }
  }
  return worst;
}

// θ near the initial weights, biases nonzero too, so every term is exercised.
optim::Vec<double> jittered(const MlpProblem& p, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-0.3, 0.3);
  optim::Vec<double> theta = p.initial_weights();
  for (long i = 0; i < theta.size(); ++i) theta[i] += u(rng);
  return theta;
}

}  // namespace

TEST_CASE("the gradient matches finite differences on every path", "[network][mlp]") {
  struct Case {
    const char* data;
    MlpSpec spec;
  };
  const std::vector<Case> cases = {
      {"moons", {.hidden = {5, 4}, .activation = nn::Act::Tanh}},
      {"moons", {.hidden = {6}, .activation = nn::Act::Relu}},
      {"circles", {.hidden = {5, 3}, .activation = nn::Act::LeakyRelu}},
      {"spirals3", {.hidden = {4, 4, 3}, .activation = nn::Act::Sigmoid}},
      {"xor", {.hidden = {3, 3}, .activation = nn::Act::Linear}},
      {"blobs", {.hidden = {4}, .activation = nn::Act::Tanh, .l2 = 0.05}},
      {"moons",
       {.hidden = {4},
        .activation = nn::Act::Tanh,
        .features = {Feature::X1Squared, Feature::X2Squared, Feature::X1X2, Feature::SinX1, Feature::SinX2}}},
      {"sine", {.hidden = {6, 6}, .activation = nn::Act::Tanh}},
      {"sine",
       {.hidden = {5}, .activation = nn::Act::Sigmoid, .features = {Feature::X1Squared, Feature::SinX1}, .l2 = 0.01}},
      {"scaled", {.hidden = {4}, .activation = nn::Act::Tanh, .batch_size = 7}},
      {"moons", {.hidden = {}, .activation = nn::Act::Tanh, .l2 = 0.1, .batch_size = 16}},
      {"moons", {.hidden = {5, 3}, .activation = nn::Act::Tanh, .bias = false}},
      {"sine", {.hidden = {4}, .activation = nn::Act::Tanh, .l2 = 0.02, .bias = false}},
      {"circles", {.hidden = {5}, .activation = nn::Act::Tanh, .l2 = 0.05, .binary_output = true}},
      {"xor", {.hidden = {}, .activation = nn::Act::Tanh, .binary_output = true, .batch_size = 7}},
      {"moons", {.hidden = {3}, .activation = nn::Act::Sigmoid, .bias = false, .binary_output = true}},
  };
  int i = 0;
  for (const Case& c : cases) {
    INFO("case " << i++ << ": " << c.data);
    const auto data = scenes::make_dataset({.name = c.data, .points = 40, .seed = 3});
    MlpProblem p(data, c.spec);
    p.set_step(3);
    std::string where;
    const double worst = worst_gradient_error(p, jittered(p, 17), where);
    INFO(where);
    CHECK(worst < 1e-6);
  }
}

TEST_CASE("the L2 term is λ·Σ‖W‖² over the kernels, no bias", "[network][mlp]") {
  const auto data = scenes::make_dataset({.name = "moons", .points = 40, .seed = 3});
  MlpProblem plain(data, {.hidden = {4, 3}});
  MlpProblem decayed(data, {.hidden = {4, 3}, .l2 = 0.25});
  const optim::Vec<double> theta = jittered(plain, 4);
  double kernels = 0;
  auto& model = plain.model();
  for (std::size_t i = 0; i < model.size(); ++i) {
    const long f = model.layer(i).output_shape().size(), c = model.layer(i).input_shape().size();
    kernels += theta.segment(model.offset(i), f * c).squaredNorm();  // the kernel comes first, then the bias
  }
  CHECK(decayed.training_loss(theta) == Approx(plain.training_loss(theta) + 0.25 * kernels).epsilon(1e-12));
}

TEST_CASE("full batch: every step is the whole training set, and f is the training loss", "[network][mlp]") {
  const auto data = scenes::make_dataset({.name = "circles", .points = 50, .seed = 8});
  MlpProblem p(data, {.hidden = {5}});
  const optim::Vec<double> theta = jittered(p, 2);
  optim::Vec<double> g(theta.size());
  p.set_step(7);
  CHECK(p.value_and_gradient(theta, g) == Approx(p.training_loss(theta)).epsilon(1e-14));
  CHECK(p.batch_indices(7).size() == static_cast<std::size_t>(data.train_size()));
}

TEST_CASE("mini-batches: each epoch is a seeded permutation, step k's batch is a pure function of k",
          "[network][mlp]") {
  const auto data = scenes::make_dataset({.name = "moons", .points = 45, .test_fraction = 0.2, .seed = 8});
  const long n = data.train_size();  // 36
  MlpProblem p(data, {.hidden = {3}, .batch_size = 8, .batch_seed = 21});
  const long m = p.batch_count_per_epoch();
  CHECK(m == 5);  // ⌈36/8⌉
  std::vector<long> epoch0, epoch1;
  for (long k = 1; k <= m; ++k) {
    const auto b = p.batch_indices(k);
    CHECK(b.size() == static_cast<std::size_t>(k < m ? 8 : n - 8 * (m - 1)));
    epoch0.insert(epoch0.end(), b.begin(), b.end());
    const auto c = p.batch_indices(k + m);
    epoch1.insert(epoch1.end(), c.begin(), c.end());
  }
  CHECK(std::set<long>(epoch0.begin(), epoch0.end()).size() == static_cast<std::size_t>(n));
  CHECK(std::set<long>(epoch1.begin(), epoch1.end()).size() == static_cast<std::size_t>(n));
  CHECK(epoch0 != epoch1);

  // Another problem with the same seed gives the same batches; another seed does not.
  MlpProblem same(data, {.hidden = {3}, .batch_size = 8, .batch_seed = 21});
  MlpProblem other(data, {.hidden = {3}, .batch_size = 8, .batch_seed = 22});
  CHECK(same.batch_indices(12) == p.batch_indices(12));
  CHECK(other.batch_indices(1) != p.batch_indices(1));

  // f at step k is the loss over exactly those points, whatever steps came before.
  const optim::Vec<double> theta = jittered(p, 6);
  optim::Vec<double> g(theta.size());
  p.set_step(9);
  const double f9 = p.value_and_gradient(theta, g);
  p.set_step(2);
  p.set_step(9);
  CHECK(p.value_and_gradient(theta, g) == f9);
  scenes::NetworkDataset only = data;
  only.train_x.clear();
  only.train_y.clear();
  for (long i : p.batch_indices(9)) {
    only.train_x.push_back(data.train_x[static_cast<std::size_t>(2 * i)]);
    only.train_x.push_back(data.train_x[static_cast<std::size_t>(2 * i + 1)]);
    only.train_y.push_back(data.train_y[static_cast<std::size_t>(i)]);
  }
  MlpProblem batch_alone(only, {.hidden = {3}});
  CHECK(batch_alone.training_loss(theta) == Approx(f9).epsilon(1e-13));
}

TEST_CASE("initial weights: Glorot uniform kernels in float32, zero biases, from the seed", "[network][mlp]") {
  const auto data = scenes::make_dataset({.name = "spirals3", .points = 30, .seed = 1});
  MlpProblem p(data, {.hidden = {8, 5}, .init_seed = 4});
  CHECK(p.parameter_count() == (2 * 8 + 8) + (8 * 5 + 5) + (5 * 3 + 3));
  const auto& theta = p.initial_weights();
  auto& model = p.model();
  for (std::size_t i = 0; i < model.size(); ++i) {
    const long f = model.layer(i).output_shape().size(), c = model.layer(i).input_shape().size();
    const double limit = std::sqrt(6.0 / static_cast<double>(f + c));
    const auto kernel = theta.segment(model.offset(i), f * c);
    CHECK(kernel.cwiseAbs().maxCoeff() <= limit);
    CHECK(kernel.cwiseAbs().maxCoeff() > 0.5 * limit);
    CHECK(theta.segment(model.offset(i) + f * c, f).isZero(0));
  }
  CHECK(theta == theta.cast<float>().cast<double>());
  CHECK(MlpProblem(data, {.hidden = {8, 5}, .init_seed = 4}).initial_weights() == theta);
  CHECK(MlpProblem(data, {.hidden = {8, 5}, .init_seed = 5}).initial_weights() != theta);
}

TEST_CASE("training moves accuracy up; per-layer gradient norms add up to ‖g‖", "[network][mlp]") {
  const auto data = scenes::make_dataset({.name = "blobs", .points = 120, .noise = 0.2, .seed = 2});
  MlpProblem p(data, {.hidden = {6}});
  optim::Vec<double> theta = p.initial_weights();
  auto opt = optim::make_optimizer<double>("adam");
  opt->set("lr", 0.05);
  for (long k = 1; k <= 150; ++k) {
    p.set_step(k);
    opt->step(p, theta);
  }
  CHECK(p.train_accuracy(theta) > 0.95);
  CHECK(p.test_accuracy(theta) > 0.9);
  CHECK(p.training_loss(theta) < p.training_loss(p.initial_weights()));
  const auto m = p.measure(theta);  // one pass per set gives the same four numbers
  CHECK(m.train_loss == p.training_loss(theta));
  CHECK(m.test_loss == p.test_loss(theta));
  CHECK(m.train_accuracy == p.train_accuracy(theta));
  CHECK(m.test_accuracy == p.test_accuracy(theta));
  optim::Vec<double> g(theta.size());
  p.value_and_gradient(p.initial_weights(), g);
  const auto norms = p.layer_gradient_norms(g);
  REQUIRE(norms.size() == 2);
  CHECK(std::hypot(norms[0], norms[1]) == Approx(g.norm()));

  const auto sine = scenes::make_dataset({.name = "sine", .points = 40, .seed = 2});
  MlpProblem r(sine, {.hidden = {4}});
  CHECK(std::isnan(r.train_accuracy(r.initial_weights())));
  CHECK(std::isfinite(r.test_loss(r.initial_weights())));
}

TEST_CASE("without biases θ is the kernels alone; a binary output is σ(z) with exact binary cross-entropy",
          "[network][mlp]") {
  const auto data = scenes::make_dataset({.name = "moons", .points = 40, .seed = 3});
  CHECK(MlpProblem(data, {.hidden = {4, 3}, .bias = false}).parameter_count() == 2 * 4 + 4 * 3 + 3 * 2);
  MlpProblem p(data, {.hidden = {4}, .binary_output = true});
  REQUIRE(p.outputs() == 1);
  CHECK(p.parameter_count() == (2 * 4 + 4) + (4 + 1));
  // Weights large enough that some σ(z) round to 0 or 1: the loss stays exact where a clipped one would not.
  optim::Vec<double> theta = jittered(p, 8) * 40.0;
  const double* out = p.model().predict(theta.data(), p.training_inputs().data(), data.train_size());
  const std::vector<double> probs(out, out + data.train_size());
  p.model().eval_batch(theta.data(), p.training_inputs().data(), data.train_y.data(), data.train_size());
  const std::vector<double> logits(p.model().outputs(), p.model().outputs() + data.train_size());
  double bce = 0, right = 0;
  bool saturated = false;
  for (long i = 0; i < data.train_size(); ++i) {
    const double z = logits[static_cast<std::size_t>(i)], y = data.train_y[static_cast<std::size_t>(i)];
    CHECK(probs[static_cast<std::size_t>(i)] == Approx(1 / (1 + std::exp(-z))).epsilon(1e-15));
    saturated |= std::abs(z) > 37;  // σ(z) is 0 or 1 to double precision
    bce += (std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z))) - y * z) / static_cast<double>(data.train_size());
    right += (z > 0) == (y == 1);
  }
  CHECK(saturated);
  CHECK(p.training_loss(theta) == Approx(bce).epsilon(1e-13));
  CHECK(p.train_accuracy(theta) == right / static_cast<double>(data.train_size()));
  CHECK(p.measure(theta).train_accuracy == p.train_accuracy(theta));
}

TEST_CASE("an MLP that is not offered is refused with its reason", "[network][mlp]") {
  const auto data = scenes::make_dataset({.name = "sine", .points = 40, .seed = 2});
  CHECK_THROWS_WITH(MlpProblem(data, {.hidden = {4, 4, 4, 4, 4, 4, 4}}), Catch::Contains("at most 6 hidden"));
  CHECK_THROWS_WITH(MlpProblem(data, {.hidden = {33}}), Catch::Contains("1…32 units"));
  CHECK_THROWS_WITH(MlpProblem(data, {.hidden = {0}}), Catch::Contains("1…32 units"));
  CHECK_THROWS_WITH(MlpProblem(data, {.features = {Feature::X1X2}}), Catch::Contains("needs x2"));
  CHECK_THROWS_WITH(MlpProblem(data, {.features = {Feature::SinX1, Feature::SinX1}}), Catch::Contains("twice"));
  CHECK_THROWS_WITH(MlpProblem(data, {.activation = nn::Act::Softmax}), Catch::Contains("softmax"));
  CHECK_THROWS_WITH(MlpProblem(data, {.l2 = -1}), Catch::Contains("l2"));
  CHECK_THROWS_WITH(MlpProblem(data, {.binary_output = true}), Catch::Contains("a binary output needs two classes"));
  const auto blobs = scenes::make_dataset({.name = "blobs", .points = 40, .classes = 3, .seed = 2});
  CHECK_THROWS_WITH(MlpProblem(blobs, {.binary_output = true}), Catch::Contains("blobs has 3"));
  CHECK_THROWS_WITH(scenes::feature_from_name("cosx"), Catch::Contains("unknown feature 'cosx'"));
}
