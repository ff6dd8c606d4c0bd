// lab/model/plane_worker.hpp — the loss over the shared plane, computed on a
// thread of its own so that no frame waits for it.
//
// A 64×64 grid is 4,096 forward passes over the training set: tens to
// hundreds of milliseconds, too long for a frame. The UI thread posts a
// request (plane, extent, resolution, a version it chooses) and polls for
// the newest finished result once per frame; it never blocks on the
// computation. The worker owns its own network (an MlpProblem rebuilt from
// the caller's data and spec: MlpProblem is not thread-safe) and calls
// nothing else.
//
// Ordering, the contract the view relies on:
//   - a request supersedes every earlier one: a pending one is dropped, one in
//     progress stops at its next grid row and is never published;
//   - a request whose version is not above the last requested one is ignored,
//     so a late repeat cannot replace what is being computed;
//   - poll() hands over each result once, and a result never replaces one of
//     a newer version.
// The destructor stops a computation in progress at its next row and joins.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "scenes/loss_plane.hpp"
#include "scenes/mlp_problem.hpp"

namespace lab::model {

struct PlaneRequest {
  long version = 0;  // > every earlier request's
  std::shared_ptr<const scenes::LossPlane> plane;
  scenes::PlaneExtent extent = {};
  // Or: build the plane and its extent on the worker, when building them could
  // stall a frame (a PCA of 8 × 10,000 points of a 371-weight network takes a
  // few hundred ms). Run on the worker's thread: capture copies, never the
  // caller's live state. make_plane may throw std::invalid_argument (no plane
  // yet): the result then carries the message and no grid.
  std::function<scenes::LossPlane()> make_plane = {};
  std::function<scenes::PlaneExtent(const scenes::LossPlane&)> make_extent = {};
  int nx = scenes::kMinPlaneSamples, ny = scenes::kMinPlaneSamples;
  // Points to report on (each runner's point at the cursor, say): true loss,
  // the plane's loss at the projection, distance from the plane.
  std::vector<scenes::Vec> probes = {};
};

struct PlaneResult {
  long version = 0;
  std::shared_ptr<const scenes::LossPlane> plane;  // the request's
  scenes::PlaneGrid grid = {};
  std::vector<scenes::PointReport> probes = {};  // in the request's order
  std::string problem = {};                      // why make_plane gave no plane, or ""
};

class PlaneWorker {
 public:
  // The loss is the network's training objective over its whole training set
  // (the `loss` column of `descent trace --network`), on a network of its own.
  explicit PlaneWorker(const scenes::MlpProblem& problem);
  // Any loss; it is called on the worker's thread only, so it must not share
  // unguarded state with the caller.
  explicit PlaneWorker(scenes::LossFunction loss);
  ~PlaneWorker();
  PlaneWorker(const PlaneWorker&) = delete;
  PlaneWorker& operator=(const PlaneWorker&) = delete;

  // Posts a request; returns false (and does nothing) when its version is not
  // above the last one's. Throws std::invalid_argument for neither a plane nor
  // make_plane, a grid under 2×2, or a probe of the wrong dimension.
  bool request(PlaneRequest r);
  // Drops the pending request and stops the one in progress.
  void cancel();
  // The newest finished result not handed over yet; never blocks.
  std::optional<PlaneResult> poll();

  long last_requested() const;
  bool busy() const;  // a request pending or in progress

 private:
  void run();

  std::unique_ptr<scenes::MlpProblem> problem_;  // when built from one; used on the worker thread only
  scenes::LossFunction loss_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<PlaneRequest> pending_;
  std::optional<PlaneResult> ready_;
  long last_requested_ = 0;
  long last_handed_over_ = 0;
  bool computing_ = false;
  bool stop_ = false;
  // The version the worker should be computing (0: none); read between rows.
  std::atomic<long> wanted_{0};
  std::atomic<bool> stopping_{false};
  std::thread thread_;  // last: started once everything above exists
};

}  // namespace lab::model
