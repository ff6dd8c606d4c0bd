#include "lab/model/cnn_run.hpp"

#include <algorithm>
#include <cmath>

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
    case CnnStatus::Diverged:
      return "diverged";
    case CnnStatus::Failed:
      return "failed";
  }
  return "?";
}

const char* event_kind_name(CnnEvent::Kind kind) {
  switch (kind) {
    case CnnEvent::Kind::LrCut:
      return "learning rate";
    case CnnEvent::Kind::EarlyStop:
      return "early stop";
    case CnnEvent::Kind::RestoredBest:
      return "best weights restored";
    case CnnEvent::Kind::Checkpoint:
      return "checkpoint";
    case CnnEvent::Kind::Diverged:
      return "diverged";
  }
  return "?";
}

double batch_x(const CnnRun& run, std::size_t index) {
  const auto i = static_cast<std::int64_t>(index);
  std::size_t e = 0;
  while (e + 1 < run.epoch_starts.size() && i >= run.epoch_starts[e + 1]) ++e;
  const std::int64_t start = e < run.epoch_starts.size() ? run.epoch_starts[e] : 0;
  return static_cast<double>(run.first_epoch + static_cast<int>(e)) +
         static_cast<double>(i - start + 1) / static_cast<double>(std::max(run.batches, 1L));
}

bool CnnRun::partial_last_epoch() const {
  return !history_x.empty() && history_x.back() < static_cast<double>(history_x.size()) - 1e-9;
}

double CnnRun::x_end() const {
  return batch_loss.empty() ? 0.0 : batch_x(*this, batch_loss.size() - 1);
}

CnnRunFacts run_facts(const CnnRun& run, double target_accuracy, long train_images) {
  CnnRunFacts f;
  f.seconds = run.seconds;
  for (std::size_t e = 0; e < run.history.size(); ++e) {
    const nn::Logs& logs = run.history[e];
    const auto it = logs.count("val_accuracy") ? logs.find("val_accuracy") : logs.find("accuracy");
    if (it == logs.end() || !std::isfinite(it->second)) continue;
    f.best_accuracy = std::max(f.best_accuracy, it->second);
    f.final_accuracy = it->second;
    if (f.epochs_to_target < 0 && it->second >= target_accuracy) {
      f.epochs_to_target = static_cast<int>(e) + 1;
      // A partial epoch counts the images it reached, not a whole epoch's.
      f.images_to_target = static_cast<long>(std::lround(run.history_x[e] * static_cast<double>(train_images)));
    }
  }
  if (run.test && (run.status == CnnStatus::Finished || run.status == CnnStatus::Stopped))
    f.test_accuracy = run.test->accuracy();
  return f;
}

}  // namespace lab::model
