// nn/callbacks.hpp — Keras' training callbacks, with Keras' parameter names
// and semantics (tf.keras 2.x).
//
//   EarlyStopping      stop when `monitor` has not improved by min_delta for
//                      `patience` epochs; baseline; restore_best_weights
//   ReduceLROnPlateau  lr ← max(lr·factor, min_lr) after `patience` epochs
//                      without improvement, then wait `cooldown` epochs; sets
//                      up the optimizer's own plateau schedule, the one
//                      reducer, which watches the loss the trainer gives it
//                      (val_loss, or loss without validation data)
//   ModelCheckpoint    save to a pattern such as "ckpt-{epoch:02d}-{val_loss:.4f}.h5"
//                      (epoch counts from 1, any log key works); save_best_only,
//                      save_weights_only, mode; save_freq: every epoch, or every
//                      N batches (then {batch} and the running loss/accuracy)
//   CsvLogger          one row per epoch: epoch and the logs, sorted by name
//   TerminateOnNaN     stop at the first batch whose loss is NaN or ±∞
//   ProgressBar        Keras' verbose=1 bar on a terminal, one line per epoch
//   LambdaCallback     plain functions, for the lab
#pragma once

#include <cstdio>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "nn/trainer.hpp"

namespace nn {

enum class Mode { Auto, Min, Max };  // Keras' mode: "auto", "min", "max"

class EarlyStopping : public Callback {
 public:
  struct Config {
    std::string monitor = "val_loss";
    double min_delta = 0;
    int patience = 0;
    Mode mode = Mode::Auto;
    double baseline = std::numeric_limits<double>::quiet_NaN();  // NaN: none
    bool restore_best_weights = false;
    bool verbose = true;
  };
  explicit EarlyStopping(Config config) : config_(std::move(config)) {}
  void on_train_begin(Trainer&) override;
  void on_epoch_end(Trainer& trainer, int epoch, Logs& logs) override;
  int stopped_epoch() const { return stopped_epoch_; }  // 0: did not stop (Keras)
  int best_epoch() const { return best_epoch_; }

 private:
  bool improves(double value, double reference) const;
  Config config_;
  bool maximize_ = false;
  double best_ = 0;
  int wait_ = 0, stopped_epoch_ = 0, best_epoch_ = 0;
  std::vector<float> best_weights_;
  std::vector<std::vector<float>> best_state_;
};

class ReduceLROnPlateau : public Callback {
 public:
  struct Config {
    std::string monitor = "val_loss";
    double factor = 0.1;
    int patience = 10;
    Mode mode = Mode::Auto;
    double min_delta = 1e-4;
    int cooldown = 0;
    double min_lr = 0;
    bool verbose = true;
  };
  explicit ReduceLROnPlateau(Config config);
  void on_train_begin(Trainer&) override;
  void on_epoch_end(Trainer& trainer, int epoch, Logs& logs) override;

 private:
  Config config_;
  double last_lr_ = 0;
};

class ModelCheckpoint : public Callback {
 public:
  struct Config {
    std::string filepath;  // pattern with {epoch} and log keys
    std::string monitor = "val_loss";
    bool save_best_only = false;
    bool save_weights_only = false;
    Mode mode = Mode::Auto;
    long save_freq = 0;  // Keras' save_freq: 0 is 'epoch'; N > 0 saves after every N-th batch (counted across epochs)
    bool verbose = true;
  };
  explicit ModelCheckpoint(Config config);
  void on_train_begin(Trainer&) override;
  void on_batch_end(Trainer& trainer, long batch, long batches, const Logs& running) override;
  void on_epoch_end(Trainer& trainer, int epoch, Logs& logs) override;
  const std::vector<std::string>& saved() const { return saved_; }

 private:
  void save(Trainer& trainer, int epoch, long batch, const Logs& logs, bool epoch_done);
  Config config_;
  bool maximize_ = false;
  double best_ = 0;
  long batches_seen_ = 0;
  std::vector<std::string> saved_;
};

// "{epoch:02d}-{val_loss:.2f}" with epoch = epoch + 1 and the logs' values;
// {batch} is batch + 1, and only allowed when a batch is given (batch ≥ 0).
std::string format_checkpoint_path(const std::string& pattern, int epoch, const Logs& logs, long batch = -1);

// A regular file (or a new one) is rewritten whole after every epoch, through
// a temporary file renamed into place (nn/atomic_file.hpp): a full disk or a
// kill never costs the rows already logged, nor the previous log at that path.
// A device or a pipe (/dev/stdout) is written row by row. Either way a row
// that cannot be written stops the run with the system's reason.
class CsvLogger : public Callback {
 public:
  explicit CsvLogger(std::string path, bool append = false) : path_(std::move(path)), append_(append) {}
  ~CsvLogger() override;
  void on_train_begin(Trainer&) override;
  void on_epoch_end(Trainer& trainer, int epoch, Logs& logs) override;
  void on_train_end(Trainer&) override;

 private:
  std::string path_;
  bool append_;
  std::FILE* stream_ = nullptr;  // a device or a pipe
  std::string text_;             // a regular file: everything logged so far
  std::vector<std::string> keys_;
};

class TerminateOnNaN : public Callback {
 public:
  void on_batch_end(Trainer& trainer, long batch, long batches, const Logs& running) override;
  bool terminated() const { return terminated_; }

 private:
  bool terminated_ = false;
};

class ProgressBar : public Callback {
 public:
  explicit ProgressBar(std::FILE* out = stdout);
  void on_epoch_begin(Trainer& trainer, int epoch) override;
  void on_batch_end(Trainer& trainer, long batch, long batches, const Logs& running) override;
  void on_epoch_end(Trainer& trainer, int epoch, Logs& logs) override;

 private:
  std::FILE* out_;
  bool tty_;
  double start_ = 0, last_draw_ = 0;
  long batches_ = 0;
};

class LambdaCallback : public Callback {
 public:
  std::function<void(int)> epoch_begin;
  std::function<void(long, long, const Logs&)> batch_end;
  std::function<void(int, Logs&)> epoch_end;
  void on_epoch_begin(Trainer&, int epoch) override {
    if (epoch_begin) epoch_begin(epoch);
  }
  void on_batch_end(Trainer&, long batch, long batches, const Logs& running) override {
    if (batch_end) batch_end(batch, batches, running);
  }
  void on_epoch_end(Trainer&, int epoch, Logs& logs) override {
    if (epoch_end) epoch_end(epoch, logs);
  }
};

}  // namespace nn
