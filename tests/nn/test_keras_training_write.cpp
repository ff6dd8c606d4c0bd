// What descent writes, Keras' legacy loaders can read: descent-saved models
// are checked attribute by attribute by tools/keras_check/check_h5.py (h5py,
// written from Keras' loaders), and the Keras spellings descent writes read
// back to the same optimizer and loss.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "nn/batch_norm.hpp"
#include "nn/conv2d.hpp"
#include "nn/dense.hpp"
#include "nn/keras_training_config.hpp"
#include "nn/model_io.hpp"
#include "nn/pooling.hpp"
#include "nn/simple_layers.hpp"
#include "optim/registry.hpp"

namespace fs = std::filesystem;
using nn::Act;
using nn::Shape;

namespace {

fs::path temp_dir() {
  const fs::path d = fs::temp_directory_path() / ("descent_keras_write_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

std::unique_ptr<nn::Sequential<float>> model(bool logits) {
  auto m = std::make_unique<nn::Sequential<float>>(Shape::image(6, 6, 1));
  m->add(std::make_unique<nn::Conv2D<float>>(
      nn::Conv2DConfig{.filters = 3, .kernel_h = 3, .kernel_w = 3, .activation = Act::Relu}));
  m->add(std::make_unique<nn::BatchNormalization<float>>());
  m->add(nn::max_pooling<float>({}));
  m->add(std::make_unique<nn::Flatten<float>>());
  m->add(std::make_unique<nn::Dense<float>>(
      nn::DenseConfig{.units = 3, .activation = logits ? Act::Linear : Act::Softmax}));
  if (logits)
    m->set_loss(nn::LossKind::SparseCategoricalCrossentropy, true);
  else
    m->set_loss(nn::LossKind::CategoricalCrossentropy);
  m->initialize(4);
  m->set_seed(4);
  return m;
}

nn::Dataset toy_data() {
  nn::Dataset d;
  d.shape = Shape::image(6, 6, 1);
  d.classes = 3;
  std::mt19937_64 rng(2);
  for (int i = 0; i < 12; ++i) {
    d.labels.push_back(i % 3);
    for (int p = 0; p < 36; ++p) d.pixels.push_back(static_cast<std::uint8_t>((p % 3 == i % 3 ? 150 : 0) + rng() % 90));
  }
  return d;
}

bool have_h5py() {
  return std::system("/usr/bin/python3 -c 'import h5py, numpy' >/dev/null 2>&1") == 0;
}

int check_h5(const fs::path& p) {
  const std::string cmd =
      "/usr/bin/python3 " + std::string(DESCENT_TEST_DATA) + "/../../tools/keras_check/check_h5.py " + p.string();
  return std::system(cmd.c_str());
}

}  // namespace

TEST_CASE("A descent-saved model is what Keras' legacy loader reads, attribute by attribute") {
  if (!have_h5py()) {
    WARN("/usr/bin/python3 with h5py is absent: the Keras layout check is skipped");
    return;
  }
  for (const char* name :
       {"adam", "adamw", "amsgrad", "sgd", "rmsprop", "adagrad", "adadelta", "adamax", "nadam", "lion", "momentum"}) {
    for (bool logits : {false, true}) {
      INFO(name << (logits ? ", from logits" : ""));
      auto m = model(logits);
      auto opt = optim::make_optimizer<float>(name);
      nn::Trainer trainer(*m, *opt);
      trainer.fit(toy_data(), nullptr, {.epochs = 1, .batch_size = 4});
      const fs::path p = temp_dir() / (std::string(name) + (logits ? "_logits" : "") + ".h5");
      nn::save_model(p.string(), trainer);
      CHECK(check_h5(p) == 0);
    }
  }
}

TEST_CASE("The check can fail: a weights-only file is not a whole model") {
  if (!have_h5py()) return;
  auto m = model(false);
  const fs::path p = temp_dir() / "weights_only.h5";
  nn::save_weights(p.string(), *m);
  CHECK(check_h5(p) != 0);
}

TEST_CASE("A saved from_logits loss and the optimizer come back as they were") {
  auto m = model(true);
  auto opt = optim::make_optimizer<float>("rmsprop");
  opt->set("alpha", 0.8);
  opt->set("centered", 1);
  nn::Trainer trainer(*m, *opt);
  trainer.fit(toy_data(), nullptr, {.epochs = 1, .batch_size = 4});
  const fs::path p = temp_dir() / "logits.h5";
  nn::save_model(p.string(), trainer);
  auto loaded = nn::load_model(p.string());
  CHECK(loaded.model->loss() == nn::LossKind::SparseCategoricalCrossentropy);
  CHECK(loaded.model->from_logits());
  REQUIRE(loaded.optimizer);
  CHECK(loaded.optimizer->name() == "rmsprop");
  CHECK(loaded.optimizer->save_state() == opt->save_state());
}

TEST_CASE("The Keras spellings descent writes read back to the same optimizer") {
  for (const char* name : {"adam", "adamw", "sgd", "rmsprop", "adagrad", "adadelta", "adamax", "nadam"}) {
    INFO(name);
    auto opt = optim::make_optimizer<float>(name);
    const auto written = nn::keras_optimizer_config(name, opt->save_state().hyper);
    REQUIRE(written.is_object());
    const auto read = nn::read_training_config({{"loss", "mse"}, {"optimizer_config", written}}, "3.0.0");
    CHECK(read.refusal.empty());
    CHECK(read.optimizer == name);
    for (const auto& [k, v] : read.hyper)
      if (k == "lr" || k == "beta1" || k == "beta2" || k == "momentum" || k == "rho" || k == "alpha")
        CHECK(v == opt->get(k));
  }
  CHECK(nn::keras_optimizer_config("lion", {}).is_null());
  CHECK(nn::keras_loss_config(nn::LossKind::MeanSquaredError, false) == "mean_squared_error");
  nn::TrainingConfig loss;
  nn::read_keras_loss(nn::keras_loss_config(nn::LossKind::SparseCategoricalCrossentropy, true), loss);
  CHECK(loss.loss == nn::LossKind::SparseCategoricalCrossentropy);
  CHECK(loss.from_logits);
}
