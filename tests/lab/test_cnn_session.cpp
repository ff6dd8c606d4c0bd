// The CNN trainer pane's model: a run on the worker thread, its snapshots,
// pause, resume and stop, and that it trains exactly as nn::Trainer does;
// divergence, a fair race, the event list, loading a model and continuing;
// the layer editor's plan trained through the command path.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <random>
#include <thread>

#include "lab/model/cnn_session.hpp"
#include "lab/model/commands.hpp"
#include "nn/model_io.hpp"
#include "nn/reference_models.hpp"
#include "optim/common_options.hpp"
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

// Batches trained so far by the first run.
std::size_t loss_count(const lab::model::CnnSnapshot& s) {
  return s.runs.empty() ? 0 : s.runs[0].batch_loss.size();
}

std::filesystem::path temp_path(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("descent_cnn_session_" + std::to_string(::getpid()) + "_" + name);
}

// Every weight of run `run`'s model, through the file save_model writes.
std::vector<float> weights_of(CnnSession& session, std::size_t run) {
  const auto path = temp_path("weights" + std::to_string(run) + ".h5");
  session.save_model(path.string(), run);
  nn::LoadedModel loaded = nn::load_model(path.string());
  std::filesystem::remove(path);
  const auto& p = loaded.model->params();
  return std::vector<float>(p.data(), p.data() + p.size());
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
  CHECK(s.batches == 5);  // ⌈72 / 16⌉
  REQUIRE(s.runs.size() == 1);
  const lab::model::CnnRun& run = s.runs[0];
  CHECK(run.status == CnnStatus::Finished);
  CHECK(run.batch_loss.size() == 15);  // every batch of the 3 epochs
  CHECK(run.batch_lr.size() == 15);
  CHECK(run.epoch_starts == std::vector<std::int64_t>{0, 5, 10});
  REQUIRE(run.history.size() == 3);
  CHECK(run.history_x == std::vector<double>{1, 2, 3});
  CHECK_FALSE(run.partial_last_epoch());
  CHECK(run.images == 3 * 72);
  for (const char* key : {"loss", "accuracy", "val_loss", "val_accuracy", "lr"}) CHECK(run.history[0].count(key));
  CHECK(run.history.back().at("loss") < run.history.front().at("loss"));
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
  REQUIRE(history.size() == s.runs[0].history.size());
  for (std::size_t e = 0; e < history.size(); ++e) {
    CHECK(history[e].at("loss") == s.runs[0].history[e].at("loss"));
    CHECK(history[e].at("val_loss") == s.runs[0].history[e].at("val_loss"));
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
  wait_for(session, [](const auto& snap) { return loss_count(snap) >= 1; });
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
  REQUIRE(s.earlier[0].test);
  CHECK(s.earlier[0].test->accuracy() > 0.5);
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
  wait_for(session, [](const auto& s) { return loss_count(s) >= 2; });
  session.pause();
  // The batch in flight may finish; after that nothing moves.
  const auto paused = wait_for(session, [](const auto& s) { return s.status == CnnStatus::Paused; });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const std::size_t held = loss_count(session.snapshot());
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(loss_count(session.snapshot()) == held);
  CHECK(session.running());
  CHECK_THROWS_AS(session.start(mlp_config(1), tiny()), std::logic_error);

  session.resume();
  wait_for(session, [&](const auto& s) { return loss_count(s) > held + 3; });
  CHECK(session.snapshot().status == CnnStatus::Training);
  session.stop();
  session.wait();
  const auto s = session.snapshot();
  CHECK(s.status == CnnStatus::Stopped);
  CHECK(s.runs[0].history.size() < 100000);
  CHECK(s.runs[0].status == CnnStatus::Stopped);
  REQUIRE(s.test);  // a stopped model is still evaluated
  CHECK(s.test->confusion.total() == 30);
  CHECK_FALSE(session.running());
  (void)paused;

  // A stop while paused ends the run too.
  session.start(mlp_config(100000), tiny());
  wait_for(session, [](const auto& snap) { return loss_count(snap) >= 1; });
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

TEST_CASE("A loss that is not a number stops the run at once, marked diverged with no test result") {
  CnnSession session;
  CnnConfig c = mlp_config(3);
  c.optimizer = "sgd";
  c.hyper = {{"lr", 1e6}};
  session.start(c, tiny());
  session.wait();
  const auto s = session.snapshot();
  CHECK(s.status == CnnStatus::Diverged);
  REQUIRE(s.runs.size() == 1);
  const lab::model::CnnRun& run = s.runs[0];
  CHECK(run.status == CnnStatus::Diverged);
  CHECK_THAT(run.message, Catch::StartsWith("diverged at epoch 1, batch "));
  CHECK(s.message == run.message);
  // It stopped at the first bad batch: nothing trained after it.
  REQUIRE_FALSE(run.batch_loss.empty());
  const float last = run.batch_loss.back();
  CHECK((!std::isfinite(last) || last > lab::model::kBlowUpFactor));
  for (std::size_t i = 0; i + 1 < run.batch_loss.size(); ++i) CHECK(std::isfinite(run.batch_loss[i]));
  CHECK(run.batch_loss.size() < 5u);
  CHECK_FALSE(run.test);
  CHECK_FALSE(s.test);
  REQUIRE(run.events.size() == 1);
  CHECK(run.events[0].kind == lab::model::CnnEvent::Kind::Diverged);
  CHECK(run.partial_last_epoch());
  CHECK(lab::model::run_facts(run, 0.5, s.train_images).test_accuracy == -1);
  // No prediction of a broken model is shown.
  for (const auto& sample : s.samples) CHECK(sample.predicted == -1);
  // It is not saved as a trained model, and stays in the comparison marked diverged.
  CHECK_THROWS_WITH(session.save_model(temp_path("diverged.h5").string()), Catch::Contains("no trained model"));
  session.start(mlp_config(1), tiny());
  session.wait();
  REQUIRE(session.snapshot().earlier.size() == 1);
  CHECK(session.snapshot().earlier[0].status == CnnStatus::Diverged);
}

TEST_CASE("A run stopped mid-epoch says where it stopped, and its last epoch is partial") {
  CnnSession session;
  CnnConfig c = mlp_config(100000);
  c.batch_size = 1;  // 72 batches an epoch: the stop lands inside one
  session.start(c, tiny());
  wait_for(session, [](const auto& s) { return loss_count(s) >= 80; });
  session.stop();
  session.wait();
  const auto s = session.snapshot();
  const lab::model::CnnRun& run = s.runs[0];
  CHECK(run.status == CnnStatus::Stopped);
  const long reached = static_cast<long>(run.batch_loss.size()) - run.epoch_starts.back();
  REQUIRE(reached < 72);  // not at an epoch's end
  CHECK(run.message == "stopped at epoch " + std::to_string(run.epoch_starts.size()) + ", batch " +
                           std::to_string(reached) + " of 72");
  CHECK(run.partial_last_epoch());
  CHECK(run.history_x.back() ==
        Approx(static_cast<double>(run.epoch_starts.size() - 1) + static_cast<double>(reached) / 72.0));
  CHECK(run.x_end() == Approx(run.history_x.back()));
  REQUIRE(run.test);
}

TEST_CASE("A race starts every optimizer from the same weights on the same batches, in turns") {
  CnnSession session;
  CnnConfig c = mlp_config(2);
  c.rivals = {{"adam", {{"lr", 0.003}}}, {"sgd", {{"lr", 0.05}}}};
  const nn::DataSplit data = tiny();
  session.start(c, data);
  session.wait();
  const auto s = session.snapshot();
  CHECK(s.status == CnnStatus::Finished);
  REQUIRE(s.runs.size() == 3);
  for (const auto& run : s.runs) {
    CHECK(run.status == CnnStatus::Finished);
    CHECK(run.batch_loss.size() == 10);
    REQUIRE(run.test);
  }
  CHECK_THAT(s.runs[2].label, Catch::Contains("SGD"));
  // Two identical optimizers end bit-identical.
  CHECK(s.runs[0].batch_loss == s.runs[1].batch_loss);
  CHECK(weights_of(session, 0) == weights_of(session, 1));
  CHECK(s.runs[0].test->loss == s.runs[1].test->loss);
  // The same first batch from the same weights: the same first loss for all.
  CHECK(s.runs[2].batch_loss[0] == s.runs[0].batch_loss[0]);
  CHECK(s.runs[2].batch_loss != s.runs[0].batch_loss);
  // SGD saw the batch order a lone nn::Trainer sees with the seed, Adam's too.
  auto model = nn::reference_mlp(data.train.shape, 3);
  model->initialize(c.seed);
  model->set_seed(c.seed);
  model->set_threads(1);
  auto sgd = optim::make_optimizer<float>("sgd");
  sgd->set("lr", 0.05);
  nn::Trainer alone(*model, *sgd);
  const auto history =
      alone.fit(data.train, nullptr, {.epochs = 2, .batch_size = 16, .validation_split = 0.25, .seed = c.seed});
  for (std::size_t e = 0; e < 2; ++e) CHECK(history[e].at("loss") == s.runs[2].history[e].at("loss"));
  CHECK(weights_of(session, 2) ==
        std::vector<float>(model->params().data(), model->params().data() + model->params().size()));
  // A race of more than four is refused.
  c.rivals.push_back({"sgd", {}});
  c.rivals.push_back({"sgd", {}});
  CHECK_THROWS_WITH(session.start(c, data), Catch::Contains("at most 4"));
}

TEST_CASE("A race in which one run diverges goes on with the others") {
  CnnSession session;
  CnnConfig c = mlp_config(2);
  c.rivals = {{"sgd", {{"lr", 1e6}}}};
  session.start(c, tiny());
  session.wait();
  const auto s = session.snapshot();
  CHECK(s.status == CnnStatus::Finished);
  CHECK(s.runs[0].status == CnnStatus::Finished);
  CHECK(s.runs[0].batch_loss.size() == 10);
  CHECK(s.runs[1].status == CnnStatus::Diverged);
  CHECK_FALSE(s.runs[1].test);
}

TEST_CASE("Learning-rate cuts, early stop, restored weights and checkpoints are listed where they happened") {
  const auto dir = temp_path("checkpoints");
  std::filesystem::create_directories(dir);
  CnnSession session;
  CnnConfig c = mlp_config(5);
  // The step schedule halves the rate after every epoch.
  c.hyper = {{"lr", 0.003}, {"schedule", static_cast<double>(optim::Schedule::step)}, {"step_size", 1}, {"gamma", 0.5}};
  // No improvement of 10 in val_loss can happen: the second epoch stops the run.
  c.callbacks.early_stopping = nn::EarlyStopping::Config{.min_delta = 10, .patience = 1, .restore_best_weights = true};
  c.callbacks.checkpoint = nn::ModelCheckpoint::Config{.filepath = (dir / "ckpt-{epoch:02d}.h5").string()};
  session.start(c, tiny());
  session.wait();
  const auto s = session.snapshot();
  const lab::model::CnnRun& run = s.runs[0];
  INFO(run.message);
  CHECK(run.status == CnnStatus::Finished);
  CHECK(run.history.size() == 2);
  // The rate each batch used: 0.003 in epoch 1, 0.0015 in epoch 2.
  CHECK(run.batch_lr[0] == Approx(0.003));
  CHECK(run.batch_lr[5] == Approx(0.0015));
  using Kind = lab::model::CnnEvent::Kind;
  std::vector<Kind> kinds;
  for (const auto& e : run.events) kinds.push_back(e.kind);
  CHECK(kinds == std::vector<Kind>{Kind::LrCut, Kind::Checkpoint, Kind::LrCut, Kind::EarlyStop, Kind::RestoredBest,
                                   Kind::Checkpoint});
  CHECK(run.events[0].x == 1);
  CHECK(run.events[3].x == 2);
  CHECK_THAT(run.events[0].text, Catch::Contains("0.003") && Catch::Contains("0.0015"));
  CHECK_THAT(run.events[4].text, Catch::Contains("epoch 1"));
  REQUIRE(run.checkpoints.size() == 2);
  CHECK_THAT(run.checkpoints[0], Catch::EndsWith("ckpt-01.h5"));
  for (const auto& path : run.checkpoints) CHECK(nn::load_model(path).model);
  // Each checkpoint loads into a new run, ready to evaluate.
  CnnConfig again = mlp_config(1);
  again.initial_model = run.checkpoints[0];
  again.evaluate_only = true;
  session.start(again, tiny());
  session.wait();
  CHECK(session.snapshot().status == CnnStatus::Finished);
  CHECK(session.snapshot().runs[0].batch_loss.empty());
  REQUIRE(session.snapshot().test);
  std::filesystem::remove_all(dir);
}

TEST_CASE("A loaded model evaluates as saved and continues training from its own weights") {
  const auto path = temp_path("continue.h5");
  const nn::DataSplit data = tiny();
  CnnSession session;
  session.start(mlp_config(1), data);
  session.wait();
  const double saved_test_loss = session.snapshot().test->loss;
  session.save_model(path.string());

  CnnConfig evaluate = mlp_config(1);
  evaluate.initial_model = path.string();
  evaluate.evaluate_only = true;
  session.start(evaluate, data);
  session.wait();
  REQUIRE(session.snapshot().test);
  CHECK(session.snapshot().test->loss == saved_test_loss);

  CnnConfig more = mlp_config(2);
  more.initial_model = path.string();
  session.start(more, data);
  session.wait();
  const auto s = session.snapshot();
  REQUIRE(s.status == CnnStatus::Finished);
  const lab::model::CnnRun& run = s.runs[0];
  CHECK(run.first_epoch == 1);
  CHECK(run.history.size() == 2);     // the saved epoch and the new one
  CHECK(run.batch_loss.size() == 5);  // one epoch trained here
  CHECK(run.history_x == std::vector<double>{1, 2});
  // The same as nn::Trainer going on from the file.
  nn::LoadedModel loaded = nn::load_model(path.string());
  loaded.model->set_seed(1);
  loaded.model->set_threads(1);
  nn::Trainer trainer(*loaded.model, *loaded.optimizer);
  trainer.set_epoch(loaded.epoch);
  const auto history =
      trainer.fit(data.train, nullptr, {.epochs = 2, .batch_size = 16, .validation_split = 0.25, .seed = 1});
  CHECK(history.back().at("loss") == run.history.back().at("loss"));
  CHECK(trainer.evaluate(data.test).loss == s.test->loss);

  // A model that does not fit the data is refused with the reason.
  nn::DataSplit other = data;
  other.train.classes = other.test.classes = 4;
  session.start(more, other);
  session.wait();
  CHECK(session.snapshot().status == CnnStatus::Failed);
  CHECK_THAT(session.snapshot().message, Catch::Contains("3 outputs but the data has 4 classes"));
  std::filesystem::remove(path);
}

TEST_CASE("The summary's figures: best and final accuracy, and when the target was reached") {
  lab::model::CnnRun run;
  run.status = CnnStatus::Stopped;
  run.batches = 10;
  run.seconds = 12;
  run.history = {{{"accuracy", 0.5}, {"val_accuracy", 0.6}},
                 {{"accuracy", 0.8}, {"val_accuracy", 0.92}},
                 {{"accuracy", 0.9}, {"val_accuracy", 0.9}}};
  run.history_x = {1, 2, 2.5};
  const auto f = lab::model::run_facts(run, 0.9, 1000);
  CHECK(f.best_accuracy == 0.92);
  CHECK(f.final_accuracy == 0.9);
  CHECK(f.epochs_to_target == 2);
  CHECK(f.images_to_target == 2000);
  CHECK(f.test_accuracy == -1);
  CHECK(lab::model::run_facts(run, 0.95, 1000).epochs_to_target == -1);
  // Without validation data, the training accuracy counts.
  run.history = {{{"accuracy", 0.97}}};
  run.history_x = {0.4};
  const auto g = lab::model::run_facts(run, 0.95, 1000);
  CHECK(g.epochs_to_target == 1);
  CHECK(g.images_to_target == 400);
}

TEST_CASE("Pause holds every run of a race, resume goes on, stop ends them all") {
  CnnSession session;
  CnnConfig c = mlp_config(100000);
  c.rivals = {{"sgd", {{"lr", 0.05}}}, {"momentum", {}}};
  session.start(c, tiny());
  wait_for(session, [](const auto& s) { return s.runs.size() == 3 && s.runs[2].batch_loss.size() >= 2; });
  session.pause();
  wait_for(session, [](const auto& s) { return s.status == CnnStatus::Paused; });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const auto held = session.snapshot();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto later = session.snapshot();
  for (std::size_t r = 0; r < 3; ++r) CHECK(later.runs[r].batch_loss.size() == held.runs[r].batch_loss.size());
  // In turns: no run is more than one batch ahead of another.
  for (std::size_t r = 1; r < 3; ++r)
    CHECK(std::abs(static_cast<long>(held.runs[r].batch_loss.size()) -
                   static_cast<long>(held.runs[0].batch_loss.size())) <= 1);
  session.resume();
  wait_for(session, [&](const auto& s) { return s.runs[2].batch_loss.size() > held.runs[2].batch_loss.size() + 3; });
  session.stop();
  session.wait();
  const auto s = session.snapshot();
  CHECK(s.status == CnnStatus::Stopped);
  for (const auto& run : s.runs) {
    CHECK(run.status == CnnStatus::Stopped);
    CHECK_THAT(run.message, Catch::StartsWith("stopped "));
    REQUIRE(run.test);
  }
}

TEST_CASE("The layer editor's plan trains through the command path, two identical optimizers bit-identical") {
  using namespace lab::model;
  auto dense = [](long units, nn::Act act) {
    LayerSpec spec = default_spec(LayerKind::Dense);
    spec.units = units;
    spec.activation = act;
    return spec;
  };
  LayerPlan plan;
  plan.layers = {default_spec(LayerKind::Flatten), dense(16, nn::Act::Relu), dense(3, nn::Act::Softmax)};

  // "Train this model": the command sets the next run's model to the plan.
  CnnConfig draft = mlp_config(2);
  draft.rivals = {{"adam", {{"lr", 0.003}}}};
  draft.initial_model = "earlier.h5";  // the plan replaces a loaded model too
  Experiment experiment;
  Timeline timeline;
  CnnSession session;
  const Targets targets{experiment, timeline, &session, nullptr, &draft};
  // An empty plan is refused, and the settings stay as they were.
  CHECK_THAT(apply(cmd::UseLayerPlan{LayerPlan{}, false}, targets), Catch::Contains("no layers"));
  CHECK(draft.model == "mlp");
  CHECK(draft.initial_model == "earlier.h5");
  REQUIRE(apply(cmd::UseLayerPlan{plan, false}, targets).empty());
  CHECK(draft.model == "edited");
  CHECK(draft.plan == plan);
  CHECK(draft.initial_model.empty());
  CHECK(architecture_name(draft) == "edited: 3 layers");
  // Without a trainer the command says so.
  CHECK_FALSE(apply(cmd::UseLayerPlan{plan, false}, Targets{experiment, timeline}).empty());

  const nn::DataSplit data = tiny();
  session.start(draft, data);
  session.wait();
  const auto s = session.snapshot();
  INFO(s.message);
  REQUIRE(s.status == CnnStatus::Finished);
  REQUIRE(s.runs.size() == 2);
  CHECK_THAT(s.runs[0].label, Catch::Contains("edited model"));
  // The model is the plan: its layers, its parameters.
  const long params = 784 * 16 + 16 + 16 * 3 + 3;
  CHECK(s.parameters == params);
  CHECK_THAT(s.summary, Catch::Contains("Total params: 12,611"));
  const auto saved = temp_path("edited.h5");
  session.save_model(saved.string());
  const nn::LoadedModel loaded = nn::load_model(saved.string());
  std::filesystem::remove(saved);
  REQUIRE(loaded.model->size() == 3);
  CHECK(loaded.model->layer(0).class_name() == "Flatten");
  CHECK(loaded.model->layer(1).class_name() == "Dense");
  CHECK(loaded.model->layer(1).param_count() == 784 * 16 + 16);
  CHECK(loaded.model->output_shape() == nn::Shape::vector(3));
  // It trained: the loss fell, and every batch of both epochs was seen.
  for (const auto& run : s.runs) {
    CHECK(run.status == CnnStatus::Finished);
    CHECK(run.batch_loss.size() == 10);
    CHECK(run.history.back().at("loss") < run.history.front().at("loss"));
  }
  // The race's guarantee holds for an edited plan: two identical optimizers end bit-identical.
  CHECK(s.runs[0].batch_loss == s.runs[1].batch_loss);
  const std::vector<float> first = weights_of(session, 0);
  CHECK(first == weights_of(session, 1));
  CHECK(s.runs[0].test->loss == s.runs[1].test->loss);
  // ... and both are what a lone nn::Trainer makes of the plan from the seed.
  auto model = build(plan, data.train.shape, 3);
  model->initialize(draft.seed);
  model->set_loss(nn::LossKind::CategoricalCrossentropy);
  model->set_seed(draft.seed);
  model->set_threads(1);
  auto adam = optim::make_optimizer<float>("adam");
  adam->set("lr", 0.003);
  nn::Trainer alone(*model, *adam);
  alone.fit(data.train, nullptr, {.epochs = 2, .batch_size = 16, .validation_split = 0.25, .seed = draft.seed});
  CHECK(first == std::vector<float>(model->params().data(), model->params().data() + model->params().size()));
}

TEST_CASE("An edited plan that does not fit the data fails the race with the plan's reason") {
  using namespace lab::model;
  CnnConfig c = mlp_config(1);
  c.model = "edited";
  LayerSpec out = default_spec(LayerKind::Dense);
  out.units = 5;
  out.activation = nn::Act::Softmax;
  c.plan.layers = {default_spec(LayerKind::Flatten), out};
  CnnSession session;
  session.start(c, tiny());
  session.wait();
  const auto s = session.snapshot();
  CHECK(s.status == CnnStatus::Failed);
  CHECK_THAT(s.message, Catch::Contains("3 classes"));
}
