// Saving and loading: architecture JSON, weights, whole models in Keras' .h5
// layout (checked with h5py), atomic writes, and resume ≡ never stopping.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "nn/batch_norm.hpp"
#include "nn/callbacks.hpp"
#include "nn/conv2d.hpp"
#include "nn/dense.hpp"
#include "nn/model_io.hpp"
#include "nn/pooling.hpp"
#include "nn/simple_layers.hpp"
#include "optim/registry.hpp"

namespace fs = std::filesystem;
using nn::Act;
using nn::Shape;

namespace {

fs::path temp_dir() {
  const fs::path d = fs::temp_directory_path() / ("descent_nn_saving_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

std::unique_ptr<nn::Sequential<float>> small_model(std::uint64_t seed) {
  auto m = std::make_unique<nn::Sequential<float>>(Shape::image(8, 8, 1));
  m->add(std::make_unique<nn::Conv2D<float>>(nn::Conv2DConfig{
      .filters = 4, .kernel_h = 3, .kernel_w = 3, .padding = nn::Padding::Same, .activation = Act::Relu, .l2 = 1e-4}));
  m->add(std::make_unique<nn::BatchNormalization<float>>());
  m->add(nn::max_pooling<float>({}));
  m->add(nn::average_pooling<float>({.pool_h = 2, .pool_w = 2, .padding = nn::Padding::Same}));
  m->add(std::make_unique<nn::Flatten<float>>());
  m->add(std::make_unique<nn::Dropout<float>>(nn::DropoutConfig{.rate = 0.25}));
  m->add(std::make_unique<nn::Dense<float>>(
      nn::DenseConfig{.units = 6, .activation = Act::Tanh, .kernel_initializer = nn::Init::HeNormal}));
  m->add(std::make_unique<nn::Activation<float>>(Act::LeakyRelu));
  m->add(std::make_unique<nn::Dense<float>>(nn::DenseConfig{.units = 3, .activation = Act::Softmax}));
  m->set_loss(nn::LossKind::CategoricalCrossentropy);
  m->initialize(seed);
  m->set_seed(seed);
  m->set_threads(2);
  return m;
}

nn::Dataset toy_data(long n, std::uint64_t seed) {
  nn::Dataset d;
  d.shape = Shape::image(8, 8, 1);
  d.classes = 3;
  std::mt19937_64 rng(seed);
  for (long i = 0; i < n; ++i) {
    const int label = static_cast<int>(rng() % 3);
    d.labels.push_back(label);
    for (int p = 0; p < 64; ++p)
      d.pixels.push_back(static_cast<std::uint8_t>((p % 3 == label ? 150 : 0) + rng() % 100));
  }
  return d;
}

bool same_bits(const optim::Vec<float>& a, const optim::Vec<float>& b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<std::size_t>(a.size())) == 0;
}

}  // namespace

TEST_CASE("Architecture JSON round-trips and rebuilds the same model") {
  auto m = small_model(1);
  const std::string json = nn::architecture_json(*m);
  auto rebuilt = nn::model_from_json(json, 1);
  CHECK(nn::architecture_json(*rebuilt) == json);
  CHECK(rebuilt->summary() == m->summary());
  CHECK(same_bits(rebuilt->params(), m->params()));  // same seed, same initializers
  const fs::path p = temp_dir() / "arch.json";
  nn::save_architecture(p.string(), *m);
  CHECK(nn::architecture_json(*nn::load_architecture(p.string(), 1)) == json);
  CHECK_THROWS_AS(nn::model_from_json("{\"class_name\": \"Functional\"}"), std::invalid_argument);
  CHECK_THROWS_WITH(
      nn::model_from_json(
          R"({"class_name":"Sequential","config":{"layers":[{"class_name":"InputLayer","config":{"batch_input_shape":[null,4]}},{"class_name":"LSTM","config":{}}]}})"),
      Catch::Contains("unsupported class 'LSTM'"));
}

TEST_CASE("Weights round-trip through HDF5, moving averages included") {
  auto m = small_model(2);
  auto data = toy_data(40, 3);
  auto opt = optim::make_optimizer<float>("adam");
  nn::Trainer trainer(*m, *opt);
  trainer.fit(data, nullptr, {.epochs = 1, .batch_size = 8, .seed = 4});
  const fs::path p = temp_dir() / "weights.h5";
  nn::save_weights(p.string(), *m);
  auto other = small_model(99);
  REQUIRE(!same_bits(other->params(), m->params()));
  nn::load_weights(p.string(), *other);
  CHECK(same_bits(other->params(), m->params()));
  auto* bn = &m->layer(1);
  auto* bn2 = &other->layer(1);
  CHECK(*bn->state()[0].second == *bn2->state()[0].second);
  CHECK(*bn->state()[1].second == *bn2->state()[1].second);
  // A model of another shape refuses them.
  nn::Sequential<float> wrong(Shape::image(8, 8, 1));
  wrong.add(std::make_unique<nn::Conv2D<float>>(nn::Conv2DConfig{.filters = 5, .kernel_h = 3, .kernel_w = 3}));
  CHECK_THROWS_WITH(nn::load_weights(p.string(), wrong), Catch::Contains("does not fit"));
}

TEST_CASE("Loading a whole model and continuing training equals never stopping, bit for bit") {
  const auto data = toy_data(60, 5);
  const nn::FitOptions options{.epochs = 3, .batch_size = 8, .validation_split = 0.2, .seed = 6};
  for (const char* method : {"adam", "nesterov", "rmsprop"}) {
    INFO(method);
    // Uninterrupted.
    auto a = small_model(7);
    auto opt_a = optim::make_optimizer<float>(method);
    opt_a->set("lr", 0.01);
    nn::Trainer ta(*a, *opt_a);
    ta.fit(data, nullptr, options);
    // Stopped after one epoch, saved, loaded, continued.
    auto b = small_model(7);
    auto opt_b = optim::make_optimizer<float>(method);
    opt_b->set("lr", 0.01);
    nn::Trainer tb(*b, *opt_b);
    nn::FitOptions first = options;
    first.epochs = 1;
    tb.fit(data, nullptr, first);
    const fs::path p = temp_dir() / "resume.h5";
    nn::save_model(p.string(), tb);
    nn::LoadedModel loaded = nn::load_model(p.string());
    REQUIRE(loaded.optimizer);
    CHECK(loaded.epoch == 1);
    CHECK(loaded.options.seed == 6);
    CHECK(loaded.history.size() == 1);
    CHECK(loaded.optimizer->get("lr") == Approx(0.01));
    nn::Trainer tc(*loaded.model, *loaded.optimizer);
    tc.set_epoch(loaded.epoch);
    tc.set_history(loaded.history);
    tc.fit(data, nullptr, options);
    CHECK(same_bits(loaded.model->params(), a->params()));
    REQUIRE(tc.history().size() == ta.history().size());
    CHECK(tc.history().back().at("val_loss") == ta.history().back().at("val_loss"));
    CHECK(loaded.optimizer->save_state() == opt_a->save_state());
  }
}

TEST_CASE("A saved model has Keras' .h5 layout for h5py") {
  auto m = small_model(8);
  auto opt = optim::make_optimizer<float>("adam");
  nn::Trainer trainer(*m, *opt);
  trainer.fit(toy_data(16, 1), nullptr, {.epochs = 1, .batch_size = 8});
  const fs::path p = temp_dir() / "model.h5";
  nn::save_model(p.string(), trainer);
  const std::string script = std::string(DESCENT_TEST_DATA) + "/../../tools/nn/check_h5.py";
  const std::string cmd = "/usr/bin/python3 " + script + " " + p.string();
  CHECK(std::system(cmd.c_str()) == 0);
}

TEST_CASE("Writes are atomic: a failed save leaves nothing behind") {
  auto m = small_model(9);
  const fs::path dir = temp_dir() / "no" / "such" / "dir";
  CHECK_THROWS(nn::save_weights((dir / "w.h5").string(), *m));
  CHECK_FALSE(fs::exists(dir / "w.h5.tmp"));
  const fs::path p = temp_dir() / "keep.h5";
  nn::save_weights(p.string(), *m);
  CHECK(fs::exists(p));
  CHECK_FALSE(fs::exists(p.string() + ".tmp"));
  std::ofstream(temp_dir() / "junk.h5") << "not hdf5";
  CHECK_THROWS_WITH(nn::load_model((temp_dir() / "junk.h5").string()), Catch::Contains("not an HDF5 file"));
}

TEST_CASE("Parameter counts print with Keras' thousands separators") {
  CHECK(nn::with_commas(0) == "0");
  CHECK(nn::with_commas(999) == "999");
  CHECK(nn::with_commas(1000) == "1,000");
  CHECK(nn::with_commas(34826) == "34,826");
  CHECK(nn::with_commas(1234567) == "1,234,567");
  CHECK(nn::with_commas(-1234) == "-1,234");
  CHECK(nn::with_commas(-123) == "-123");
}
