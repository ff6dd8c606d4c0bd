#include "lab/model/cnn_session.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <stdexcept>

#include "lab/model/cnn_inspect.hpp"
#include "lab/model/cnn_turns.hpp"
#include "nn/callbacks.hpp"
#include "nn/model_io.hpp"
#include "nn/reference_models.hpp"
#include "nn/trainer.hpp"
#include "optim/common_options.hpp"
#include "optim/registry.hpp"

namespace lab::model {

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

// Run `index`'s checkpoint pattern: "run2-" before the file name in a race of more than one.
std::string run_pattern(const std::string& pattern, std::size_t index, std::size_t runs) {
  if (runs <= 1) return pattern;
  const std::filesystem::path p(pattern);
  return (p.parent_path() / ("run" + std::to_string(index + 1) + "-" + p.filename().string())).string();
}

// Schedules that cut the rate in steps (an event each time); the smooth ones show on the rate's curve alone.
bool discrete_schedule(const optim::Optimizer<float>& opt) {
  const auto schedule = static_cast<optim::Schedule>(static_cast<int>(opt.get("schedule")));
  return schedule == optim::Schedule::step || schedule == optim::Schedule::plateau;
}

}  // namespace

std::vector<CnnEntrant> entrants(const CnnConfig& c) {
  std::vector<CnnEntrant> out{{c.optimizer, c.hyper}};
  out.insert(out.end(), c.rivals.begin(), c.rivals.end());
  return out;
}

std::string run_label(const CnnConfig& c, const CnnEntrant& entrant) {
  std::string label = optim::optimizer_info(entrant.optimizer).title;
  auto proto = optim::make_optimizer<float>(entrant.optimizer);
  for (const auto& [key, value] : entrant.hyper) proto->set(key, value);
  if (proto->has("lr")) {
    char buf[32];
    std::snprintf(buf, sizeof buf, " \u03B5=%g", proto->get("lr"));
    label += buf;
  }
  if (!c.initial_model.empty())
    label += " \u00B7 " + std::filesystem::path(c.initial_model).filename().string();
  else if (c.model == "edited")
    label += " \u00B7 edited model";
  else
    label += c.model == "cnn" ? " \u00B7 CNN" : " \u00B7 MLP";
  label += c.data == "mnist" ? " \u00B7 MNIST" : c.data == "fashion" ? " \u00B7 Fashion" : " \u00B7 " + c.data;
  return label;
}

std::string architecture_name(const CnnConfig& c) {
  if (!c.initial_model.empty()) return std::filesystem::path(c.initial_model).filename().string();
  if (c.model != "edited") return c.model;
  const std::size_t n = c.plan.layers.size();
  return "edited: " + std::to_string(n) + (n == 1 ? " layer" : " layers");
}

std::unique_ptr<nn::Sequential<float>> fresh_model(const CnnConfig& c, const nn::Shape& input, int classes) {
  auto model = c.model == "edited" ? build(c.plan, input, classes) : nn::reference_model(c.model, input, classes);
  model->initialize(c.seed);
  model->set_loss(nn::LossKind::CategoricalCrossentropy);
  return model;
}

void validate(const CnnConfig& c) {
  if (c.initial_model.empty() && c.model != "cnn" && c.model != "mlp" && c.model != "edited")
    throw std::invalid_argument("model must be cnn or mlp (or the edited plan), not '" + c.model + "'");
  if (c.initial_model.empty() && c.model == "edited" && c.plan.layers.empty())
    throw std::invalid_argument("the edited model has no layers");
  if (static_cast<int>(c.rivals.size()) > CnnConfig::kMaxRivals)
    throw std::invalid_argument("a race has at most " + std::to_string(CnnConfig::kMaxRivals + 1) + " optimizers");
  if (c.epochs < 1) throw std::invalid_argument("epochs must be at least 1");
  if (c.batch_size < 1) throw std::invalid_argument("batch size must be at least 1");
  if (!(c.validation_split >= 0 && c.validation_split < 1))
    throw std::invalid_argument("validation split must be in [0, 1)");
  if (c.threads < 1 || c.threads > 256) throw std::invalid_argument("threads must be in 1 … 256");
  if (c.evaluate_only && c.initial_model.empty()) throw std::invalid_argument("there is no model to evaluate");
  if (!(c.target_accuracy >= 0 && c.target_accuracy <= 1))
    throw std::invalid_argument("the target accuracy must be in [0, 1]");
  for (const CnnEntrant& e : entrants(c)) {
    const optim::OptimizerInfo& info = optim::optimizer_info(e.optimizer);  // throws naming the known ones
    if (!info.for_networks()) throw std::invalid_argument(info.title + " " + info.not_for_networks);
    auto probe = optim::make_optimizer<float>(e.optimizer);
    for (const auto& [key, value] : e.hyper) probe->set(key, value);  // throws naming a bad key or value
  }
  if (c.callbacks.reduce_lr) nn::ReduceLROnPlateau check(*c.callbacks.reduce_lr);  // throws naming a bad setting
  if (c.callbacks.checkpoint) {
    if (c.callbacks.checkpoint->filepath.empty()) throw std::invalid_argument("the checkpoint needs a file pattern");
    nn::format_checkpoint_path(c.callbacks.checkpoint->filepath, 0,
                               {{"loss", 0}, {"accuracy", 0}, {"val_loss", 0}, {"val_accuracy", 0}, {"lr", 0}});
  }
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
  trainers_.clear();
  opts_.clear();
  models_.clear();
  stop_ = false;
  paused_ = false;
  publish([&](CnnSnapshot& s) {
    // The last race's runs join the ones to compare with, when they got anywhere.
    std::vector<CnnRun> earlier = std::move(s.earlier);
    for (CnnRun& run : s.runs) {
      const bool ended =
          run.status == CnnStatus::Finished || run.status == CnnStatus::Stopped || run.status == CnnStatus::Diverged;
      if (ended && !run.batch_loss.empty()) earlier.push_back(std::move(run));
    }
    if (earlier.size() > static_cast<std::size_t>(kEarlierRuns))
      earlier.erase(earlier.begin(), earlier.end() - kEarlierRuns);
    s = CnnSnapshot{};
    s.status = CnnStatus::Loading;
    s.config = config;
    for (const CnnEntrant& e : entrants(config)) {
      CnnRun run;
      run.label = run_label(config, e);
      run.entrant = e;
      s.runs.push_back(std::move(run));
    }
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

void CnnSession::save_model(const std::string& path, std::size_t run) {
  if (running()) throw std::logic_error("training is in progress: save the model when it has finished or stopped");
  wait();  // the workers have published their last snapshot; let them return
  const CnnSnapshot s = snapshot();
  if (run >= trainers_.size() || !trainers_[run] || run >= s.runs.size() ||
      (s.runs[run].status != CnnStatus::Finished && s.runs[run].status != CnnStatus::Stopped))
    throw std::logic_error("there is no trained model to save");
  nn::save_model(path, *trainers_[run]);
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

    // Every run's model: the same initial weights, from the seed or from the file.
    const std::vector<CnnEntrant> list = entrants(c);
    const std::size_t n = list.size();
    for (std::size_t i = 0; i < n; ++i) {
      std::unique_ptr<nn::Sequential<float>> model;
      std::unique_ptr<optim::Optimizer<float>> opt;
      int epoch = 0;
      std::vector<nn::Logs> history;
      if (!c.initial_model.empty()) {
        nn::LoadedModel loaded = nn::load_model(c.initial_model);
        if (!c.evaluate_only && !loaded.training_refused.empty())
          throw std::invalid_argument(c.initial_model + ": " + loaded.training_refused);
        if (const std::string problem = nn::data_mismatch(*loaded.model, data.train); !problem.empty())
          throw std::invalid_argument(c.initial_model + ": " + problem);
        model = std::move(loaded.model);
        // Its own optimizer goes on where it was; another starts afresh from the same weights.
        if (loaded.optimizer && loaded.optimizer->name() == list[i].optimizer && loaded.optimizer_state_problem.empty())
          opt = std::move(loaded.optimizer);
        epoch = loaded.epoch;
        history = std::move(loaded.history);
      } else {
        model = fresh_model(c, data.train.shape, data.train.classes);
      }
      model->set_seed(c.seed);
      model->set_threads(c.threads);
      if (!opt) opt = optim::make_optimizer<float>(list[i].optimizer);
      for (const auto& [key, value] : list[i].hyper) opt->set(key, value);  // throws naming a bad key or value
      auto trainer = std::make_unique<nn::Trainer>(*model, *opt);
      trainer->class_names = data.train.class_names;
      trainer->set_epoch(epoch);
      trainer->set_history(std::move(history));
      models_.push_back(std::move(model));
      opts_.push_back(std::move(opt));
      trainers_.push_back(std::move(trainer));
    }

    const std::vector<long> picks = sample_indices(data.test, kSamples);
    const nn::Dataset sample_set = data.test.subset(picks);
    const long pixels = data.test.shape.size();
    const long n_val = static_cast<long>(std::floor(static_cast<double>(data.train.size()) * c.validation_split));
    const long n_train = data.train.size() - n_val, batch_size = std::min(c.batch_size, n_train);
    if (n_train < 1) throw std::invalid_argument("the validation split leaves no training images");

    publish([&](CnnSnapshot& s) {
      s.status = paused_ ? CnnStatus::Paused : CnnStatus::Training;
      s.summary = models_[0]->summary();
      s.parameters = static_cast<long>(models_[0]->params().size());
      s.rule = opts_[0]->rule();
      s.class_names = data.train.class_names;
      if (s.class_names.empty())
        for (int k = 0; k < data.train.classes; ++k) s.class_names.push_back(std::to_string(k));
      s.train_images = n_train;
      s.validation_images = n_val;
      s.test_images = data.test.size();
      s.image_h = static_cast<int>(data.test.shape.h);
      s.image_w = static_cast<int>(data.test.shape.w);
      s.image_c = static_cast<int>(data.test.shape.c);
      s.epoch = trainers_[0]->epoch();
      for (std::size_t i = 0; i < n; ++i) {
        CnnRun& r = s.runs[i];
        r.status = CnnStatus::Training;
        r.first_epoch = trainers_[i]->epoch();
        r.history = trainers_[i]->history();
        for (std::size_t e = 0; e < r.history.size(); ++e) r.history_x.push_back(static_cast<double>(e + 1));
      }
      for (std::size_t i = 0; i < picks.size(); ++i) {
        CnnSample sample;
        const auto* p = sample_set.pixels.data() + static_cast<long>(i) * pixels;
        sample.pixels.assign(p, p + pixels);
        sample.label = sample_set.labels[i];
        s.samples.push_back(std::move(sample));
      }
    });

    TurnTaking turns(static_cast<int>(n));
    // One run of the race, on its own thread; it trains only while it holds the turn.
    auto race = [&](std::size_t i) {
      try {
        turns.wait_turn(static_cast<int>(i));
        nn::Trainer& trainer = *trainers_[i];
        const optim::Optimizer<float>& opt = *opts_[i];
        std::vector<std::unique_ptr<nn::Callback>> owned;
        nn::EarlyStopping* early = nullptr;
        nn::ModelCheckpoint* checkpoint = nullptr;
        if (c.callbacks.early_stopping) {
          nn::EarlyStopping::Config config = *c.callbacks.early_stopping;
          config.verbose = false;
          early =
              static_cast<nn::EarlyStopping*>(owned.emplace_back(std::make_unique<nn::EarlyStopping>(config)).get());
        }
        if (c.callbacks.reduce_lr) {
          nn::ReduceLROnPlateau::Config config = *c.callbacks.reduce_lr;
          config.verbose = false;
          owned.push_back(std::make_unique<nn::ReduceLROnPlateau>(config));
        }
        if (c.callbacks.checkpoint) {
          nn::ModelCheckpoint::Config config = *c.callbacks.checkpoint;
          config.filepath = run_pattern(config.filepath, i, n);
          config.verbose = false;
          checkpoint = static_cast<nn::ModelCheckpoint*>(
              owned.emplace_back(std::make_unique<nn::ModelCheckpoint>(config)).get());
        }

        bool diverged = false;
        double first_loss = std::numeric_limits<double>::quiet_NaN(), lr_used = opt.lr(), own_seconds = 0;
        long images = 0, this_epoch = 0;
        std::size_t checkpoints_seen = 0;
        Clock::time_point since = Clock::now();
        nn::LambdaCallback watch;  // last in the list: it sees what the callbacks did
        watch.epoch_begin = [&](int epoch) {
          this_epoch = 0;
          publish([&](CnnSnapshot& s) {
            s.runs[i].epoch_starts.push_back(static_cast<std::int64_t>(s.runs[i].batch_loss.size()));
            s.epoch = epoch;
            s.batch = 0;
          });
        };
        watch.batch_end = [&](long batch, long batches, const nn::Logs& running) {
          const double loss = running.at("batch_loss");
          if (std::isnan(first_loss)) first_loss = loss;
          const bool blew_up = !std::isfinite(loss) || loss > kBlowUpFactor * std::max(first_loss, 1.0);
          own_seconds += std::chrono::duration<double>(Clock::now() - since).count();
          images += std::min(batch_size, n_train - batch * batch_size);
          lr_used = opt.lr();
          ++this_epoch;
          publish([&](CnnSnapshot& s) {
            CnnRun& r = s.runs[i];
            r.batches = batches;
            r.batch_loss.push_back(static_cast<float>(loss));
            r.batch_lr.push_back(static_cast<float>(lr_used));
            r.seconds = own_seconds;
            r.images = images;
            if (blew_up) {
              char why[160];
              if (std::isfinite(loss))
                std::snprintf(why, sizeof why, "diverged at epoch %d, batch %ld: the loss has grown to %.3g",
                              trainer.epoch() + 1, batch + 1, loss);
              else
                std::snprintf(why, sizeof why, "diverged at epoch %d, batch %ld: the loss is %s", trainer.epoch() + 1,
                              batch + 1, std::isnan(loss) ? "NaN" : "infinite");
              r.status = CnnStatus::Diverged;
              r.message = why;
              r.events.push_back({CnnEvent::Kind::Diverged, batch_x(r, r.batch_loss.size() - 1), why});
            }
            s.epoch = trainer.epoch();
            s.batch = batch + 1;
            s.batches = batches;
            if (i == 0) {
              s.running_loss = running.at("loss");
              s.running_accuracy = running.at("accuracy");
            }
            double seconds = 0;
            long all_images = 0;
            for (const CnnRun& other : s.runs) {
              seconds += other.seconds;
              all_images += other.images;
            }
            s.seconds = seconds;
            s.images_per_second = seconds > 0 ? static_cast<double>(all_images) / seconds : 0;
          });
          if (blew_up) {
            diverged = true;
            trainer.stop_training = true;
          }
          if (paused_) {  // holding the turn: the whole race waits
            std::unique_lock<std::mutex> lock(mutex_);
            resume_cv_.wait(lock, [&] { return !paused_ || stop_; });
          }
          if (stop_) trainer.stop_training = true;
          turns.pass(static_cast<int>(i));
          turns.wait_turn(static_cast<int>(i));
          since = Clock::now();
        };
        watch.epoch_end = [&](int epoch, nn::Logs& logs) {
          const double lr_now = opt.lr();
          std::vector<float> probs;
          if (i == 0 && !diverged) probs = trainer.predict(sample_set);
          const bool early_stop = early && trainer.stop_training && !stop_ && !diverged;
          publish([&](CnnSnapshot& s) {
            CnnRun& r = s.runs[i];
            const double x = static_cast<double>(epoch) +
                             static_cast<double>(this_epoch) / static_cast<double>(std::max(r.batches, 1L));
            r.history.push_back(logs);
            r.history_x.push_back(x);
            char text[160];
            if (!diverged && lr_now != lr_used && discrete_schedule(opt)) {
              std::snprintf(text, sizeof text, "epoch %d: learning rate %.3g \u2192 %.3g (%s)", epoch + 1, lr_used,
                            lr_now, c.callbacks.reduce_lr ? "ReduceLROnPlateau" : "step schedule");
              r.events.push_back({CnnEvent::Kind::LrCut, x, text});
            }
            if (early_stop) {
              std::snprintf(text, sizeof text, "epoch %d: early stop, %s has not improved for %d epochs", epoch + 1,
                            c.callbacks.early_stopping->monitor.c_str(), c.callbacks.early_stopping->patience);
              r.events.push_back({CnnEvent::Kind::EarlyStop, x, text});
              if (c.callbacks.early_stopping->restore_best_weights) {
                std::snprintf(text, sizeof text, "the weights of epoch %d restored", early->best_epoch() + 1);
                r.events.push_back({CnnEvent::Kind::RestoredBest, x, text});
              }
            }
            if (checkpoint) {
              for (; checkpoints_seen < checkpoint->saved().size(); ++checkpoints_seen) {
                const std::string& path = checkpoint->saved()[checkpoints_seen];
                r.checkpoints.push_back(path);
                r.events.push_back({CnnEvent::Kind::Checkpoint, x,
                                    "epoch " + std::to_string(epoch + 1) + ": saved " +
                                        std::filesystem::path(path).filename().string()});
              }
            }
            if (!probs.empty()) {
              const long k = data.test.classes;
              for (std::size_t j = 0; j < s.samples.size(); ++j) {
                const float* p = probs.data() + static_cast<long>(j) * k;
                const int best = nn::argmax(p, k);
                s.samples[j].predicted = best;
                s.samples[j].confidence = p[best];
              }
            }
          });
          lr_used = lr_now;
        };
        std::vector<nn::Callback*> callbacks;
        for (auto& cb : owned) callbacks.push_back(cb.get());
        callbacks.push_back(&watch);
        nn::FitOptions fit;
        fit.epochs = c.evaluate_only ? trainer.epoch() : c.epochs;
        fit.batch_size = c.batch_size;
        fit.validation_split = c.validation_split;
        fit.seed = c.seed;
        trainer.fit(data.train, nullptr, fit, callbacks);

        // A diverged model has no test result: its weights are not numbers any more.
        std::optional<nn::Evaluation> test;
        if (!diverged) test = trainer.evaluate(data.test);
        const bool stopped = stop_;
        publish([&](CnnSnapshot& s) {
          CnnRun& r = s.runs[i];
          r.test = test;
          if (!diverged) r.status = stopped ? CnnStatus::Stopped : CnnStatus::Finished;
          if (stopped && !diverged && !r.batch_loss.empty()) {
            const long reached =
                static_cast<long>(r.batch_loss.size()) - (r.epoch_starts.empty() ? 0L : r.epoch_starts.back());
            const int epoch = r.first_epoch + static_cast<int>(r.epoch_starts.size());
            r.message = reached < r.batches ? "stopped at epoch " + std::to_string(epoch) + ", batch " +
                                                  std::to_string(reached) + " of " + std::to_string(r.batches)
                                            : "stopped after epoch " + std::to_string(epoch);
          }
          if (i == 0) s.test = test;
        });
      } catch (const std::exception& e) {
        publish([&](CnnSnapshot& s) {
          s.runs[i].status = CnnStatus::Failed;
          s.runs[i].message = e.what();
        });
      }
      turns.leave(static_cast<int>(i));
    };
    std::vector<std::thread> racers;
    for (std::size_t i = 0; i < n; ++i) racers.emplace_back(race, i);
    for (std::thread& t : racers) t.join();

    const bool stopped = stop_;
    // The inside view looks into the first run's model, unless its weights are
    // no numbers any more (diverged) or it never trained (failed).
    std::shared_ptr<const nn::Sequential<float>> trained;
    std::shared_ptr<const nn::Dataset> test_set;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      const CnnStatus first = snap_.runs.empty() ? CnnStatus::Failed : snap_.runs[0].status;
      if (first == CnnStatus::Finished || first == CnnStatus::Stopped) {
        trained = copy_model(*models_[0]);
        test_set = std::make_shared<const nn::Dataset>(data.test);
      }
    }
    publish([&](CnnSnapshot& s) {
      s.trained_model = std::move(trained);
      s.test_set = std::move(test_set);
      const auto all = [&](CnnStatus status) {
        return std::all_of(s.runs.begin(), s.runs.end(), [&](const CnnRun& r) { return r.status == status; });
      };
      if (all(CnnStatus::Failed)) {
        s.status = CnnStatus::Failed;
        s.message = s.runs[0].message;
      } else if (stopped) {
        s.status = CnnStatus::Stopped;
      } else if (all(CnnStatus::Diverged)) {
        s.status = CnnStatus::Diverged;
        s.message = s.runs[0].message;
      } else {
        s.status = CnnStatus::Finished;
      }
    });
  } catch (const std::exception& e) {
    publish([&](CnnSnapshot& s) {
      s.status = CnnStatus::Failed;
      s.message = e.what();
      for (CnnRun& r : s.runs) r.status = CnnStatus::Failed;
    });
  }
}

}  // namespace lab::model
