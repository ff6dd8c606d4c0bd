// Callbacks with Keras' semantics, driven with chosen logs.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "nn/callbacks.hpp"
#include "nn/dense.hpp"
#include "nn/model_io.hpp"
#include "nn/simple_layers.hpp"
#include "optim/registry.hpp"

namespace fs = std::filesystem;

namespace {

struct Setup {
  nn::Sequential<float> model{nn::Shape::image(2, 2, 1)};
  std::unique_ptr<optim::Optimizer<float>> opt = optim::make_optimizer<float>("adam");
  std::unique_ptr<nn::Trainer> trainer;
  Setup() {
    model.add(std::make_unique<nn::Flatten<float>>());
    model.add(std::make_unique<nn::Dense<float>>(nn::DenseConfig{.units = 2, .activation = nn::Act::Softmax}));
    model.initialize(1);
    trainer = std::make_unique<nn::Trainer>(model, *opt);
  }
};

fs::path temp_dir() {
  const fs::path d = fs::temp_directory_path() / ("descent_nn_callbacks_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

}  // namespace

TEST_CASE("EarlyStopping stops after `patience` epochs without improvement and restores the best weights") {
  Setup s;
  nn::EarlyStopping es({.monitor = "val_loss", .patience = 2, .restore_best_weights = true, .verbose = false});
  es.on_train_begin(*s.trainer);
  const double losses[] = {1.0, 0.9, 0.95, 0.97, 0.5};
  optim::Vec<float> best;
  for (int e = 0; e < 5 && !s.trainer->stop_training; ++e) {
    s.model.params().array() += 1.0f;  // "training" moves the weights
    if (e == 1) best = s.model.params();
    nn::Logs logs{{"val_loss", losses[e]}};
    es.on_epoch_end(*s.trainer, e, logs);
  }
  CHECK(s.trainer->stop_training);
  CHECK(es.stopped_epoch() == 3);
  CHECK(es.best_epoch() == 1);
  CHECK(s.model.params() == best);
}

TEST_CASE("EarlyStopping honours min_delta, mode and baseline") {
  Setup s;
  nn::EarlyStopping es({.monitor = "val_accuracy", .min_delta = 0.05, .patience = 1, .verbose = false});
  es.on_train_begin(*s.trainer);
  nn::Logs a{{"val_accuracy", 0.5}}, b{{"val_accuracy", 0.52}};
  es.on_epoch_end(*s.trainer, 0, a);
  CHECK_FALSE(s.trainer->stop_training);
  es.on_epoch_end(*s.trainer, 1, b);  // +0.02 < min_delta: no improvement (mode max from the name)
  CHECK(s.trainer->stop_training);
  Setup t;
  nn::EarlyStopping base({.monitor = "loss", .patience = 2, .baseline = 0.1, .verbose = false});
  base.on_train_begin(*t.trainer);
  for (int e = 0; e < 2; ++e) {
    nn::Logs l{{"loss", 1.0 - 0.1 * e}};  // improving, but never past the baseline
    base.on_epoch_end(*t.trainer, e, l);
  }
  CHECK(t.trainer->stop_training);
}

TEST_CASE("ReduceLROnPlateau cuts the optimizer's lr through its plateau schedule, with cooldown and min_lr") {
  Setup s;
  nn::ReduceLROnPlateau r(
      {.monitor = "val_loss", .factor = 0.5, .patience = 1, .cooldown = 1, .min_lr = 0.0002, .verbose = false});
  r.on_train_begin(*s.trainer);
  std::vector<double> lrs;
  for (int e = 0; e < 6; ++e) {
    nn::Logs logs{{"val_loss", 1.0}};
    s.opt->end_epoch(logs["val_loss"]);  // as the trainer does, before the callbacks
    r.on_epoch_end(*s.trainer, e, logs);
    lrs.push_back(s.opt->lr());
  }
  // e0 best; e1 wait 1 → cut; e2 cooldown; e3 wait 1 → cut; e4 cooldown; e5 → min_lr.
  CHECK(lrs == std::vector<double>{0.001, 0.0005, 0.0005, 0.00025, 0.00025, 0.0002});
  CHECK_THROWS(nn::ReduceLROnPlateau({.factor = 1.0}));
  CHECK_THROWS(nn::ReduceLROnPlateau({.monitor = "val_accuracy"}));
}

TEST_CASE("ModelCheckpoint fills its pattern and saves only improvements when asked") {
  CHECK(nn::format_checkpoint_path("m-{epoch:02d}-{val_loss:.2f}.h5", 4, {{"val_loss", 0.1234}}) == "m-05-0.12.h5");
  CHECK(nn::format_checkpoint_path("w{epoch}.h5", 0, {}) == "w1.h5");
  CHECK_THROWS_WITH(nn::format_checkpoint_path("{nope}", 0, {}), Catch::Contains("nope"));
  Setup s;
  const std::string pattern = (temp_dir() / "best-{epoch}.h5").string();
  nn::ModelCheckpoint cp({.filepath = pattern, .save_best_only = true, .save_weights_only = true, .verbose = false});
  cp.on_train_begin(*s.trainer);
  const double losses[] = {0.8, 0.9, 0.7};
  for (int e = 0; e < 3; ++e) {
    nn::Logs logs{{"val_loss", losses[e]}, {"loss", 1.0}};
    cp.on_epoch_end(*s.trainer, e, logs);
  }
  CHECK(cp.saved() ==
        std::vector<std::string>{(temp_dir() / "best-1.h5").string(), (temp_dir() / "best-3.h5").string()});
  CHECK(fs::exists(temp_dir() / "best-3.h5"));
  CHECK_FALSE(fs::exists(temp_dir() / "best-2.h5"));
}

TEST_CASE("ModelCheckpoint at an epoch's end saves the run with that epoch, and leaves the trainer as it was") {
  Setup s;
  s.trainer->set_epoch(2);
  s.trainer->set_history({{{"loss", 1.5}}, {{"loss", 1.25}}});
  const std::string path = (temp_dir() / "whole-{epoch}.h5").string();
  nn::ModelCheckpoint cp({.filepath = path, .verbose = false});
  cp.on_train_begin(*s.trainer);
  nn::Logs logs{{"loss", 1.0}, {"val_loss", 0.75}};
  cp.on_epoch_end(*s.trainer, 2, logs);
  REQUIRE(cp.saved() == std::vector<std::string>{(temp_dir() / "whole-3.h5").string()});
  const nn::LoadedModel loaded = nn::load_model(cp.saved()[0]);
  CHECK(loaded.epoch == 3);
  REQUIRE(loaded.history.size() == 3);
  CHECK(loaded.history[0].at("loss") == 1.5);
  CHECK(loaded.history[2] == logs);
  CHECK(s.trainer->epoch() == 2);  // the trainer counts the epoch itself, after its callbacks
  CHECK(s.trainer->history().size() == 2);
}

TEST_CASE("ModelCheckpoint with save_freq saves after every N-th batch, counted across epochs") {
  CHECK(nn::format_checkpoint_path("w-{epoch}-{batch:03d}.h5", 1, {}, 4) == "w-2-005.h5");
  CHECK_THROWS_WITH(nn::format_checkpoint_path("w-{batch}.h5", 0, {}), Catch::Contains("save_freq"));
  CHECK_THROWS_WITH(nn::format_checkpoint_path("w-{batch:.2f}.h5", 0, {}, 0), Catch::Contains("integer format"));
  CHECK_THROWS(nn::ModelCheckpoint({.filepath = "x.h5", .save_freq = -1}));
  Setup s;
  nn::Dataset data;
  data.shape = nn::Shape::image(2, 2, 1);
  data.classes = 2;
  for (int i = 0; i < 10; ++i) {  // 10 samples, batch 2: five batches an epoch
    data.labels.push_back(i % 2);
    for (int j = 0; j < 4; ++j) data.pixels.push_back(static_cast<std::uint8_t>(i % 2 ? 200 : 20));
  }
  const fs::path d = temp_dir() / "freq";
  fs::create_directories(d);
  nn::ModelCheckpoint cp(
      {.filepath = (d / "w-{epoch}-{batch}.h5").string(), .save_weights_only = true, .save_freq = 3, .verbose = false});
  std::vector<std::vector<float>> after;  // the weights after each batch
  nn::LambdaCallback record;
  record.batch_end = [&](long, long, const nn::Logs&) {
    after.emplace_back(s.model.params().data(), s.model.params().data() + s.model.params().size());
  };
  s.trainer->fit(data, nullptr, {.epochs = 2, .batch_size = 2, .validation_split = 0}, {&cp, &record});
  // Global batches 3, 6 and 9: epoch 1 batch 3, epoch 2 batch 1, epoch 2 batch 4.
  CHECK(cp.saved() ==
        std::vector<std::string>{(d / "w-1-3.h5").string(), (d / "w-2-1.h5").string(), (d / "w-2-4.h5").string()});
  REQUIRE(after.size() == 10);
  // Each file holds the weights as they were right after its batch.
  for (auto [file, batch] : {std::pair{"w-1-3.h5", 3}, {"w-2-1.h5", 6}, {"w-2-4.h5", 9}}) {
    nn::load_weights((d / file).string(), s.model);
    const std::vector<float> loaded(s.model.params().data(), s.model.params().data() + s.model.params().size());
    CHECK(loaded == after[static_cast<std::size_t>(batch - 1)]);
    CHECK(loaded != after.back());
  }
}

TEST_CASE("CsvLogger writes a header and one row per epoch, and TerminateOnNaN stops at a bad loss") {
  Setup s;
  const fs::path p = temp_dir() / "log.csv";
  {
    nn::CsvLogger log(p.string());
    log.on_train_begin(*s.trainer);
    for (int e = 0; e < 2; ++e) {
      nn::Logs logs{{"loss", 0.5 / (e + 1)}, {"accuracy", 0.25}};
      log.on_epoch_end(*s.trainer, e, logs);
    }
    log.on_train_end(*s.trainer);
  }
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(ss.str() == "epoch,accuracy,loss\n0,0.25,0.5\n1,0.25,0.25\n");
  nn::TerminateOnNaN guard;
  guard.on_batch_end(*s.trainer, 0, 10, {{"batch_loss", 1.0}});
  CHECK_FALSE(s.trainer->stop_training);
  guard.on_batch_end(*s.trainer, 1, 10, {{"batch_loss", std::nan("")}});
  CHECK(s.trainer->stop_training);
}
