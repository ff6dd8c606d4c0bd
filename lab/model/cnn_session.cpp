#include "lab/model/cnn_session.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "lab/model/cnn_inspect.hpp"
#include "nn/callbacks.hpp"
#include "nn/model_io.hpp"
#include "nn/reference_models.hpp"
#include "optim/registry.hpp"

namespace lab::model {

const char* status_name(CnnStatus s) {
  switch (s) {
    case CnnStatus::Idle:
      return "ready";
    case CnnStatus::Loading:
      return "loading the data";
    case CnnStatus::Training:
      return "training";
    case CnnStatus::Paused:
      return "paused";
    case CnnStatus::Finished:
      return "finished";
    case CnnStatus::Stopped:
      return "stopped";
    case CnnStatus::Failed:
      return "failed";
  }
  return "?";
}

namespace {

// One test image per class first (so every class is on screen), then the next ones in order.
std::vector<long> sample_indices(const nn::Dataset& test, int count) {
  std::vector<long> out;
  std::vector<bool> seen(static_cast<std::size_t>(test.classes), false);
  for (long i = 0; i < test.size() && static_cast<int>(out.size()) < count; ++i) {
    const int label = test.labels[static_cast<std::size_t>(i)];
    if (label >= 0 && label < test.classes && !seen[static_cast<std::size_t>(label)]) {
      seen[static_cast<std::size_t>(label)] = true;
      out.push_back(i);
    }
  }
  for (long i = 0; i < test.size() && static_cast<int>(out.size()) < count; ++i)
    if (std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
  return out;
}

using Clock = std::chrono::steady_clock;

std::string run_label(const CnnConfig& c) {
  std::string label = optim::optimizer_info(c.optimizer).title;
  auto proto = optim::make_optimizer<float>(c.optimizer);
  for (const auto& [key, value] : c.hyper) proto->set(key, value);
  if (proto->has("lr")) {
    char buf[32];
    std::snprintf(buf, sizeof buf, " \u03B5=%g", proto->get("lr"));
    label += buf;
  }
  label += c.model == "cnn" ? " \u00B7 CNN" : " \u00B7 MLP";
  label += c.data == "mnist" ? " \u00B7 MNIST" : c.data == "fashion" ? " \u00B7 Fashion" : " \u00B7 " + c.data;
  return label;
}

}  // namespace

void validate(const CnnConfig& c) {
  if (c.model != "cnn" && c.model != "mlp")
    throw std::invalid_argument("model must be cnn or mlp, not '" + c.model + "'");
  const optim::OptimizerInfo& info = optim::optimizer_info(c.optimizer);  // throws naming the known ones
  if (!info.for_networks()) throw std::invalid_argument(info.title + " " + info.not_for_networks);
  if (c.epochs < 1) throw std::invalid_argument("epochs must be at least 1");
  if (c.batch_size < 1) throw std::invalid_argument("batch size must be at least 1");
  if (!(c.validation_split >= 0 && c.validation_split < 1))
    throw std::invalid_argument("validation split must be in [0, 1)");
  if (c.threads < 1 || c.threads > 256) throw std::invalid_argument("threads must be in 1 … 256");
  auto probe = optim::make_optimizer<float>(c.optimizer);
  for (const auto& [key, value] : c.hyper) probe->set(key, value);  // throws naming a bad key or value
}

CnnSession::~CnnSession() {
  stop();
  wait();
}

template <class F>
void CnnSession::publish(F&& change) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    change(snap_);
  }
  ++version_;
}

void CnnSession::start(const CnnConfig& config) {
  launch(config, std::nullopt);
}

void CnnSession::start(const CnnConfig& config, nn::DataSplit data) {
  launch(config, std::move(data));
}

void CnnSession::launch(const CnnConfig& config, std::optional<nn::DataSplit> data) {
  validate(config);
  if (running()) throw std::logic_error("a training run is already in progress: stop it first");
  if (worker_.joinable()) worker_.join();
  trainer_.reset();
  opt_.reset();
  model_.reset();
  stop_ = false;
  paused_ = false;
  publish([&](CnnSnapshot& s) {
    // The last run joins the ones to compare with, when it got anywhere.
    std::vector<CnnRunSummary> earlier = std::move(s.earlier);
    if ((s.status == CnnStatus::Finished || s.status == CnnStatus::Stopped) && !s.batch_loss.empty()) {
      CnnRunSummary run;
      run.label = run_label(s.config);
      run.batches = s.batches;
      run.batch_loss = std::move(s.batch_loss);
      run.epoch_starts = std::move(s.epoch_starts);
      run.history = std::move(s.history);
      run.test_accuracy = s.test ? s.test->accuracy() : 0;
      earlier.push_back(std::move(run));
      if (earlier.size() > static_cast<std::size_t>(kEarlierRuns)) earlier.erase(earlier.begin());
    }
    s = CnnSnapshot{};
    s.status = CnnStatus::Loading;
    s.config = config;
    s.earlier = std::move(earlier);
  });
  worker_ = std::thread(&CnnSession::work, this, config, std::move(data));
}

void CnnSession::clear_earlier() {
  publish([](CnnSnapshot& s) { s.earlier.clear(); });
}

void CnnSession::pause() {
  if (!running()) return;
  paused_ = true;
  publish([](CnnSnapshot& s) {
    if (s.status == CnnStatus::Training) s.status = CnnStatus::Paused;
  });
}

void CnnSession::resume() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    paused_ = false;
    if (snap_.status == CnnStatus::Paused) snap_.status = CnnStatus::Training;
  }
  ++version_;
  resume_cv_.notify_all();
}

void CnnSession::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
    paused_ = false;
  }
  resume_cv_.notify_all();
}

void CnnSession::wait() {
  if (worker_.joinable()) worker_.join();
}

void CnnSession::save_model(const std::string& path) {
  if (running()) throw std::logic_error("training is in progress: save the model when it has finished or stopped");
  wait();  // the worker has published its last snapshot; let it return
  if (!trainer_ || snapshot().status == CnnStatus::Failed) throw std::logic_error("there is no trained model to save");
  nn::save_model(path, *trainer_);
}

bool CnnSession::running() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return snap_.status == CnnStatus::Loading || snap_.status == CnnStatus::Training || snap_.status == CnnStatus::Paused;
}

CnnSnapshot CnnSession::snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return snap_;
}

// [SECTION] the worker ---------------------------------------------------------

void CnnSession::work(CnnConfig c, std::optional<nn::DataSplit> given) {
  try {
    if (given) {
      cached_ = std::move(*given);
      cached_name_.clear();  // injected data is never reused by name
    } else if (cached_name_ != c.data || cached_name_.empty()) {
      cached_ = nn::load_dataset(c.data);
      cached_name_ = c.data;
    }
    const nn::DataSplit& data = cached_;
    if (data.train.size() == 0) throw std::invalid_argument("the training set is empty");

    // The run's model, optimizer and trainer outlive it, for save_model().
    model_ = nn::reference_model(c.model, data.train.shape, data.train.classes);
    nn::Sequential<float>* model = model_.get();
    model->initialize(c.seed);
    model->set_seed(c.seed);
    model->set_loss(nn::LossKind::CategoricalCrossentropy);
    model->set_threads(c.threads);
    opt_ = optim::make_optimizer<float>(c.optimizer);
    optim::Optimizer<float>* opt = opt_.get();
    for (const auto& [key, value] : c.hyper) opt->set(key, value);  // throws naming a bad key or value
    trainer_ = std::make_unique<nn::Trainer>(*model, *opt);
    nn::Trainer& trainer = *trainer_;
    trainer.class_names = data.train.class_names;

    const std::vector<long> picks = sample_indices(data.test, kSamples);
    const nn::Dataset sample_set = data.test.subset(picks);
    const long pixels = data.test.shape.size();
    const long n_val = static_cast<long>(std::floor(static_cast<double>(data.train.size()) * c.validation_split));

    publish([&](CnnSnapshot& s) {
      s.status = paused_ ? CnnStatus::Paused : CnnStatus::Training;
      s.summary = model->summary();
      s.parameters = static_cast<long>(model->params().size());
      s.rule = opt->rule();
      s.class_names = data.train.class_names;
      if (s.class_names.empty())
        for (int k = 0; k < data.train.classes; ++k) s.class_names.push_back(std::to_string(k));
      s.train_images = data.train.size() - n_val;
      s.validation_images = n_val;
      s.test_images = data.test.size();
      s.image_h = static_cast<int>(data.test.shape.h);
      s.image_w = static_cast<int>(data.test.shape.w);
      s.image_c = static_cast<int>(data.test.shape.c);
      for (std::size_t i = 0; i < picks.size(); ++i) {
        CnnSample sample;
        const auto* p = sample_set.pixels.data() + static_cast<long>(i) * pixels;
        sample.pixels.assign(p, p + pixels);
        sample.label = sample_set.labels[i];
        s.samples.push_back(std::move(sample));
      }
    });

    const long n_train = data.train.size() - n_val, batch_size = std::min(c.batch_size, n_train);
    double trained_seconds = 0;
    long images = 0;
    Clock::time_point since = Clock::now();
    // Publishes progress after every batch and epoch; waits while paused.
    nn::LambdaCallback watch;
    watch.epoch_begin = [&](int epoch) {
      publish([&](CnnSnapshot& s) {
        s.epoch = epoch;
        s.batch = 0;
        s.epoch_starts.push_back(static_cast<std::int64_t>(s.batch_loss.size()));
      });
    };
    watch.batch_end = [&](long batch, long batches, const nn::Logs& running) {
      images += std::min(batch_size, n_train - batch * batch_size);
      const double now = trained_seconds + std::chrono::duration<double>(Clock::now() - since).count();
      publish([&](CnnSnapshot& s) {
        s.batch = batch + 1;
        s.batches = batches;
        s.running_loss = running.at("loss");
        s.running_accuracy = running.at("accuracy");
        s.batch_loss.push_back(static_cast<float>(running.at("batch_loss")));
        s.seconds = now;
        s.images_per_second = now > 0 ? static_cast<double>(images) / now : 0;
      });
      if (paused_) {
        trained_seconds = now;
        std::unique_lock<std::mutex> lock(mutex_);
        resume_cv_.wait(lock, [&] { return !paused_ || stop_; });
        lock.unlock();
        since = Clock::now();
      }
      if (stop_) trainer.stop_training = true;
    };
    watch.epoch_end = [&](int, nn::Logs& logs) {
      const std::vector<float> probs = trainer.predict(sample_set);
      const long k = data.test.classes;
      publish([&](CnnSnapshot& s) {
        s.history.push_back(logs);
        for (std::size_t i = 0; i < s.samples.size(); ++i) {
          const float* p = probs.data() + static_cast<long>(i) * k;
          const int best = nn::argmax(p, k);
          s.samples[i].predicted = best;
          s.samples[i].confidence = p[best];
        }
      });
    };
    nn::FitOptions fit;
    fit.epochs = c.epochs;
    fit.batch_size = c.batch_size;
    fit.validation_split = c.validation_split;
    fit.seed = c.seed;
    trainer.fit(data.train, nullptr, fit, {&watch});

    const nn::Evaluation test = trainer.evaluate(data.test);
    const bool stopped = stop_;
    std::shared_ptr<const nn::Sequential<float>> trained = copy_model(*model);
    auto test_set = std::make_shared<const nn::Dataset>(data.test);
    publish([&](CnnSnapshot& s) {
      s.test = test;
      s.trained_model = std::move(trained);
      s.test_set = std::move(test_set);
      s.status = stopped ? CnnStatus::Stopped : CnnStatus::Finished;
    });
  } catch (const std::exception& e) {
    publish([&](CnnSnapshot& s) {
      s.status = CnnStatus::Failed;
      s.message = e.what();
    });
  }
}

}  // namespace lab::model
