// lab/model/cnn_run.hpp — one optimizer's run in the CNN trainer, as the pane
// shows and compares it: its curves, its events, how it ended.
//
// A run is one entrant of a race (one optimizer with its own hyperparameters;
// a single run is a race of one). Batch k of epoch e sits at x = e + (k+1)/B
// on the curves, B the batches per epoch, so a partial epoch ends short of
// e + 1. A run ends finished, stopped (by the user, or by EarlyStopping),
// diverged (a loss that is NaN or ±∞, or that has grown far past its first
// value), or failed (an error); only a finished or stopped run has a test
// result to show.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nn/trainer.hpp"

namespace lab::model {

enum class CnnStatus { Idle, Loading, Training, Paused, Finished, Stopped, Diverged, Failed };
const char* status_name(CnnStatus s);

// One optimizer of a race, with its own hyperparameters (overrides of its
// defaults, e.g. {"lr", 1e-3}; a schedule too: "schedule", "step_size", …).
struct CnnEntrant {
  std::string optimizer = "adam";
  std::map<std::string, double> hyper;
};

// What happened during a run, at a place on its curves.
struct CnnEvent {
  enum class Kind { LrCut, EarlyStop, RestoredBest, Checkpoint, Diverged };
  Kind kind = Kind::LrCut;
  double x = 0;      // in epochs, as the curves' x
  std::string text;  // "lr 0.001 → 0.0001 (ReduceLROnPlateau)"
};
const char* event_kind_name(CnnEvent::Kind kind);

// A loss this many times the first batch's is a run that has blown up
// (cross-entropy starts near ln(classes), and never comes back from there).
inline constexpr double kBlowUpFactor = 1000;

struct CnnRun {
  std::string label;  // "Adam ε=0.001 · CNN · MNIST"
  CnnEntrant entrant;
  CnnStatus status = CnnStatus::Loading;
  std::string message;                      // "diverged at epoch 2, batch 17: the loss is nan", or the error
  long batches = 0;                         // per epoch
  int first_epoch = 0;                      // epochs a loaded model had done before this run
  std::vector<float> batch_loss, batch_lr;  // every batch's loss and learning rate, all epochs
  std::vector<std::int64_t> epoch_starts;   // index into batch_loss where each epoch began
  std::vector<nn::Logs> history;            // one per epoch ended (the last may be partial)
  std::vector<double> history_x;            // where each one sits on the curves: e + 1, or short of it
  std::optional<nn::Evaluation> test;       // the whole test set, once the run has ended well
  double seconds = 0;                       // its own training time (pauses and rivals' turns excluded)
  long images = 0;                          // trained so far
  std::vector<CnnEvent> events;
  std::vector<std::string> checkpoints;  // files ModelCheckpoint wrote, oldest first

  bool partial_last_epoch() const;
  double x_end() const;  // where its curves end, in epochs
};

// x of the batch at `index` into batch_loss.
double batch_x(const CnnRun& run, std::size_t index);

// The figures the race's summary table shows. Accuracy is the validation
// accuracy when the run has a validation set, else the training accuracy.
struct CnnRunFacts {
  double best_accuracy = -1, final_accuracy = -1;  // −1: no epoch ended
  double test_accuracy = -1;                       // −1: none (diverged, failed, still running)
  double seconds = 0;
  int epochs_to_target = -1;   // epochs needed to reach the target, −1 if never
  long images_to_target = -1;  // training images seen by then
};
CnnRunFacts run_facts(const CnnRun& run, double target_accuracy, long train_images);

}  // namespace lab::model
