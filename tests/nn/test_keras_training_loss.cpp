// Sparse categorical cross-entropy (class indices as targets) and from_logits,
// the two loss options Keras models bring: values against −log softmax(z)_c
// computed here, gradients against central finite differences, and a whole
// model trained through them.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "nn/dense.hpp"
#include "nn/loss.hpp"
#include "nn/sequential.hpp"

namespace {

std::vector<double> random_vec(long n, std::mt19937_64& rng, double lo, double hi) {
  std::uniform_real_distribution<double> u(lo, hi);
  std::vector<double> v(static_cast<std::size_t>(n));
  for (auto& x : v) x = u(rng);
  return v;
}

// ∂L/∂y by central differences.
std::vector<double> fd_gradient(nn::LossKind kind, std::vector<double> y, const std::vector<double>& t, long b, long k,
                                bool from_logits) {
  std::vector<double> g(y.size());
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double keep = y[i];
    y[i] = keep + 1e-6;
    const double fp = nn::loss_value_and_gradient<double>(kind, y.data(), t.data(), nullptr, b, k, from_logits);
    y[i] = keep - 1e-6;
    const double fm = nn::loss_value_and_gradient<double>(kind, y.data(), t.data(), nullptr, b, k, from_logits);
    y[i] = keep;
    g[i] = (fp - fm) / 2e-6;
  }
  return g;
}

}  // namespace

TEST_CASE("Sparse categorical cross-entropy from logits is the batch mean of -log softmax(z)_c") {
  std::mt19937_64 rng(3);
  const long b = 4, k = 5;
  const auto z = random_vec(b * k, rng, -3, 3);
  const std::vector<double> c = {0, 4, 2, 2};
  double expected = 0;
  for (long i = 0; i < b; ++i) {
    double sum = 0;
    for (long j = 0; j < k; ++j) sum += std::exp(z[static_cast<std::size_t>(i * k + j)]);
    expected -= std::log(
        std::exp(z[static_cast<std::size_t>(i * k + static_cast<long>(c[static_cast<std::size_t>(i)]))]) / sum);
  }
  expected /= static_cast<double>(b);
  std::vector<double> dz(z.size());
  const double value = nn::loss_value_and_gradient<double>(nn::LossKind::SparseCategoricalCrossentropy, z.data(),
                                                           c.data(), dz.data(), b, k, true);
  CHECK(value == Approx(expected).epsilon(1e-12));
  const auto fd = fd_gradient(nn::LossKind::SparseCategoricalCrossentropy, z, c, b, k, true);
  for (std::size_t i = 0; i < dz.size(); ++i) CHECK(dz[i] == Approx(fd[i]).margin(1e-8));
}

TEST_CASE("Sparse categorical cross-entropy on probabilities matches finite differences and the one-hot loss") {
  std::mt19937_64 rng(5);
  const long b = 3, k = 4;
  auto p = random_vec(b * k, rng, 0.05, 1);
  for (long i = 0; i < b; ++i) {  // rows of probabilities
    double s = 0;
    for (long j = 0; j < k; ++j) s += p[static_cast<std::size_t>(i * k + j)];
    for (long j = 0; j < k; ++j) p[static_cast<std::size_t>(i * k + j)] /= s;
  }
  const std::vector<double> c = {3, 0, 1};
  std::vector<double> onehot(static_cast<std::size_t>(b * k), 0.0);
  double expected = 0;
  for (long i = 0; i < b; ++i) {
    const long ci = static_cast<long>(c[static_cast<std::size_t>(i)]);
    onehot[static_cast<std::size_t>(i * k + ci)] = 1;
    expected -= std::log(p[static_cast<std::size_t>(i * k + ci)]) / static_cast<double>(b);
  }
  std::vector<double> dp(p.size()), dp_onehot(p.size());
  const double sparse = nn::loss_value_and_gradient<double>(nn::LossKind::SparseCategoricalCrossentropy, p.data(),
                                                            c.data(), dp.data(), b, k, false);
  const double dense = nn::loss_value_and_gradient<double>(nn::LossKind::CategoricalCrossentropy, p.data(),
                                                           onehot.data(), dp_onehot.data(), b, k, false);
  CHECK(sparse == Approx(expected).epsilon(1e-12));
  CHECK(sparse == dense);
  const auto fd = fd_gradient(nn::LossKind::SparseCategoricalCrossentropy, p, c, b, k, false);
  for (std::size_t i = 0; i < dp.size(); ++i) {
    CHECK(dp[i] == Approx(fd[i]).margin(1e-7));
    CHECK(dp[i] == dp_onehot[i]);
  }
}

TEST_CASE("A class index outside the outputs is refused") {
  const std::vector<double> z = {0.1, 0.2, 0.3}, bad = {3}, fraction = {0.5}, negative = {-1};
  for (const auto* c : {&bad, &fraction, &negative})
    CHECK_THROWS_AS(nn::loss_value_and_gradient<double>(nn::LossKind::SparseCategoricalCrossentropy, z.data(),
                                                        c->data(), nullptr, 1, 3, true),
                    std::invalid_argument);
}

TEST_CASE("Keras' loss names include the sparse cross-entropy") {
  CHECK(nn::loss_from_name("sparse_categorical_crossentropy") == nn::LossKind::SparseCategoricalCrossentropy);
  CHECK(nn::loss_name(nn::LossKind::SparseCategoricalCrossentropy) == "sparse_categorical_crossentropy");
  CHECK(nn::target_width(nn::LossKind::SparseCategoricalCrossentropy, 10) == 1);
  CHECK(nn::target_width(nn::LossKind::CategoricalCrossentropy, 10) == 10);
}

TEST_CASE("A model with linear outputs trains on logits: gradient by finite differences, softmax in predict") {
  for (auto kind : {nn::LossKind::SparseCategoricalCrossentropy, nn::LossKind::CategoricalCrossentropy}) {
    nn::Sequential<double> m(nn::Shape::vector(6));
    m.add(std::make_unique<nn::Dense<double>>(nn::DenseConfig{.units = 5, .activation = nn::Act::Tanh}));
    m.add(std::make_unique<nn::Dense<double>>(nn::DenseConfig{.units = 3}));
    m.set_loss(kind, true);
    REQUIRE(m.from_logits());
    REQUIRE_FALSE(m.fused_softmax());
    m.initialize(7);
    std::mt19937_64 rng(11);
    const long b = 4;
    const auto x = random_vec(b * 6, rng, -1, 1);
    std::vector<double> t;
    for (long i = 0; i < b; ++i) {
      if (kind == nn::LossKind::SparseCategoricalCrossentropy) {
        t.push_back(static_cast<double>(i % 3));
      } else {
        for (long j = 0; j < 3; ++j) t.push_back(j == i % 3 ? 1.0 : 0.0);
      }
    }
    REQUIRE(static_cast<long>(t.size()) == b * m.target_width());
    std::vector<double> theta(m.params().data(), m.params().data() + m.params().size()), g(theta.size()),
        scratch(theta.size());
    const double value = m.train_batch(theta.data(), x.data(), t.data(), b, g.data());
    for (std::size_t i = 0; i < theta.size(); ++i) {
      auto tp = theta, tm = theta;
      tp[i] += 1e-6;
      tm[i] -= 1e-6;
      const double fd = (m.train_batch(tp.data(), x.data(), t.data(), b, scratch.data()) -
                         m.train_batch(tm.data(), x.data(), t.data(), b, scratch.data())) /
                        2e-6;
      CHECK(g[i] == Approx(fd).margin(1e-7));
    }
    // The loss read the outputs as logits: −log softmax of what predict's raw pass gives.
    m.train_batch(theta.data(), x.data(), t.data(), b, g.data());
    std::vector<double> logits(m.outputs(), m.outputs() + b * 3);
    double expected = 0;
    for (long i = 0; i < b; ++i) {
      double sum = 0;
      for (long j = 0; j < 3; ++j) sum += std::exp(logits[static_cast<std::size_t>(i * 3 + j)]);
      expected -= (logits[static_cast<std::size_t>(i * 3 + i % 3)] - std::log(sum)) / static_cast<double>(b);
    }
    CHECK(value == Approx(expected).epsilon(1e-12));
    const double* p = m.predict(theta.data(), x.data(), b);
    for (long i = 0; i < b; ++i) {
      double sum = 0;
      for (long j = 0; j < 3; ++j) sum += std::exp(logits[static_cast<std::size_t>(i * 3 + j)]);
      for (long j = 0; j < 3; ++j)
        CHECK(p[i * 3 + j] == Approx(std::exp(logits[static_cast<std::size_t>(i * 3 + j)]) / sum).epsilon(1e-12));
    }
  }
}

TEST_CASE("Binary cross-entropy from logits is softplus(z) - t*z, unclipped, and predict applies the sigmoid") {
  std::mt19937_64 rng(5);
  const long b = 5, k = 2;
  auto z = random_vec(b * k, rng, -4, 4);
  z[0] = 40;   // σ(40) rounds to 1: a clipped loss would read −log(1e−7) ≈ 16.1
  z[1] = -45;  // and here −log(1e−7) again; the exact values are 40 and 45
  const std::vector<double> t = {0, 1, 1, 0, 0.25, 1, 0, 1, 0.5, 0};
  double expected = 0;
  for (std::size_t i = 0; i < z.size(); ++i)
    expected += (std::log1p(std::exp(-std::abs(z[i]))) + std::max(z[i], 0.0) - t[i] * z[i]) / (b * k);
  std::vector<double> dz(z.size());
  const double value =
      nn::loss_value_and_gradient<double>(nn::LossKind::BinaryCrossentropy, z.data(), t.data(), dz.data(), b, k, true);
  CHECK(value == Approx(expected).epsilon(1e-14));
  CHECK(value > (40 + 45) / static_cast<double>(b * k));  // the two large logits count in full
  const auto fd = fd_gradient(nn::LossKind::BinaryCrossentropy, z, t, b, k, true);
  for (std::size_t i = 0; i < dz.size(); ++i) {
    CHECK(dz[i] == Approx(fd[i]).margin(1e-9));
    CHECK(dz[i] == Approx((1 / (1 + std::exp(-z[i])) - t[i]) / (b * k)).epsilon(1e-13));
  }

  // Through a model: one logit out, ∂L/∂θ against central differences, predict = σ(logit).
  nn::Sequential<double> m(nn::Shape::vector(3));
  m.add(std::make_unique<nn::Dense<double>>(nn::DenseConfig{.units = 4, .activation = nn::Act::Tanh}));
  m.add(std::make_unique<nn::Dense<double>>(nn::DenseConfig{.units = 1}));
  m.set_loss(nn::LossKind::BinaryCrossentropy, true);
  m.initialize(9);
  const auto x = random_vec(b * 3, rng, -1, 1);
  const std::vector<double> labels = {0, 1, 1, 0, 1};
  std::vector<double> theta(m.params().data(), m.params().data() + m.params().size()), g(theta.size()),
      scratch(theta.size());
  m.train_batch(theta.data(), x.data(), labels.data(), b, g.data());
  const std::vector<double> logits(m.outputs(), m.outputs() + b);
  for (std::size_t i = 0; i < theta.size(); ++i) {
    auto tp = theta, tm = theta;
    tp[i] += 1e-6;
    tm[i] -= 1e-6;
    const double fdi = (m.train_batch(tp.data(), x.data(), labels.data(), b, scratch.data()) -
                        m.train_batch(tm.data(), x.data(), labels.data(), b, scratch.data())) /
                       2e-6;
    CHECK(g[i] == Approx(fdi).margin(1e-9));
  }
  const double* p = m.predict(theta.data(), x.data(), b);
  for (long i = 0; i < b; ++i)
    CHECK(p[i] == Approx(1 / (1 + std::exp(-logits[static_cast<std::size_t>(i)]))).epsilon(1e-14));
}

TEST_CASE("from_logits is refused for a loss that is not a cross-entropy") {
  nn::Sequential<double> m(nn::Shape::vector(2));
  m.add(std::make_unique<nn::Dense<double>>(nn::DenseConfig{.units = 2}));
  CHECK_THROWS_AS(m.set_loss(nn::LossKind::MeanSquaredError, true), std::invalid_argument);
}
