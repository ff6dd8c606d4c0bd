// nn/trainer.hpp — Keras' fit/evaluate for a Sequential<float>, every
// update made by an optim/ optimizer.
//
// One training step on mini-batch X_b:
//   f_b(θ) = L(model(X_b; θ), T_b)              the batch objective
//   optimizer.step(f_b, θ)                      θ ← θ + Δθ, Δθ from f_b and ∇f_b
// f_b may be evaluated at any θ' the method asks for (Nesterov's look-ahead,
// a line search): the network runs at θ' without copying. Once per epoch the
// trainer calls optimizer.end_epoch(val_loss or loss) for LR schedules.
//
// Epoch e shuffles the training set with a generator seeded by (seed, e), so
// a run resumed at epoch e continues exactly as if it had never stopped.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "nn/dataset.hpp"
#include "nn/metrics.hpp"
#include "nn/sequential.hpp"
#include "optim/optimizer.hpp"

namespace nn {

// One epoch's figures: "loss", "accuracy", "val_loss", "val_accuracy", "lr".
using Logs = std::map<std::string, double>;

struct FitOptions {
  int epochs = 1;  // train until this many epochs are done (Keras' epochs)
  long batch_size = 32;
  double validation_split = 0;  // the last fraction of the training set, before shuffling
  bool shuffle = true;
  std::uint64_t seed = 0;
};

struct Evaluation {
  double loss = 0;
  ConfusionMatrix confusion;
  double accuracy() const { return confusion.accuracy(); }
};

class Trainer;

// Why `model` cannot train on or evaluate `data`, or "" when it can: the
// data's images must have the model's input shape, and its class count the
// model's output width (one probability per class; a model with more outputs
// would also score classes the data never has). A Dataset with classes 0
// (unknown) is checked sample by sample instead, as each label is read.
std::string data_mismatch(const Sequential<float>& model, const Dataset& data);

// Keras' callback hooks. `epoch` counts from 0, as in Keras' logs.
class Callback {
 public:
  virtual ~Callback() = default;
  virtual void on_train_begin(Trainer&) {}
  virtual void on_epoch_begin(Trainer&, int /*epoch*/) {}
  virtual void on_batch_end(Trainer&, long /*batch*/, long /*batches*/, const Logs& /*running*/) {}
  virtual void on_epoch_end(Trainer&, int /*epoch*/, Logs& /*logs*/) {}
  virtual void on_train_end(Trainer&) {}
};

class Trainer {
 public:
  Trainer(Sequential<float>& model, optim::Optimizer<float>& optimizer);

  // Trains from epoch() up to options.epochs. Returns the whole history.
  // Data that does not fit the model (data_mismatch) is std::invalid_argument.
  const std::vector<Logs>& fit(const Dataset& train, const Dataset* validation, const FitOptions& options,
                               const std::vector<Callback*>& callbacks = {});
  // Loss and confusion matrix in inference mode.
  Evaluation evaluate(const Dataset& data, long batch_size = 256);
  // Class probabilities for `data`, (N, classes).
  std::vector<float> predict(const Dataset& data, long batch_size = 256);

  Sequential<float>& model() { return model_; }
  optim::Optimizer<float>& optimizer() { return optimizer_; }
  int epoch() const { return epoch_; }  // epochs completed
  void set_epoch(int epoch) { epoch_ = epoch; }
  const std::vector<Logs>& history() const { return history_; }
  void set_history(std::vector<Logs> h) { history_ = std::move(h); }
  const FitOptions& options() const { return options_; }

  // What a pixel byte is multiplied by on its way into the model: 1/255 for
  // inputs in [0, 1], 1 for models trained on raw 0–255 pixels.
  float pixel_scale = 1.0f / 255.0f;
  bool stop_training = false;            // a callback sets it to end fit after this batch/epoch
  std::vector<std::string> class_names;  // saved with the model, for predict

 private:
  void fill_batch(const Dataset& data, const std::vector<long>& order, long begin, long n);

  Sequential<float>& model_;
  optim::Optimizer<float>& optimizer_;
  int epoch_ = 0;
  std::vector<Logs> history_;
  FitOptions options_;
  std::vector<float> x_, t_;  // the batch being trained: pixels·pixel_scale and one-hot targets
};

}  // namespace nn
