// lab/model/cnn_session.hpp — the CNN trainer pane's model: one run of
// nn::Trainer::fit on a worker thread, watched through snapshots.
//
// The draw code never touches the network. It reads snapshot(), a copy made
// under a lock, and acts through start / pause / resume / stop. The worker
// publishes after every batch (progress, running loss and accuracy) and
// after every epoch (Keras' logs, predictions for a fixed set of test
// images); at the end it evaluates the whole test set (loss, accuracy,
// confusion matrix). Every update goes through optim/, like `descent train`.
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

#include "nn/dataset.hpp"
#include "nn/sequential.hpp"
#include "nn/trainer.hpp"
#include "optim/inspection.hpp"
#include "optim/optimizer.hpp"

namespace lab::model {

struct CnnConfig {
  std::string data = "mnist";           // "mnist" or "fashion" (or a folder, as in `descent train --data`)
  std::string model = "cnn";            // "cnn" or "mlp" (nn/reference_models.hpp)
  std::string optimizer = "adam";       // any optim/ name but newton, bfgs and dfp
  std::map<std::string, double> hyper;  // overrides of the optimizer's defaults, e.g. {"lr", 1e-3}
  int epochs = 3;
  long batch_size = 64;
  double validation_split = 0.1;  // Keras: the last fraction of the training set
  std::uint64_t seed = 1;
  int threads = 2;
};

// Throws std::invalid_argument naming what is wrong (start() calls it too).
void validate(const CnnConfig& config);

enum class CnnStatus { Idle, Loading, Training, Paused, Finished, Stopped, Failed };
const char* status_name(CnnStatus s);

// A test image the pane shows with the model's guess.
struct CnnSample {
  std::vector<std::uint8_t> pixels;  // H·W·C
  int label = 0;
  int predicted = -1;  // −1 before the first epoch ends
  float confidence = 0;
};

// A finished (or stopped) earlier run, kept to compare with: its curves and result.
struct CnnRunSummary {
  std::string label;  // "Adam ε=0.001 · CNN · MNIST digits"
  long batches = 0;   // per epoch
  std::vector<float> batch_loss;
  std::vector<std::int64_t> epoch_starts;
  std::vector<nn::Logs> history;
  double test_accuracy = 0;
};

struct CnnSnapshot {
  CnnStatus status = CnnStatus::Idle;
  std::string message;  // the error when Failed
  CnnConfig config;     // of the current (or last) run
  std::string summary;  // Keras' model.summary()
  long parameters = 0;
  std::vector<optim::RuleLine> rule;  // the optimizer's update rule, in the course's notation
  std::vector<std::string> class_names;
  long train_images = 0, validation_images = 0, test_images = 0;
  int image_h = 28, image_w = 28, image_c = 1;

  // ---- progress
  int epoch = 0;  // the epoch in progress, from 0
  long batch = 0, batches = 0;
  double running_loss = 0, running_accuracy = 0;
  double images_per_second = 0;
  double seconds = 0;                      // training time so far (pauses excluded)
  std::vector<float> batch_loss;           // every batch's loss, all epochs
  std::vector<std::int64_t> epoch_starts;  // index into batch_loss where each epoch began
  std::vector<nn::Logs> history;           // one per finished epoch: loss, accuracy, val_loss, val_accuracy, lr
  std::vector<CnnSample> samples;          // predictions after the last finished epoch

  // ---- after training
  std::optional<nn::Evaluation> test;  // the whole test set
  // The model as the run ended (finished or stopped) and the test set it was
  // evaluated on, shared and never changed: the inside view's material.
  std::shared_ptr<const nn::Sequential<float>> trained_model;
  std::shared_ptr<const nn::Dataset> test_set;

  // ---- earlier runs of this session, oldest first (at most kEarlierRuns)
  std::vector<CnnRunSummary> earlier;
};

class CnnSession {
 public:
  CnnSession() = default;
  ~CnnSession();
  CnnSession(const CnnSession&) = delete;
  CnnSession& operator=(const CnnSession&) = delete;

  // Starts a run on the worker thread (loading the data there first). Throws
  // std::invalid_argument on a bad config, std::logic_error while one runs.
  void start(const CnnConfig& config);
  // The same with data already in memory (tests, and a second run on the same set).
  void start(const CnnConfig& config, nn::DataSplit data);
  void pause();
  void resume();
  void stop();  // ends the run after the current batch; the model is evaluated as it is
  void wait();  // until the worker is done (tests, exit)
  // The last run's model, finished or stopped, as one Keras-layout HDF5 file
  // (architecture, weights, training configuration, optimizer state), written
  // atomically; `descent evaluate` and `descent train --resume` read it.
  // Throws std::logic_error while training or when nothing was trained,
  // std::runtime_error when the file cannot be written.
  void save_model(const std::string& path);

  bool running() const;  // Loading, Training or Paused
  CnnSnapshot snapshot() const;
  std::uint64_t version() const { return version_.load(); }  // advances on every publish

  static constexpr int kSamples = 12;     // test images shown with predictions
  static constexpr int kEarlierRuns = 4;  // finished runs kept to compare with
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
  std::unique_ptr<nn::Sequential<float>> model_;
  std::unique_ptr<optim::Optimizer<float>> opt_;
  std::unique_ptr<nn::Trainer> trainer_;
  nn::DataSplit cached_;  // the last data set loaded, reused when the next run names it
  std::string cached_name_;
};

}  // namespace lab::model
