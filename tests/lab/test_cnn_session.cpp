// The CNN trainer pane's model: a run on the worker thread, its snapshots,
// pause, resume and stop, and that it trains exactly as nn::Trainer does.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "lab/model/cnn_session.hpp"
#include "nn/model_io.hpp"
#include "nn/reference_models.hpp"
#include "optim/registry.hpp"

using lab::model::CnnConfig;
using lab::model::CnnSession;
using lab::model::CnnStatus;

namespace {

// 28×28 images of three easy classes: a bright band at rows 0–9, 9–18 or 18–27.
nn::Dataset bands(long n, unsigned seed) {
  nn::Dataset d;
  d.shape = nn::Shape::image(28, 28, 1);
  d.classes = 3;
  d.class_names = {"top", "middle", "bottom"};
  std::mt19937 rng(seed);
  for (long i = 0; i < n; ++i) {
    const int label = static_cast<int>(i % 3);
    d.labels.push_back(label);
    for (int r = 0; r < 28; ++r)
      for (int c = 0; c < 28; ++c)
        d.pixels.push_back(static_cast<std::uint8_t>((r / 10 == label ? 180 : 0) + rng() % 60));
  }
  return d;
}

nn::DataSplit tiny() {
  return {"bands", bands(96, 1), bands(30, 2)};
}

CnnConfig mlp_config(int epochs) {
  CnnConfig c;
  c.model = "mlp";
  c.epochs = epochs;
  c.batch_size = 16;
  c.validation_split = 0.25;
  c.threads = 1;
  c.hyper = {{"lr", 0.003}};
  return c;
}

// Polls the snapshot until `done` holds (the worker publishes after every batch).
template <class F>
lab::model::CnnSnapshot wait_for(const CnnSession& s, F done) {
  for (int i = 0; i < 20000; ++i) {
    auto snap = s.snapshot();
    if (done(snap)) return snap;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  FAIL("the session never reached the awaited state");
  return {};
}

}  // namespace

TEST_CASE("A run publishes every batch and epoch, predictions and the test evaluation") {
  CnnSession session;
  const CnnConfig c = mlp_config(3);
  session.start(c, tiny());
  session.wait();
  const auto s = session.snapshot();
  INFO(s.message);
  REQUIRE(s.status == CnnStatus::Finished);
  CHECK(s.train_images == 72);
  CHECK(s.validation_images == 24);
  CHECK(s.test_images == 30);
  CHECK(s.batches == 5);             // ⌈72 / 16⌉
  CHECK(s.batch_loss.size() == 15);  // every batch of the 3 epochs
  CHECK(s.epoch_starts == std::vector<std::int64_t>{0, 5, 10});
  REQUIRE(s.history.size() == 3);
  for (const char* key : {"loss", "accuracy", "val_loss", "val_accuracy", "lr"}) CHECK(s.history[0].count(key));
  CHECK(s.history.back().at("loss") < s.history.front().at("loss"));
  CHECK(s.parameters == 784 * 128 + 128 + 128 * 3 + 3);
  CHECK_THAT(s.summary, Catch::Contains("Total params: 100,867"));
  REQUIRE_FALSE(s.rule.empty());
  CHECK_THAT(s.rule.front().formula + s.rule.back().formula, Catch::Contains("θ"));
  // One sample of each class comes first, every sample has a guess.
  REQUIRE(s.samples.size() == static_cast<std::size_t>(CnnSession::kSamples));
  CHECK(s.samples[0].label == 0);
  CHECK(s.samples[1].label == 1);
  CHECK(s.samples[2].label == 2);
  for (const auto& sample : s.samples) {
    CHECK(sample.pixels.size() == 784);
    CHECK(sample.predicted >= 0);
    CHECK(sample.confidence > 0.0f);
  }
  REQUIRE(s.test);
  CHECK(s.test->confusion.total() == 30);
  CHECK(s.test->accuracy() > 0.9);  // three bands are easy
}

TEST_CASE("The session trains exactly as nn::Trainer does with the same settings") {
  CnnSession session;
  const CnnConfig c = mlp_config(2);
  const nn::DataSplit data = tiny();
  session.start(c, data);
  session.wait();
  const auto s = session.snapshot();
  REQUIRE(s.status == CnnStatus::Finished);

  auto model = nn::reference_mlp(data.train.shape, 3);
  model->initialize(c.seed);
  model->set_seed(c.seed);
  model->set_threads(1);
  auto opt = optim::make_optimizer<float>("adam");
  opt->set("lr", 0.003);
  nn::Trainer trainer(*model, *opt);
  const auto history =
      trainer.fit(data.train, nullptr, {.epochs = 2, .batch_size = 16, .validation_split = 0.25, .seed = c.seed});
  REQUIRE(history.size() == s.history.size());
  for (std::size_t e = 0; e < history.size(); ++e) {
    CHECK(history[e].at("loss") == s.history[e].at("loss"));
    CHECK(history[e].at("val_loss") == s.history[e].at("val_loss"));
  }
  CHECK(trainer.evaluate(data.test).loss == s.test->loss);
}

TEST_CASE("The trained model saves as a whole model that loads and evaluates the same") {
  CnnSession session;
  const auto path =
      std::filesystem::temp_directory_path() / ("descent_cnn_session_" + std::to_string(::getpid()) + ".h5");
  CHECK_THROWS_WITH(session.save_model(path.string()), Catch::Contains("no trained model"));
  const nn::DataSplit data = tiny();
  session.start(mlp_config(2), data);
  session.wait();
  const auto s = session.snapshot();
  REQUIRE(s.status == CnnStatus::Finished);
  session.save_model(path.string());
  nn::LoadedModel loaded = nn::load_model(path.string());
  CHECK(loaded.epoch == 2);
  CHECK(loaded.optimizer->name() == "adam");
  CHECK(loaded.class_names == std::vector<std::string>{"top", "middle", "bottom"});
  nn::Trainer again(*loaded.model, *loaded.optimizer);
  CHECK(again.evaluate(data.test).loss == s.test->loss);
  std::filesystem::remove(path);

  session.start(mlp_config(100000), tiny());
  wait_for(session, [](const auto& snap) { return snap.batch_loss.size() >= 1; });
  CHECK_THROWS_WITH(session.save_model(path.string()), Catch::Contains("in progress"));
  CHECK_FALSE(std::filesystem::exists(path));
  session.stop();
  session.wait();
}

TEST_CASE("Finished runs are kept to compare with, the newest few") {
  CnnSession session;
  const nn::DataSplit data = tiny();
  for (double lr : {0.003, 0.01}) {
    CnnConfig c = mlp_config(2);
    c.hyper = {{"lr", lr}};
    session.start(c, data);
    session.wait();
  }
  auto s = session.snapshot();
  REQUIRE(s.earlier.size() == 1);  // the first run; the second is the current one
  CHECK_THAT(s.earlier[0].label, Catch::Contains("Adam") && Catch::Contains("0.003") && Catch::Contains("MLP"));
  CHECK(s.earlier[0].history.size() == 2);
  CHECK(s.earlier[0].batch_loss.size() == 10);
  CHECK(s.earlier[0].test_accuracy > 0.5);
  for (int i = 0; i < CnnSession::kEarlierRuns + 2; ++i) {
    session.start(mlp_config(1), data);
    session.wait();
  }
  CHECK(session.snapshot().earlier.size() == static_cast<std::size_t>(CnnSession::kEarlierRuns));
  session.clear_earlier();
  CHECK(session.snapshot().earlier.empty());
  // A failed run is not kept (the finished one before it is).
  CnnConfig missing = mlp_config(1);
  missing.data = "/nonexistent/folder";
  session.start(missing);
  session.wait();
  CHECK(session.snapshot().earlier.size() == 1);
  session.start(mlp_config(1), data);
  session.wait();
  CHECK(session.snapshot().earlier.size() == 1);
}

TEST_CASE("Pause holds the run between batches, resume goes on, stop ends it early") {
  CnnSession session;
  session.start(mlp_config(100000), tiny());
  wait_for(session, [](const auto& s) { return s.batch_loss.size() >= 2; });
  session.pause();
  // The batch in flight may finish; after that nothing moves.
  const auto paused = wait_for(session, [](const auto& s) { return s.status == CnnStatus::Paused; });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const std::size_t held = session.snapshot().batch_loss.size();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(session.snapshot().batch_loss.size() == held);
  CHECK(session.running());
  CHECK_THROWS_AS(session.start(mlp_config(1), tiny()), std::logic_error);

  session.resume();
  wait_for(session, [&](const auto& s) { return s.batch_loss.size() > held + 3; });
  CHECK(session.snapshot().status == CnnStatus::Training);
  session.stop();
  session.wait();
  const auto s = session.snapshot();
  CHECK(s.status == CnnStatus::Stopped);
  CHECK(s.history.size() < 100000);
  REQUIRE(s.test);  // a stopped model is still evaluated
  CHECK(s.test->confusion.total() == 30);
  CHECK_FALSE(session.running());
  (void)paused;

  // A stop while paused ends the run too.
  session.start(mlp_config(100000), tiny());
  wait_for(session, [](const auto& snap) { return snap.batch_loss.size() >= 1; });
  session.pause();
  session.stop();
  session.wait();
  CHECK(session.snapshot().status == CnnStatus::Stopped);
}

TEST_CASE("Bad settings are refused before a run and a missing data set fails with its message") {
  CnnSession session;
  auto bad = [&](auto change, const char* message) {
    CnnConfig c = mlp_config(1);
    change(c);
    CHECK_THROWS_WITH(session.start(c, tiny()), Catch::Contains(message));
  };
  bad([](CnnConfig& c) { c.optimizer = "newton"; }, "Hessian");
  bad([](CnnConfig& c) { c.optimizer = "bfgs"; }, "too big for a network");
  bad([](CnnConfig& c) { c.optimizer = "nope"; }, "nope");
  bad([](CnnConfig& c) { c.model = "resnet"; }, "cnn or mlp");
  bad([](CnnConfig& c) { c.epochs = 0; }, "epochs");
  bad([](CnnConfig& c) { c.batch_size = 0; }, "batch size");
  bad([](CnnConfig& c) { c.validation_split = 1; }, "validation split");
  CHECK_FALSE(session.running());

  bad([](CnnConfig& c) { c.hyper = {{"lr", -1}}; }, "lr");
  bad([](CnnConfig& c) { c.hyper = {{"momentum", 0.9}}; }, "momentum");  // adam has no such hyperparameter
  CHECK_FALSE(session.running());

  CnnConfig c = mlp_config(1);
  c.data = "/nonexistent/folder";
  session.start(c);
  session.wait();
  CHECK(session.snapshot().status == CnnStatus::Failed);
  CHECK_THAT(session.snapshot().message, Catch::Contains("/nonexistent/folder"));
}
