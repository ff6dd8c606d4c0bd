#include "lab/model/plane_worker.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <stdexcept>
#include <utility>

namespace lab::model {

PlaneWorker::PlaneWorker(const scenes::MlpProblem& problem)
    : problem_(std::make_unique<scenes::MlpProblem>(problem.data(), problem.spec())),
      loss_([p = problem_.get()](const scenes::Vec& theta) { return p->training_loss(theta); }),
      thread_([this] { run(); }) {}

PlaneWorker::PlaneWorker(scenes::LossFunction loss) : loss_(std::move(loss)), thread_([this] { run(); }) {}

PlaneWorker::~PlaneWorker() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  stopping_ = true;
  wake_.notify_all();
  thread_.join();
}

bool PlaneWorker::request(PlaneRequest r) {
  if (!r.plane && !r.make_plane) throw std::invalid_argument("a plane request needs a plane or a way to make one");
  if (r.nx < 2 || r.ny < 2) throw std::invalid_argument("a plane grid needs at least 2 × 2 samples");
  for (const auto& p : r.probes)
    if (r.plane && p.size() != r.plane->dimension())
      throw std::invalid_argument("a probe must have the plane's dimension");
  {
    std::lock_guard lock(mutex_);
    if (r.version <= last_requested_) return false;
    last_requested_ = r.version;
    wanted_ = r.version;
    pending_ = std::move(r);
  }
  wake_.notify_all();
  return true;
}

void PlaneWorker::cancel() {
  std::lock_guard lock(mutex_);
  pending_.reset();
  wanted_ = 0;
}

std::optional<PlaneResult> PlaneWorker::poll() {
  std::lock_guard lock(mutex_);
  std::optional<PlaneResult> out = std::move(ready_);
  ready_.reset();
  if (out) last_handed_over_ = out->version;
  return out;
}

long PlaneWorker::last_requested() const {
  std::lock_guard lock(mutex_);
  return last_requested_;
}

bool PlaneWorker::busy() const {
  std::lock_guard lock(mutex_);
  return pending_.has_value() || computing_;
}

void PlaneWorker::run() {
  // Below the window's thread: on two cores a grid that takes a second must
  // not take the frames' time (Linux gives each thread its own nice value;
  // failing to lower it changes nothing else).
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
  for (;;) {
    PlaneRequest job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || pending_.has_value(); });
      if (stop_) return;
      job = std::move(*pending_);
      pending_.reset();
      computing_ = true;
    }
    const auto still_wanted = [&] { return !stopping_ && wanted_ == job.version; };
    PlaneResult result{.version = job.version, .plane = job.plane};
    bool complete = false;
    try {
      if (job.make_plane) result.plane = std::make_shared<const scenes::LossPlane>(job.make_plane());
      if (job.make_extent && still_wanted()) job.extent = job.make_extent(*result.plane);
      for (const auto& p : job.probes)
        if (p.size() != result.plane->dimension())
          throw std::invalid_argument("a probe must have the plane's dimension");
      result.grid = scenes::sample_plane(*result.plane, job.extent, job.nx, job.ny, loss_, still_wanted);
      for (const auto& p : job.probes) {
        if (!still_wanted()) break;
        result.probes.push_back(scenes::report_point(*result.plane, p, loss_));
      }
      complete = !result.grid.loss.empty() && result.probes.size() == job.probes.size();
    } catch (const std::invalid_argument& e) {
      result.plane.reset();
      result.problem = e.what();
      complete = true;
    }
    std::lock_guard lock(mutex_);
    computing_ = false;
    const bool newest = result.version > last_handed_over_ && (!ready_ || ready_->version < result.version);
    if (complete && still_wanted() && newest) ready_ = std::move(result);
  }
}

}  // namespace lab::model
