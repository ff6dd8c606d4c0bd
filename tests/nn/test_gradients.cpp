// Every layer's and loss's backward pass against central finite differences,
// in double precision:  ∂J/∂w ≈ (J(w + ε) − J(w − ε)) / 2ε,  J = Σ r ⊙ layer(x).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "layer_harness.hpp"
#include "nn/activation_layers.hpp"
#include "nn/batch_norm.hpp"
#include "nn/conv2d.hpp"
#include "nn/dense.hpp"
#include "nn/global_pooling.hpp"
#include "nn/loss.hpp"
#include "nn/pooling.hpp"
#include "nn/rescaling.hpp"
#include "nn/reshape.hpp"
#include "nn/sequential.hpp"
#include "nn/simple_layers.hpp"

using nn::Act;
using nn::Shape;
using nn_test::Harness;

namespace {

std::vector<double> random_vec(long n, std::mt19937_64& rng, double lo = -1, double hi = 1) {
  std::uniform_real_distribution<double> u(lo, hi);
  std::vector<double> v(static_cast<std::size_t>(n));
  for (auto& x : v) x = u(rng);
  return v;
}

// Relative error, robust near zero.
double rel(double a, double b) {
  return std::abs(a - b) / std::max(1.0, std::max(std::abs(a), std::abs(b)));
}

// The worst relative error between g and central differences of a model's
// training loss at θ, with every pass on the same dropout masks (`counter`).
double worst_model_fd_error(nn::Sequential<double>& m, const std::vector<double>& theta, const std::vector<double>& g,
                            const std::vector<double>& x, const std::vector<double>& t, long b, std::uint64_t counter) {
  double worst = 0;
  std::vector<double> scratch(theta.size());
  for (std::size_t i = 0; i < theta.size(); ++i) {
    auto tp = theta, tm = theta;
    tp[i] += 1e-6;
    tm[i] -= 1e-6;
    m.set_pass_counter(counter);
    const double fp = m.train_batch(tp.data(), x.data(), t.data(), b, scratch.data());
    m.set_pass_counter(counter);
    const double fm = m.train_batch(tm.data(), x.data(), t.data(), b, scratch.data());
    worst = std::max(worst, rel((fp - fm) / 2e-6, g[i]));
  }
  return worst;
}

void check_layer(std::unique_ptr<nn::Layer<double>> layer, Shape in, long batch, bool training = true,
                 int threads = 2) {
  Harness<double> h(std::move(layer), in, batch, threads, training);
  std::mt19937_64 rng(42);
  h.theta = random_vec(static_cast<long>(h.theta.size()), rng, -0.5, 0.5);
  // BatchNormalization's γ near 1 keeps the test well conditioned.
  if (h.layer->class_name() == "BatchNormalization")
    for (long c = 0; c < in.c; ++c) h.theta[static_cast<std::size_t>(c)] += 1.0;
  auto x = random_vec(h.in_size(), rng);
  auto r = random_vec(h.out_size(), rng);
  std::vector<double> dtheta;
  auto dx = h.backward(x, r, dtheta);
  const double eps = 1e-6;
  double worst = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    auto xp = x, xm = x;
    xp[i] += eps;
    xm[i] -= eps;
    const double fd = (h.project(xp, r) - h.project(xm, r)) / (2 * eps);
    worst = std::max(worst, rel(fd, dx[i]));
  }
  INFO(h.layer->class_name() << " input gradient, worst relative error " << worst);
  CHECK(worst < 1e-6);
  worst = 0;
  for (std::size_t i = 0; i < h.theta.size(); ++i) {
    const double keep = h.theta[i];
    h.theta[i] = keep + eps;
    const double fp = h.project(x, r);
    h.theta[i] = keep - eps;
    const double fm = h.project(x, r);
    h.theta[i] = keep;
    worst = std::max(worst, rel((fp - fm) / (2 * eps), dtheta[i]));
  }
  INFO(h.layer->class_name() << " parameter gradient, worst relative error " << worst);
  CHECK(worst < 1e-6);
}

}  // namespace

TEST_CASE("Dense backward matches finite differences for every activation") {
  for (Act a : {Act::Linear, Act::Relu, Act::LeakyRelu, Act::Sigmoid, Act::Tanh, Act::Softmax}) {
    INFO("activation " << nn::act_name(a));
    check_layer(std::make_unique<nn::Dense<double>>(nn::DenseConfig{.units = 5, .activation = a}), Shape::vector(7), 3);
  }
  check_layer(std::make_unique<nn::Dense<double>>(nn::DenseConfig{.units = 4, .use_bias = false}), Shape::vector(3), 5,
              true, 1);
}

TEST_CASE("Conv2D backward matches finite differences") {
  struct Case {
    Shape in;
    nn::Conv2DConfig c;
  };
  const std::vector<Case> cases = {
      {Shape::image(6, 5, 2), {.filters = 3, .kernel_h = 3, .kernel_w = 3}},
      {Shape::image(6, 5, 2),
       {.filters = 3,
        .kernel_h = 3,
        .kernel_w = 3,
        .stride_h = 2,
        .stride_w = 2,
        .padding = nn::Padding::Same,
        .activation = Act::Relu}},
      {Shape::image(5, 6, 3),
       {.filters = 2, .kernel_h = 4, .kernel_w = 2, .padding = nn::Padding::Same, .activation = Act::Tanh}},
      {Shape::image(7, 7, 1),
       {.filters = 4, .kernel_h = 3, .kernel_w = 3, .stride_h = 2, .stride_w = 1, .activation = Act::Sigmoid}},
  };
  for (const auto& c : cases) check_layer(std::make_unique<nn::Conv2D<double>>(c.c), c.in, 3);
}

TEST_CASE("Pooling backward matches finite differences") {
  check_layer(nn::max_pooling<double>({.pool_h = 2, .pool_w = 2}), Shape::image(6, 7, 2), 3);
  check_layer(
      nn::max_pooling<double>({.pool_h = 3, .pool_w = 2, .stride_h = 2, .stride_w = 2, .padding = nn::Padding::Same}),
      Shape::image(5, 6, 3), 2);
  check_layer(nn::average_pooling<double>({.pool_h = 2, .pool_w = 2}), Shape::image(6, 6, 2), 3);
  check_layer(nn::average_pooling<double>(
                  {.pool_h = 3, .pool_w = 3, .stride_h = 2, .stride_w = 2, .padding = nn::Padding::Same}),
              Shape::image(5, 5, 2), 2);
}

TEST_CASE("Flatten, Activation and Dropout backward match finite differences") {
  check_layer(std::make_unique<nn::Flatten<double>>(), Shape::image(3, 2, 4), 3);
  for (Act a : {Act::Relu, Act::LeakyRelu, Act::Sigmoid, Act::Tanh, Act::Softmax}) {
    INFO("activation " << nn::act_name(a));
    check_layer(std::make_unique<nn::Activation<double>>(a), Shape::image(2, 3, 4), 3);
  }
  check_layer(std::make_unique<nn::Dropout<double>>(nn::DropoutConfig{.rate = 0.4}), Shape::vector(20), 4);
  check_layer(std::make_unique<nn::Dropout<double>>(nn::DropoutConfig{.rate = 0.4}), Shape::vector(20), 4, false);
}

TEST_CASE("Keras' ReLU, LeakyReLU, Softmax, Reshape, Rescaling and GlobalAveragePooling2D match finite differences") {
  check_layer(std::make_unique<nn::ReLU<double>>(), Shape::image(2, 3, 4), 3);
  check_layer(std::make_unique<nn::LeakyReLU<double>>(0.15), Shape::image(2, 3, 4), 3);
  check_layer(std::make_unique<nn::Softmax<double>>(), Shape::vector(5), 3);
  check_layer(std::make_unique<nn::Reshape<double>>(std::vector<long>{4, -1}), Shape::vector(12), 3);
  check_layer(std::make_unique<nn::Rescaling<double>>(0.3, -0.2), Shape::image(2, 3, 4), 3);
  check_layer(std::make_unique<nn::GlobalAveragePooling2D<double>>(), Shape::image(3, 2, 4), 3);
  check_layer(std::make_unique<nn::GlobalAveragePooling2D<double>>(true), Shape::image(3, 2, 4), 3, true, 1);
}

TEST_CASE("BatchNormalization backward matches finite differences in training and inference") {
  check_layer(std::make_unique<nn::BatchNormalization<double>>(), Shape::image(3, 2, 4), 3, true);
  check_layer(std::make_unique<nn::BatchNormalization<double>>(), Shape::vector(6), 5, true);
  check_layer(std::make_unique<nn::BatchNormalization<double>>(), Shape::image(3, 2, 4), 3, false);
}

TEST_CASE("Every loss's gradient matches finite differences") {
  std::mt19937_64 rng(5);
  const long b = 3, k = 4;
  for (auto kind : {nn::LossKind::CategoricalCrossentropy, nn::LossKind::BinaryCrossentropy, nn::LossKind::KLDivergence,
                    nn::LossKind::MeanSquaredError, nn::LossKind::MeanAbsoluteError, nn::LossKind::Huber}) {
    for (bool logits : {false, true}) {
      if (logits && kind != nn::LossKind::CategoricalCrossentropy) continue;
      INFO(nn::loss_name(kind) << (logits ? " from logits" : ""));
      auto y = random_vec(b * k, rng, 0.05, 0.95);
      if (logits || kind == nn::LossKind::Huber || kind == nn::LossKind::MeanSquaredError)
        y = random_vec(b * k, rng, -2, 2);
      auto t = random_vec(b * k, rng, 0.0, 1.0);
      std::vector<double> g(y.size());
      nn::loss_value_and_gradient(kind, y.data(), t.data(), g.data(), b, k, logits);
      double worst = 0;
      for (std::size_t i = 0; i < y.size(); ++i) {
        auto yp = y, ym = y;
        yp[i] += 1e-6;
        ym[i] -= 1e-6;
        const double fd = (nn::loss_value_and_gradient<double>(kind, yp.data(), t.data(), nullptr, b, k, logits) -
                           nn::loss_value_and_gradient<double>(kind, ym.data(), t.data(), nullptr, b, k, logits)) /
                          2e-6;
        worst = std::max(worst, rel(fd, g[i]));
      }
      CHECK(worst < 1e-6);
    }
  }
}

TEST_CASE("A whole model's gradient, penalties and dropout included, matches finite differences") {
  nn::Sequential<double> m(Shape::image(8, 8, 2));
  m.add(std::make_unique<nn::Conv2D<double>>(nn::Conv2DConfig{
      .filters = 3, .kernel_h = 3, .kernel_w = 3, .padding = nn::Padding::Same, .activation = Act::Relu, .l2 = 0.01}));
  m.add(std::make_unique<nn::BatchNormalization<double>>());
  m.add(nn::max_pooling<double>({}));
  m.add(std::make_unique<nn::Flatten<double>>());
  m.add(std::make_unique<nn::Dropout<double>>(nn::DropoutConfig{.rate = 0.3}));
  m.add(std::make_unique<nn::Dense<double>>(nn::DenseConfig{.units = 4, .activation = Act::Softmax, .l1 = 0.01}));
  m.set_loss(nn::LossKind::CategoricalCrossentropy);
  REQUIRE(m.fused_softmax());
  m.initialize(3);
  m.set_threads(2);
  std::mt19937_64 rng(9);
  const long b = 5;
  auto x = random_vec(b * 128, rng, 0, 1);
  std::vector<double> t(static_cast<std::size_t>(b * 4), 0.0);
  for (long i = 0; i < b; ++i) t[static_cast<std::size_t>(i * 4 + i % 4)] = 1;
  std::vector<double> theta(m.params().data(), m.params().data() + m.params().size()), g(theta.size());
  m.set_pass_counter(11);
  m.train_batch(theta.data(), x.data(), t.data(), b, g.data());
  const double worst = worst_model_fd_error(m, theta, g, x, t, b, 11);
  INFO("worst relative error " << worst);
  CHECK(worst < 1e-5);
}

TEST_CASE("The thread count changes nothing but rounding") {
  std::mt19937_64 rng(1);
  for (int threads : {1, 2, 3}) {
    Harness<double> h(
        std::make_unique<nn::Conv2D<double>>(nn::Conv2DConfig{.filters = 3, .kernel_h = 3, .kernel_w = 3}),
        Shape::image(5, 5, 2), 4, threads);
    std::mt19937_64 r2(2);
    h.theta = random_vec(static_cast<long>(h.theta.size()), r2);
    auto x = random_vec(h.in_size(), r2), r = random_vec(h.out_size(), r2);
    std::vector<double> dtheta;
    auto dx = h.backward(x, r, dtheta);
    static std::vector<double> first_dx, first_dtheta;
    if (threads == 1) {
      first_dx = dx;
      first_dtheta = dtheta;
    } else {
      for (std::size_t i = 0; i < dx.size(); ++i) CHECK(dx[i] == Approx(first_dx[i]).epsilon(1e-12));
      for (std::size_t i = 0; i < dtheta.size(); ++i) CHECK(dtheta[i] == Approx(first_dtheta[i]).epsilon(1e-12));
    }
  }
}

namespace {

// Conv2D(3×3, `act`) → [Activation(relu)] → pooling → Flatten → Dense(3, softmax)
// on 7×7×2 images: the pair Sequential fuses (relu into max pooling's
// backward) and, with split_relu, the same function unfused.
std::unique_ptr<nn::Sequential<double>> conv_pool_model(nn::PoolConfig pool, bool split_relu) {
  auto m = std::make_unique<nn::Sequential<double>>(Shape::image(7, 7, 2));
  m->add(std::make_unique<nn::Conv2D<double>>(nn::Conv2DConfig{.filters = 4,
                                                               .kernel_h = 3,
                                                               .kernel_w = 3,
                                                               .padding = nn::Padding::Same,
                                                               .activation = split_relu ? Act::Linear : Act::Relu}));
  if (split_relu) m->add(std::make_unique<nn::Activation<double>>(Act::Relu));
  m->add(nn::max_pooling<double>(pool));
  m->add(std::make_unique<nn::Flatten<double>>());
  m->add(std::make_unique<nn::Dense<double>>(nn::DenseConfig{.units = 3, .activation = Act::Softmax}));
  m->set_loss(nn::LossKind::CategoricalCrossentropy);
  m->initialize(5);
  m->set_threads(2);
  return m;
}

}  // namespace

TEST_CASE("Relu fused into max pooling's backward gives the unfused gradient bit for bit, and finite differences") {
  // 2×2/2 takes the tiled path; 3×3/2 'same' the general one (windows overlap).
  for (nn::PoolConfig pool :
       {nn::PoolConfig{},
        nn::PoolConfig{.pool_h = 3, .pool_w = 3, .stride_h = 2, .stride_w = 2, .padding = nn::Padding::Same}}) {
    auto fused = conv_pool_model(pool, false), split = conv_pool_model(pool, true);
    REQUIRE(fused->relu_grad_by_next(0));
    for (std::size_t i = 0; i < split->size(); ++i) REQUIRE_FALSE(split->relu_grad_by_next(i));
    REQUIRE(fused->params().size() == split->params().size());
    std::mt19937_64 rng(17);
    const long b = 4;
    auto x = random_vec(b * 98, rng, -1, 1);  // inputs of both signs: many relu units are off
    std::vector<double> t(static_cast<std::size_t>(b * 3), 0.0);
    for (long i = 0; i < b; ++i) t[static_cast<std::size_t>(i * 3 + i % 3)] = 1;
    std::vector<double> theta(fused->params().data(), fused->params().data() + fused->params().size());
    std::vector<double> g_fused(theta.size()), g_split(theta.size());
    const double l_fused = fused->train_batch(theta.data(), x.data(), t.data(), b, g_fused.data());
    const double l_split = split->train_batch(theta.data(), x.data(), t.data(), b, g_split.data());
    CHECK(l_fused == l_split);
    long zero = 0;
    for (std::size_t i = 0; i < theta.size(); ++i) {
      CHECK(g_fused[i] == g_split[i]);
      zero += g_fused[i] == 0;
    }
    CHECK(zero < static_cast<long>(theta.size()) / 2);  // the comparison is not between two zero vectors

    const double worst = worst_model_fd_error(*fused, theta, g_fused, x, t, b, 0);
    INFO("worst relative error " << worst);
    CHECK(worst < 1e-5);
  }
}
