#include "nn/callbacks.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "nn/atomic_file.hpp"
#include "nn/model_io.hpp"

namespace nn {

namespace {

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

bool resolve_max(Mode mode, const std::string& monitor) {
  if (mode == Mode::Max) return true;
  if (mode == Mode::Min) return false;
  return monitor.find("acc") != std::string::npos || monitor.rfind("fmeasure", 0) == 0;
}

const double kInf = std::numeric_limits<double>::infinity();

}  // namespace

// [SECTION] EarlyStopping ----------------------------------------------------

void EarlyStopping::on_train_begin(Trainer&) {
  maximize_ = resolve_max(config_.mode, config_.monitor);
  wait_ = 0;
  stopped_epoch_ = 0;
  best_epoch_ = 0;
  best_ = maximize_ ? -kInf : kInf;
  best_weights_.clear();
  best_state_.clear();
}

bool EarlyStopping::improves(double value, double reference) const {
  const double d = std::abs(config_.min_delta);
  return maximize_ ? value - d > reference : value + d < reference;
}

void EarlyStopping::on_epoch_end(Trainer& trainer, int epoch, Logs& logs) {
  auto it = logs.find(config_.monitor);
  if (it == logs.end()) return;
  const double current = it->second;
  auto& model = trainer.model();
  auto snapshot = [&] {
    best_weights_.assign(model.params().data(), model.params().data() + model.params().size());
    best_state_.clear();
    for (std::size_t i = 0; i < model.size(); ++i)
      for (auto& [name, v] : model.layer(i).state()) best_state_.push_back(*v);
  };
  if (config_.restore_best_weights && best_weights_.empty()) snapshot();
  ++wait_;
  if (improves(current, best_)) {
    best_ = current;
    best_epoch_ = epoch;
    if (config_.restore_best_weights) snapshot();
    if (std::isnan(config_.baseline) || improves(current, config_.baseline)) wait_ = 0;
  }
  if (wait_ >= config_.patience && epoch > 0) {
    stopped_epoch_ = epoch;
    trainer.stop_training = true;
    if (config_.verbose) std::printf("Epoch %d: early stopping\n", epoch + 1);
    if (config_.restore_best_weights && !best_weights_.empty()) {
      if (config_.verbose)
        std::printf("Restoring model weights from the end of the best epoch: %d.\n", best_epoch_ + 1);
      std::copy(best_weights_.begin(), best_weights_.end(), model.params().data());
      std::size_t k = 0;
      for (std::size_t i = 0; i < model.size(); ++i)
        for (auto& [name, v] : model.layer(i).state()) *v = best_state_[k++];
    }
  }
}

// [SECTION] ReduceLROnPlateau ------------------------------------------------

ReduceLROnPlateau::ReduceLROnPlateau(Config config) : config_(std::move(config)) {
  if (!(config_.factor < 1.0)) throw std::invalid_argument("ReduceLROnPlateau does not support a factor >= 1.0");
  if ((config_.monitor != "val_loss" && config_.monitor != "loss") || resolve_max(config_.mode, config_.monitor))
    throw std::invalid_argument("ReduceLROnPlateau watches the loss to minimize: monitor val_loss or loss");
}

// One reducer, not two: the optimizer's plateau schedule (PyTorch's
// ReduceLROnPlateau, saved with the optimizer's state, so a resumed run cuts
// where it would have, and shared with the lab and `descent trace`). This
// callback only sets it up in Keras' terms and reports the cuts.
void ReduceLROnPlateau::on_train_begin(Trainer& trainer) {
  auto& opt = trainer.optimizer();
  opt.set("schedule", static_cast<double>(optim::Schedule::plateau));
  opt.set("factor", config_.factor);
  // Keras cuts once `patience` epochs have not improved, PyTorch once more than `patience` have.
  opt.set("patience", std::max(0, config_.patience - 1));
  opt.set("cooldown", config_.cooldown);
  opt.set("min_lr", config_.min_lr);
  opt.set("threshold", config_.min_delta);  // relative to the best loss (PyTorch's "rel" mode)
  last_lr_ = opt.lr();
}

void ReduceLROnPlateau::on_epoch_end(Trainer& trainer, int epoch, Logs&) {
  const double lr = trainer.optimizer().lr();
  if (config_.verbose && lr < last_lr_)
    std::printf("Epoch %d: ReduceLROnPlateau reducing learning rate to %g.\n", epoch + 1, lr);
  last_lr_ = lr;
}

// [SECTION] ModelCheckpoint --------------------------------------------------

std::string format_checkpoint_path(const std::string& pattern, int epoch, const Logs& logs, long batch) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out += pattern[i];
      continue;
    }
    const std::size_t close = pattern.find('}', i);
    if (close == std::string::npos)
      throw std::invalid_argument("checkpoint pattern '" + pattern + "' has an unclosed {");
    const std::string field = pattern.substr(i + 1, close - i - 1);
    const std::size_t colon = field.find(':');
    const std::string key = field.substr(0, colon);
    const std::string given = colon == std::string::npos ? std::string() : field.substr(colon + 1);
    char buf[64];
    if (key == "epoch" || key == "batch") {
      const std::string spec = given.empty() ? std::string(1, 'd') : given;
      if (spec.back() != 'd' || spec.find_first_not_of("0123456789") != spec.size() - 1)
        throw std::invalid_argument("{" + key + "} takes an integer format such as {" + key + ":02d}");
      if (key == "batch" && batch < 0)
        throw std::invalid_argument("{batch} needs a save frequency in batches (save_freq)");
      std::string format = "%";
      format.append(spec, 0, spec.size() - 1);  // the width digits
      format += "ld";
      std::snprintf(buf, sizeof buf, format.c_str(), key == "epoch" ? static_cast<long>(epoch) + 1 : batch + 1);
    } else {
      auto it = logs.find(key);
      if (it == logs.end())
        throw std::invalid_argument("checkpoint pattern names '" + key + "', which is not in the logs");
      const std::string spec = given.empty() ? std::string(1, 'g') : given;
      if (spec.find_first_of("diouxX") != std::string::npos ||
          spec.find_first_not_of("0123456789.+-# efgEG") != std::string::npos)
        throw std::invalid_argument("{" + key + "} takes a float format such as {" + key + ":.4f}");
      std::snprintf(buf, sizeof buf, ("%" + spec).c_str(), it->second);
    }
    out += buf;
    i = close;
  }
  return out;
}

ModelCheckpoint::ModelCheckpoint(Config config) : config_(std::move(config)) {
  if (config_.save_freq < 0) throw std::invalid_argument("ModelCheckpoint: save_freq must be 0 (every epoch) or N > 0");
}

void ModelCheckpoint::on_train_begin(Trainer&) {
  maximize_ = resolve_max(config_.mode, config_.monitor);
  best_ = maximize_ ? -kInf : kInf;
  batches_seen_ = 0;
  // A run killed while it saved left its half-written temporary file: it is
  // never a checkpoint, and this run clears it away.
  const std::string folder = std::filesystem::path(config_.filepath).parent_path().string();
  if (folder.find('{') == std::string::npos) {
    const int removed = remove_stale_temp_files(folder);
    if (removed > 0 && config_.verbose)
      std::printf("Removed %d temporary file%s left by an interrupted save in %s\n", removed, removed == 1 ? "" : "s",
                  folder.empty() ? "." : folder.c_str());
  }
}

void ModelCheckpoint::on_batch_end(Trainer& trainer, long batch, long, const Logs& running) {
  if (config_.save_freq <= 0 || ++batches_seen_ % config_.save_freq != 0) return;
  save(trainer, trainer.epoch(), batch, running, false);
}

void ModelCheckpoint::on_epoch_end(Trainer& trainer, int epoch, Logs& logs) {
  if (config_.save_freq == 0) save(trainer, epoch, -1, logs, true);
}

void ModelCheckpoint::save(Trainer& trainer, int epoch, long batch, const Logs& logs, bool epoch_done) {
  const std::string path = format_checkpoint_path(config_.filepath, epoch, logs, batch);
  char when_buf[64];
  if (batch >= 0)
    std::snprintf(when_buf, sizeof when_buf, "Epoch %d, batch %ld", epoch + 1, batch + 1);
  else
    std::snprintf(when_buf, sizeof when_buf, "Epoch %d", epoch + 1);
  const std::string when = when_buf;
  if (config_.save_best_only) {
    auto it = logs.find(config_.monitor);
    if (it == logs.end()) {
      if (config_.verbose)
        std::printf("Can save best model only with %s available, skipping.\n", config_.monitor.c_str());
      return;
    }
    const double current = it->second;
    const bool better = maximize_ ? current > best_ : current < best_;
    if (!better) {
      if (config_.verbose)
        std::printf("%s: %s did not improve from %.5f\n", when.c_str(), config_.monitor.c_str(), best_);
      return;
    }
    if (config_.verbose)
      std::printf("%s: %s improved from %.5f to %.5f, saving model to %s\n", when.c_str(), config_.monitor.c_str(),
                  best_, current, path.c_str());
    best_ = current;
  } else if (config_.verbose) {
    std::printf("%s: saving model to %s\n", when.c_str(), path.c_str());
  }
  if (config_.save_weights_only) {
    save_weights(path, trainer.model());
  } else if (!epoch_done) {  // mid-epoch: the model as of the last finished epoch, plus these weights
    save_model(path, trainer);
  } else {  // the trainer counts this epoch after the callbacks: the saved run includes it
    std::vector<Logs> history = trainer.history();
    history.push_back(logs);
    save_model(path, trainer, epoch + 1, history);
  }
  saved_.push_back(path);
}

// [SECTION] CsvLogger --------------------------------------------------------

CsvLogger::~CsvLogger() {
  if (stream_) std::fclose(stream_);
}

void CsvLogger::on_train_begin(Trainer&) {
  keys_.clear();
  text_.clear();
  std::error_code ec;
  const auto status = std::filesystem::status(path_, ec);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    stream_ = std::fopen(path_.c_str(), append_ ? "a" : "w");
    if (!stream_) throw std::runtime_error(path_ + ": cannot open the CSV log for writing: " + std::strerror(errno));
    return;
  }
  if (append_ && std::filesystem::exists(status)) {  // the rows of earlier runs stay
    std::FILE* f = std::fopen(path_.c_str(), "rb");
    if (!f) throw std::runtime_error(path_ + ": cannot read the CSV log to append to it: " + std::strerror(errno));
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, f)) > 0;) text_.append(buffer, n);
    std::fclose(f);
  }
}

void CsvLogger::on_epoch_end(Trainer&, int epoch, Logs& logs) {
  std::string rows;
  if (keys_.empty()) {
    for (const auto& [k, v] : logs) keys_.push_back(k);
    rows += "epoch";
    for (const auto& k : keys_) rows += "," + k;
    rows += "\n";
  }
  rows += std::to_string(epoch);
  char number[32];
  for (const auto& k : keys_) {
    rows += ',';
    if (auto it = logs.find(k); it != logs.end()) {
      std::snprintf(number, sizeof number, "%.17g", it->second);
      rows += number;
    }
  }
  rows += '\n';
  if (stream_) {
    // A row that cannot be written (a full disk, /dev/full) stops the run
    // loudly rather than losing the log silently.
    if (std::fputs(rows.c_str(), stream_) == EOF || std::fflush(stream_) != 0 || std::ferror(stream_))
      throw std::runtime_error(path_ + ": cannot write the CSV log: " + std::strerror(errno));
    return;
  }
  text_ += rows;
  write_file_atomic(path_, text_);  // throws "PATH: cannot write (reason)"
}

void CsvLogger::on_train_end(Trainer&) {
  std::FILE* f = stream_;
  stream_ = nullptr;
  if (f && std::fclose(f) != 0) throw std::runtime_error(path_ + ": cannot write the CSV log: " + std::strerror(errno));
}

// [SECTION] TerminateOnNaN ---------------------------------------------------

void TerminateOnNaN::on_batch_end(Trainer& trainer, long batch, long, const Logs& running) {
  auto it = running.find("batch_loss");
  if (it != running.end() && !std::isfinite(it->second)) {
    std::printf("Batch %ld: Invalid loss, terminating training\n", batch);
    trainer.stop_training = true;
    terminated_ = true;
  }
}

// [SECTION] ProgressBar ------------------------------------------------------

ProgressBar::ProgressBar(std::FILE* out) : out_(out), tty_(isatty(fileno(out)) != 0) {}

void ProgressBar::on_epoch_begin(Trainer& trainer, int epoch) {
  std::fprintf(out_, "Epoch %d/%d\n", epoch + 1, trainer.options().epochs);
  std::fflush(out_);
  start_ = now();
  last_draw_ = 0;
}

namespace {
std::string bar(long done, long total) {
  const int width = 30;
  const int filled = total ? static_cast<int>(width * done / total) : width;
  std::string s = "[";
  s += std::string(static_cast<std::size_t>(filled > 0 ? filled - (done < total ? 1 : 0) : 0), '=');
  if (done < total && filled > 0) s += '>';
  s += std::string(static_cast<std::size_t>(width - filled), '.');
  return s + "]";
}
std::string duration(double s) {
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%d:%02d:%02d", static_cast<int>(s) / 3600, static_cast<int>(s) % 3600 / 60,
                  static_cast<int>(s) % 60);
  else if (s >= 60)
    std::snprintf(buf, sizeof buf, "%d:%02d", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
  else
    std::snprintf(buf, sizeof buf, "%ds", static_cast<int>(s));
  return buf;
}
}  // namespace

void ProgressBar::on_batch_end(Trainer&, long batch, long batches, const Logs& running) {
  batches_ = batches;
  if (!tty_) return;
  const double t = now();
  if (batch + 1 < batches && t - last_draw_ < 0.1) return;
  last_draw_ = t;
  const double elapsed = t - start_;
  const double eta = elapsed / static_cast<double>(batch + 1) * static_cast<double>(batches - batch - 1);
  std::fprintf(out_, "\r%ld/%ld %s - ETA: %s - loss: %.4f - accuracy: %.4f\033[K", batch + 1, batches,
               bar(batch + 1, batches).c_str(), duration(eta).c_str(), running.at("loss"), running.at("accuracy"));
  std::fflush(out_);
}

void ProgressBar::on_epoch_end(Trainer&, int, Logs& logs) {
  const double elapsed = now() - start_;
  const double per_step = batches_ ? elapsed / static_cast<double>(batches_) : 0.0;
  std::string line = std::to_string(batches_) + "/" + std::to_string(batches_) + " " + bar(batches_, batches_) + " - " +
                     duration(elapsed) + " " + std::to_string(static_cast<int>(std::lround(per_step * 1000))) +
                     "ms/step";
  char buf[64];
  for (const char* key : {"loss", "accuracy", "val_loss", "val_accuracy"}) {
    auto it = logs.find(key);
    if (it == logs.end()) continue;
    std::snprintf(buf, sizeof buf, " - %s: %.4f", key, it->second);
    line += buf;
  }
  std::fprintf(out_, "%s%s%s\n", tty_ ? "\r" : "", line.c_str(), tty_ ? "\033[K" : "");
  std::fflush(out_);
}

}  // namespace nn
