// Trainer::fit and evaluate against the data they are given: fit's running
// accuracy is scored against the labels whatever the loss's targets look like
// (a sparse loss holds one class index per sample, not k one-hot values), and
// data whose class count is not the model's output width is refused.
#include <catch2/catch.hpp>
#include <functional>
#include <random>
#include <stdexcept>

#include "nn/dense.hpp"
#include "nn/simple_layers.hpp"
#include "nn/trainer.hpp"
#include "optim/registry.hpp"

namespace {

// Flatten → Dense(3) on 4×4 images.
std::unique_ptr<nn::Sequential<float>> model(nn::LossKind loss, bool logits) {
  auto m = std::make_unique<nn::Sequential<float>>(nn::Shape::image(4, 4, 1));
  m->add(std::make_unique<nn::Flatten<float>>());
  m->add(std::make_unique<nn::Dense<float>>(
      nn::DenseConfig{.units = 3, .activation = logits ? nn::Act::Linear : nn::Act::Softmax}));
  m->set_loss(loss, logits);
  m->initialize(7);
  m->set_seed(7);
  return m;
}

// n random 4×4 images with labels i % 3, declared to have `classes` classes.
nn::Dataset data(int n, int classes) {
  nn::Dataset d;
  d.shape = nn::Shape::image(4, 4, 1);
  d.classes = classes;
  std::mt19937_64 rng(5);
  for (int i = 0; i < n; ++i) {
    d.labels.push_back(i % 3);
    for (int p = 0; p < 16; ++p) d.pixels.push_back(static_cast<std::uint8_t>(rng() % 256));
  }
  return d;
}

std::string refusal(const std::function<void()>& run) {
  try {
    run();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("fit's accuracy is the labels' accuracy, for one-hot and sparse targets alike") {
  const nn::Dataset d = data(24, 3);
  for (const auto& [loss, logits] : {std::pair{nn::LossKind::CategoricalCrossentropy, false},
                                     {nn::LossKind::SparseCategoricalCrossentropy, false},
                                     {nn::LossKind::SparseCategoricalCrossentropy, true}}) {
    INFO(nn::loss_name(loss) << (logits ? " from logits" : ""));
    auto m = model(loss, logits);
    auto opt = optim::make_optimizer<float>("sgd");
    nn::Trainer trainer(*m, *opt);
    // One batch of the whole set: fit scores the outputs at the initial
    // weights, before its one step, which is what evaluate scores now.
    const double before = trainer.evaluate(d).accuracy();
    const auto& history = trainer.fit(d, nullptr, {.epochs = 1, .batch_size = 24});
    CHECK(history.back().at("accuracy") == Approx(before).margin(1e-12));
  }
}

TEST_CASE("fit and evaluate refuse data whose classes are not the model's outputs") {
  for (const int classes : {4, 2}) {
    INFO(classes << " classes");
    auto m = model(nn::LossKind::CategoricalCrossentropy, false);
    auto opt = optim::make_optimizer<float>("sgd");
    nn::Trainer trainer(*m, *opt);
    const nn::Dataset d = data(12, classes);
    const std::string expected = "the model has 3 outputs but the data has " + std::to_string(classes) + " classes";
    CHECK(refusal([&] { trainer.fit(d, nullptr, {.epochs = 1, .batch_size = 4}); }) == expected);
    CHECK(refusal([&] { trainer.evaluate(d); }) == expected);
    CHECK(refusal([&] { trainer.fit(data(12, 3), &d, {.epochs = 1, .batch_size = 4}); }) == "validation: " + expected);
    CHECK(nn::data_mismatch(*m, data(12, 3)).empty());
  }
}
