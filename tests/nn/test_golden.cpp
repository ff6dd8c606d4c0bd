// Forward passes against PyTorch (float64), golden data from tools/nn/make_golden.py:
// every layer, the losses (value and gradient) and the two reference models.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "layer_harness.hpp"
#include "nn/batch_norm.hpp"
#include "nn/conv2d.hpp"
#include "nn/dense.hpp"
#include "nn/loss.hpp"
#include "nn/pooling.hpp"
#include "nn/sequential.hpp"
#include "nn/simple_layers.hpp"

using json = nlohmann::json;
using nn::Shape;
using nn_test::fill;
using nn_test::Harness;

namespace {

const json& golden() {
  static const json j = [] {
    std::ifstream in(std::string(DESCENT_TEST_DATA) + "/nn/golden.json");
    REQUIRE(in.good());
    return json::parse(in);
  }();
  return j;
}

std::vector<const json*> cases(const char* key, const char* value) {
  std::vector<const json*> out;
  for (const auto& c : golden()["cases"])
    if (c.contains(key) && c[key] == value) out.push_back(&c);
  REQUIRE(!out.empty());
  return out;
}

Shape image_of(const json& in) {
  return in[1] == 1 && in[2] == 1 ? Shape::vector(in[3]) : Shape::image(in[1], in[2], in[3]);
}

void expect_close(const std::vector<double>& got, const json& want, double tol = 1e-10) {
  REQUIRE(got.size() == want.size());
  double worst = 0;
  for (std::size_t i = 0; i < got.size(); ++i) worst = std::max(worst, std::abs(got[i] - want[i].get<double>()));
  INFO("worst absolute difference " << worst);
  CHECK(worst < tol);
}

std::pair<long, long> pair_of(const json& j) {
  return {j[0].get<long>(), j[1].get<long>()};
}
nn::Padding padding_of(const json& j) {
  return j == "same" ? nn::Padding::Same : nn::Padding::Valid;
}

}  // namespace

TEST_CASE("Dense forward matches PyTorch") {
  int i = 0;
  for (const json* c : cases("layer", "Dense")) {
    const Shape in = image_of((*c)["input"]);
    Harness<double> h(std::make_unique<nn::Dense<double>>(
                          nn::DenseConfig{.units = (*c)["units"], .activation = nn::act_from_name((*c)["activation"])}),
                      in, (*c)["input"][0], 2, false);
    auto w = fill(5 * 6, 1.1, 0.5), b = fill(5, 2.1, 0.2);
    std::copy(w.begin(), w.end(), h.theta.begin());
    std::copy(b.begin(), b.end(), h.theta.begin() + 30);
    INFO("activation " << (*c)["activation"]);
    expect_close(h.forward(fill(h.in_size(), 0.1 + i)), (*c)["output"]);
    ++i;
  }
}

TEST_CASE("Conv2D forward matches PyTorch (valid, same, strides, even kernels)") {
  int i = 0;
  for (const json* c : cases("layer", "Conv2D")) {
    const auto [kh, kw] = pair_of((*c)["kernel"]);
    const auto [sh, sw] = pair_of((*c)["strides"]);
    const long f = (*c)["filters"];
    const Shape in = image_of((*c)["input"]);
    Harness<double> h(
        std::make_unique<nn::Conv2D<double>>(nn::Conv2DConfig{.filters = f,
                                                              .kernel_h = kh,
                                                              .kernel_w = kw,
                                                              .stride_h = sh,
                                                              .stride_w = sw,
                                                              .padding = padding_of((*c)["padding"]),
                                                              .activation = nn::act_from_name((*c)["activation"])}),
        in, (*c)["input"][0], 2, false);
    auto w = fill(f * kh * kw * in.c, 1.3 + i, 0.4), b = fill(f, 2.3 + i, 0.1);
    std::copy(w.begin(), w.end(), h.theta.begin());
    std::copy(b.begin(), b.end(), h.theta.begin() + static_cast<long>(w.size()));
    INFO("case " << i);
    expect_close(h.forward(fill(h.in_size(), 0.3 + i)), (*c)["output"]);
    ++i;
  }
}

TEST_CASE("Pooling forward matches PyTorch") {
  int i = 0;
  for (const char* kind : {"MaxPooling2D", "AveragePooling2D"})
    for (const json* c : cases("layer", kind)) {
      const auto [ph, pw] = pair_of((*c)["pool"]);
      const auto [sh, sw] = pair_of((*c)["strides"]);
      nn::PoolConfig pc{
          .pool_h = ph, .pool_w = pw, .stride_h = sh, .stride_w = sw, .padding = padding_of((*c)["padding"])};
      auto layer = std::string(kind) == "MaxPooling2D" ? nn::max_pooling<double>(pc) : nn::average_pooling<double>(pc);
      Harness<double> h(std::move(layer), image_of((*c)["input"]), (*c)["input"][0], 2, false);
      INFO(kind << " case " << i);
      expect_close(h.forward(fill(h.in_size(), 0.7 + i)), (*c)["output"]);
      ++i;
    }
}

TEST_CASE("Activation layers match PyTorch") {
  int i = 0;
  for (const json* c : cases("layer", "Activation")) {
    Harness<double> h(std::make_unique<nn::Activation<double>>(nn::act_from_name((*c)["activation"])),
                      image_of((*c)["input"]), (*c)["input"][0], 2, false);
    INFO("activation " << (*c)["activation"]);
    expect_close(h.forward(fill(h.in_size(), 0.9 + i, 2.0)), (*c)["output"]);
    ++i;
  }
}

TEST_CASE("BatchNormalization matches PyTorch in training and inference, and keeps Keras' moving averages") {
  const json& c = *cases("layer", "BatchNormalization").front();
  for (bool training : {true, false}) {
    auto layer =
        std::make_unique<nn::BatchNormalization<double>>(nn::BatchNormConfig{.momentum = 0.9, .epsilon = 1e-3});
    auto* bn = layer.get();
    Harness<double> h(std::move(layer), image_of(c["input"]), c["input"][0], 2, training);
    auto gamma = fill(4, 1.4, 0.3), beta = fill(4, 2.4, 0.2), mm = fill(4, 3.4, 0.1), mv = fill(4, 4.4, 0.5);
    for (int k = 0; k < 4; ++k) {
      h.theta[static_cast<std::size_t>(k)] = 1 + gamma[static_cast<std::size_t>(k)];
      h.theta[static_cast<std::size_t>(4 + k)] = beta[static_cast<std::size_t>(k)];
    }
    auto state = bn->state();
    for (int k = 0; k < 4; ++k) {
      (*state[0].second)[static_cast<std::size_t>(k)] = mm[static_cast<std::size_t>(k)];
      (*state[1].second)[static_cast<std::size_t>(k)] = 1 + std::abs(mv[static_cast<std::size_t>(k)]);
    }
    expect_close(h.forward(fill(h.in_size(), 0.4, 1.5)), c[training ? "output_training" : "output_inference"]);
    if (training) {
      expect_close(*state[0].second, c["moving_mean_after"], 1e-12);
      expect_close(*state[1].second, c["moving_variance_after"], 1e-12);
    }
  }
}

TEST_CASE("Losses match PyTorch in value and gradient") {
  const long b = 4, k = 5;
  auto softmax = [](std::vector<double> v, long rows, long cols) {
    nn::activate(nn::Act::Softmax, v.data(), rows, cols);
    return v;
  };
  auto sigmoid = [](std::vector<double> v) {
    for (auto& x : v) x = 1 / (1 + std::exp(-x));
    return v;
  };
  std::vector<double> onehot(20, 0.0);
  const int labels[4] = {1, 0, 4, 2};
  for (int i = 0; i < 4; ++i) onehot[static_cast<std::size_t>(i * 5 + labels[i])] = 1;
  const auto logits = fill(20, 0.2, 2.0), target = softmax(fill(20, 1.2, 3.0), b, k),
             prob = sigmoid(fill(20, 2.2, 2.0));
  const auto pred = fill(20, 3.2, 2.0), pdist = softmax(fill(20, 4.2), b, k);
  std::vector<double> soft_onehot(20), target3(20);
  for (std::size_t i = 0; i < 20; ++i) soft_onehot[i] = (onehot[i] + 0.25) / 1.5, target3[i] = target[i] * 3;
  struct Case {
    const std::vector<double>& y;
    const std::vector<double>& t;
  };
  const std::vector<Case> inputs = {{logits, onehot}, {logits, target}, {pdist, onehot}, {prob, soft_onehot},
                                    {pdist, target},  {pred, target},   {pred, target},  {pred, target3}};
  std::size_t i = 0;
  for (const auto& c : golden()["cases"]) {
    if (!c.contains("loss")) continue;
    REQUIRE(i < inputs.size());
    INFO("loss " << c["loss"] << " case " << i);
    std::vector<double> g(20);
    const double v = nn::loss_value_and_gradient(nn::loss_from_name(c["loss"]), inputs[i].y.data(), inputs[i].t.data(),
                                                 g.data(), b, k, c["from_logits"].get<bool>());
    CHECK(v == Approx(c["value"].get<double>()).epsilon(1e-10));
    expect_close(g, c["gradient"]);
    ++i;
  }
  CHECK(i == inputs.size());
}

TEST_CASE("The reference CNN and MLP match PyTorch") {
  for (const char* which : {"cnn", "mlp"}) {
    nn::Sequential<double> m(Shape::image(28, 28, 1));
    using nn::Act;
    if (std::string(which) == "cnn") {
      m.add(std::make_unique<nn::Conv2D<double>>(
          nn::Conv2DConfig{.filters = 32, .kernel_h = 3, .kernel_w = 3, .activation = Act::Relu}));
      m.add(nn::max_pooling<double>({}));
      m.add(std::make_unique<nn::Conv2D<double>>(
          nn::Conv2DConfig{.filters = 64, .kernel_h = 3, .kernel_w = 3, .activation = Act::Relu}));
      m.add(nn::max_pooling<double>({}));
      m.add(std::make_unique<nn::Flatten<double>>());
      m.add(std::make_unique<nn::Dropout<double>>(nn::DropoutConfig{.rate = 0.5}));
      m.add(std::make_unique<nn::Dense<double>>(nn::DenseConfig{.units = 10, .activation = Act::Softmax}));
    } else {
      m.add(std::make_unique<nn::Flatten<double>>());
      m.add(std::make_unique<nn::Dense<double>>(nn::DenseConfig{.units = 128, .activation = Act::Relu}));
      m.add(std::make_unique<nn::Dense<double>>(nn::DenseConfig{.units = 10, .activation = Act::Softmax}));
    }
    m.set_loss(nn::LossKind::CategoricalCrossentropy);
    m.set_threads(2);
    // θ tensor by tensor, with the generator's tags and scales.
    const std::vector<std::pair<double, double>> tags =
        std::string(which) == "cnn"
            ? std::vector<std::pair<double, double>>{{1.5, 0.3},  {2.5, 0.05}, {3.5, 0.08},
                                                     {4.5, 0.05}, {5.5, 0.05}, {6.5, 0.05}}
            : std::vector<std::pair<double, double>>{{1.5, 0.05}, {2.5, 0.05}, {3.5, 0.1}, {4.5, 0.05}};
    long off = 0;
    std::size_t t = 0;
    for (const auto& seg : m.layout()) {
      auto v = fill(seg.rows * seg.cols, tags[t].first, tags[t].second);
      std::copy(v.begin(), v.end(), m.params().data() + off);
      off += seg.rows * seg.cols;
      ++t;
    }
    REQUIRE(t == tags.size());
    REQUIRE(off == m.params().size());
    auto x = fill(3 * 784, 0.5);
    for (auto& v : x) v = (v + 1) / 2;
    const double* p = m.predict(m.params().data(), x.data(), 3);
    INFO(which);
    expect_close(std::vector<double>(p, p + 30), (*cases("model", which).front())["output"], 1e-12);
  }
}
