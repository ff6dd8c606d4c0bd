// lab/model/cnn_session.hpp — the CNN trainer pane's model: a race of one to
// four optimizers, each an nn::Trainer::fit on its own worker thread, watched
// through snapshots.
//
// Every run of a race starts from the same initial weights (the same seed,
// or the same loaded model) and sees the same mini-batches in the same order
// (the trainer shuffles epoch e by (seed, e)); the runs take turns, one batch
// each (cnn_turns.hpp). Two runs of the same optimizer therefore end
// bit-identical, and different ones differ only by their updates.
//
// The draw code never touches the networks. It reads snapshot(), a copy made
// under a lock, and acts through start / pause / resume / stop. The workers
// publish after every batch (progress, loss, learning rate) and every epoch
// (Keras' logs, events, predictions for a fixed set of test images); at the
// end each run that did not diverge is evaluated on the whole test set.
// A loss that is NaN or ±∞ (or that has grown kBlowUpFactor times past the
// first batch's) stops that run at once, marked diverged. Every update goes
// through optim/, like `descent train`.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "lab/model/cnn_run.hpp"
#include "lab/model/layer_plan.hpp"
#include "nn/callbacks.hpp"
#include "nn/dataset.hpp"
#include "nn/sequential.hpp"
#include "nn/trainer.hpp"
#include "optim/inspection.hpp"
#include "optim/optimizer.hpp"

namespace lab::model {

// Keras' callbacks for every run of a race, with Keras' parameter names
// (nn/callbacks.hpp); absent: not used. The checkpoint's filepath is a
// pattern such as "ckpt-{epoch:02d}-{val_loss:.4f}.h5"; in a race of more
// than one, each run's files get "run2-", "run3-", … before the file name.
struct CnnCallbacks {
  std::optional<nn::EarlyStopping::Config> early_stopping;
  std::optional<nn::ReduceLROnPlateau::Config> reduce_lr;
  std::optional<nn::ModelCheckpoint::Config> checkpoint;
};

struct CnnConfig {
  std::string data = "mnist";           // "mnist" or "fashion" (or a folder, as in `descent train --data`)
  std::string model = "cnn";            // "cnn" or "mlp" (nn/reference_models.hpp), or "edited": `plan`
  LayerPlan plan;                       // the layer editor's model, trained when `model` is "edited"
  std::string optimizer = "adam";       // any optim/ name but newton, bfgs and dfp
  std::map<std::string, double> hyper;  // overrides of the optimizer's defaults, e.g. {"lr", 1e-3}
  std::vector<CnnEntrant> rivals;       // the race's other optimizers, 0 to kMaxRivals
  int epochs = 3;
  long batch_size = 64;
  double validation_split = 0.1;  // Keras: the last fraction of the training set
  std::uint64_t seed = 1;
  int threads = 2;
  CnnCallbacks callbacks;
  // A model file (nn::load_model: an .h5 by descent or Keras) to start from
  // instead of `model`: its weights, and for an entrant of the same optimizer
  // its optimizer state; training goes on from its epoch up to `epochs`.
  std::string initial_model;
  bool evaluate_only = false;    // with initial_model: no training, only the test set
  double target_accuracy = 0.9;  // the summary's "epochs and images to reach it"

  static constexpr int kMaxRivals = 3;
};

// The optimizer and hyperparameters of each run: the config's own first, then the rivals.
std::vector<CnnEntrant> entrants(const CnnConfig& config);
// "Adam ε=0.001 · CNN · MNIST"
std::string run_label(const CnnConfig& config, const CnnEntrant& entrant);
// The architecture a race trains, in a word: "cnn", "mlp", "edited: 3 layers",
// or the loaded model's file name.
std::string architecture_name(const CnnConfig& config);

// The model of `model` a race starts from (not a loaded one): a reference
// model, or the edited plan, on images of `input` with `classes` classes,
// initialized from the seed. Throws std::invalid_argument with the plan's
// problem when it does not fit the data.
std::unique_ptr<nn::Sequential<float>> fresh_model(const CnnConfig& config, const nn::Shape& input, int classes);

// Throws std::invalid_argument naming what is wrong (start() calls it too).
void validate(const CnnConfig& config);

// A test image the pane shows with the model's guess.
struct CnnSample {
  std::vector<std::uint8_t> pixels;  // H·W·C
  int label = 0;
  int predicted = -1;  // −1 before the first epoch ends
  float confidence = 0;
};

struct CnnSnapshot {
  CnnStatus status = CnnStatus::Idle;  // of the whole race: diverged when every run did
  std::string message;                 // the error when Failed
  CnnConfig config;                    // of the current (or last) race
  std::string summary;                 // Keras' model.summary()
  long parameters = 0;
  std::vector<optim::RuleLine> rule;  // the first optimizer's update rule, in the course's notation
  std::vector<std::string> class_names;
  long train_images = 0, validation_images = 0, test_images = 0;
  int image_h = 28, image_w = 28, image_c = 1;

  // ---- progress of the race (its runs move in step, a batch each in turn)
  int epoch = 0;  // the epoch in progress, from 0
  long batch = 0, batches = 0;
  double running_loss = 0, running_accuracy = 0;  // the first run's, this epoch so far
  double images_per_second = 0;                   // all runs together
  double seconds = 0;                             // training time so far, all runs (pauses excluded)
  std::vector<CnnRun> runs;                       // one per entrant, in the config's order
  std::vector<CnnSample> samples;                 // the first run's predictions after its last epoch

  // ---- after training: the first run's test result (the results panel's)
  std::optional<nn::Evaluation> test;
  // The first run's model as it ended (finished or stopped) and the test set it
  // was evaluated on, shared and never changed: the inside view's material.
  std::shared_ptr<const nn::Sequential<float>> trained_model;
  std::shared_ptr<const nn::Dataset> test_set;

  // ---- runs of earlier races of this session, oldest first (at most kEarlierRuns)
  std::vector<CnnRun> earlier;
};

class CnnSession {
 public:
  CnnSession() = default;
  ~CnnSession();
  CnnSession(const CnnSession&) = delete;
  CnnSession& operator=(const CnnSession&) = delete;

  // Starts a race on worker threads (loading the data there first). Throws
  // std::invalid_argument on a bad config, std::logic_error while one runs.
  void start(const CnnConfig& config);
  // The same with data already in memory (tests, and a second run on the same set).
  void start(const CnnConfig& config, nn::DataSplit data);
  void pause();
  void resume();
  void stop();  // ends every run after its current batch; the models are evaluated as they are
  void wait();  // until the workers are done (tests, exit)
  // Run `run`'s model, finished or stopped, as one Keras-layout HDF5 file
  // (architecture, weights, training configuration, optimizer state), written
  // atomically; `descent evaluate` and `descent train --resume` read it.
  // Throws std::logic_error while training or when that run has no trained
  // model, std::runtime_error when the file cannot be written.
  void save_model(const std::string& path, std::size_t run = 0);

  bool running() const;  // Loading, Training or Paused
  CnnSnapshot snapshot() const;
  std::uint64_t version() const { return version_.load(); }  // advances on every publish

  static constexpr int kSamples = 12;     // test images shown with predictions
  static constexpr int kEarlierRuns = 4;  // runs of earlier races kept to compare with
  void clear_earlier();                   // forget them

 private:
  void launch(const CnnConfig& config, std::optional<nn::DataSplit> data);
  void work(CnnConfig config, std::optional<nn::DataSplit> data);
  template <class F>
  void publish(F&& change);

  mutable std::mutex mutex_;
  std::condition_variable resume_cv_;
  CnnSnapshot snap_;
  std::thread worker_;
  std::atomic<bool> stop_{false}, paused_{false};
  std::atomic<std::uint64_t> version_{0};
  // Each run's model, optimizer and trainer outlive it, for save_model().
  std::vector<std::unique_ptr<nn::Sequential<float>>> models_;
  std::vector<std::unique_ptr<optim::Optimizer<float>>> opts_;
  std::vector<std::unique_ptr<nn::Trainer>> trainers_;
  nn::DataSplit cached_;  // the last data set loaded, reused when the next run names it
  std::string cached_name_;
};

}  // namespace lab::model
