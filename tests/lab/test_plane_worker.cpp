// The background plane worker: its grid equals the direct computation, a
// superseded request never replaces a newer one, and destroying it mid-grid
// stops the computation and joins (run under TSan by tools/test-all.sh
// --sanitizers). No test here measures time: waits are gates and deadlines.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "lab/model/plane_worker.hpp"

using lab::model::PlaneRequest;
using lab::model::PlaneResult;
using lab::model::PlaneWorker;
using scenes::Vec;

namespace {

scenes::MlpProblem small_problem() {
  scenes::DatasetSpec d;
  d.name = "circles";
  d.points = 60;
  scenes::MlpSpec s;
  s.hidden = {5};
  s.features = {scenes::Feature::X1Squared};
  return scenes::MlpProblem(scenes::make_dataset(d), s);
}

// Polls until a result comes (a generous deadline guards against a hang, not a speed).
std::optional<PlaneResult> wait_for_result(PlaneWorker& w) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto r = w.poll()) return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return std::nullopt;
}

// Spins until `flag` is set, with the same guard.
bool wait_until(const std::atomic<bool>& flag) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (!flag && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  return flag;
}

std::shared_ptr<const scenes::LossPlane> plane_in(long n, double shift) {
  Vec o = Vec::Zero(n), d1 = Vec::Zero(n), d2 = Vec::Zero(n);
  o[0] = shift;
  d1[0] = 1;
  d2[1] = 1;
  return std::make_shared<const scenes::LossPlane>(scenes::PlaneKind::Pca, o, d1, d2);
}

}  // namespace

TEST_CASE("the worker's grid and reports equal the direct computation on the network", "[plane][worker]") {
  scenes::MlpProblem p = small_problem();
  PlaneWorker worker(p);
  auto plane = std::make_shared<const scenes::LossPlane>(
      scenes::random_plane(p.initial_weights(), scenes::weight_tensors(p), 4));
  const Vec probe = plane->point(0.3, 0.2) + Vec::Constant(p.parameter_count(), 0.01);
  PlaneRequest r{.version = 1, .plane = plane, .extent = {-1, 1, -0.5, 0.5}, .nx = 64, .ny = 64, .probes = {probe}};
  REQUIRE(worker.request(r));
  const auto got = wait_for_result(worker);
  REQUIRE(got);
  CHECK(got->version == 1);
  CHECK(got->plane == plane);
  const auto loss = [&](const Vec& t) { return p.training_loss(t); };
  const auto direct = scenes::sample_plane(*plane, r.extent, 64, 64, loss);
  CHECK(got->grid.loss == direct.loss);  // the same network, single-threaded: bit for bit
  REQUIRE(got->probes.size() == 1);
  const auto report = scenes::report_point(*plane, probe, loss);
  CHECK(got->probes[0].true_loss == report.true_loss);
  CHECK(got->probes[0].plane_loss == report.plane_loss);
  CHECK(got->probes[0].where.distance == report.where.distance);
  CHECK_FALSE(worker.poll());  // handed over once
  CHECK_FALSE(worker.busy());
}

TEST_CASE("the worker can build the plane and its extent itself, or say why there is none", "[plane][worker]") {
  scenes::MlpProblem p = small_problem();
  // Three short paths from θ₀ (copies: the worker's thread reads them).
  scenes::Trajectories paths(3);
  scenes::Vec g(p.parameter_count());
  for (std::size_t k = 0; k < 3; ++k) {
    scenes::Vec theta = p.initial_weights();
    for (int s = 0; s < 20; ++s) {
      paths[k].push_back(theta);
      p.value_and_gradient(theta, g);
      theta -= (0.1 + 0.2 * static_cast<double>(k)) * g;
    }
  }
  PlaneWorker worker(p);
  PlaneRequest r{.version = 1, .plane = nullptr, .extent = {}, .nx = 16, .ny = 16, .probes = {paths[2].back()}};
  r.make_plane = [paths] { return scenes::pca_plane(paths); };
  r.make_extent = [paths](const scenes::LossPlane& plane) {
    return scenes::extent_of(scenes::project_all(plane, paths));
  };
  REQUIRE(worker.request(r));
  const auto got = wait_for_result(worker);
  REQUIRE(got);
  REQUIRE(got->plane);
  CHECK(got->problem.empty());
  const auto plane = scenes::pca_plane(paths);
  CHECK(got->plane->origin() == plane.origin());
  CHECK(got->plane->d1() == plane.d1());
  const auto extent = scenes::extent_of(scenes::project_all(plane, paths));
  CHECK(got->grid.extent.alpha_min == extent.alpha_min);
  const auto loss = [&](const Vec& t) { return p.training_loss(t); };
  CHECK(got->grid.loss == scenes::sample_plane(plane, extent, 16, 16, loss).loss);
  CHECK(got->probes[0].true_loss == p.training_loss(paths[2].back()));

  // Every optimizer still at the start: no plane, and the reason.
  PlaneRequest none{.version = 2, .plane = nullptr, .extent = {}, .nx = 16, .ny = 16, .probes = {}};
  none.make_plane = [start = paths[0][0]] { return scenes::plane_through(start, start, start); };
  REQUIRE(worker.request(none));
  const auto why = wait_for_result(worker);
  REQUIRE(why);
  CHECK(why->version == 2);
  CHECK_FALSE(why->plane);
  CHECK(why->grid.loss.empty());
  CHECK_THAT(why->problem, Catch::Contains("one line"));
}

TEST_CASE("a superseded request never overwrites a newer one", "[plane][worker]") {
  std::atomic<bool> first_started{false}, gate{false};
  // Request 1's plane has θ[0] near 100: its first evaluation waits at the gate
  // until request 2 has been posted.
  PlaneWorker worker([&](const Vec& t) {
    if (t[0] > 50) {
      first_started = true;
      while (!gate) std::this_thread::yield();
    }
    return t.squaredNorm();
  });
  REQUIRE(worker.request({.version = 1, .plane = plane_in(3, 100), .extent = {}, .nx = 8, .ny = 8, .probes = {}}));
  REQUIRE(wait_until(first_started));
  REQUIRE(worker.request({.version = 2, .plane = plane_in(3, 0), .extent = {}, .nx = 8, .ny = 8, .probes = {}}));
  CHECK_FALSE(worker.request({.version = 2, .plane = plane_in(3, 7), .extent = {}, .nx = 8, .ny = 8, .probes = {}}));
  gate = true;
  const auto got = wait_for_result(worker);
  REQUIRE(got);
  CHECK(got->version == 2);
  CHECK(got->grid.at(0, 0) == Approx(2.0));  // (α, β) = (−1, 1) on plane 2: θ = (−1, 1, 0)
  // Request 1 stopped at its next row and was never published.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (worker.busy() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  CHECK_FALSE(worker.poll());
  CHECK(worker.last_requested() == 2);
}

TEST_CASE("a cancelled request publishes nothing", "[plane][worker]") {
  std::atomic<bool> started{false}, gate{false};
  PlaneWorker worker([&](const Vec& t) {
    started = true;
    while (!gate) std::this_thread::yield();
    return t.squaredNorm();
  });
  REQUIRE(worker.request({.version = 5, .plane = plane_in(2, 0), .extent = {}, .nx = 4, .ny = 4, .probes = {}}));
  REQUIRE(wait_until(started));
  worker.cancel();
  gate = true;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (worker.busy() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  CHECK_FALSE(worker.busy());
  CHECK_FALSE(worker.poll());
}

TEST_CASE("destroying the worker mid-grid stops it at the next row and joins", "[plane][worker]") {
  std::atomic<bool> started{false};
  std::atomic<long> evaluations{0};
  {
    PlaneWorker worker([&](const Vec& t) {
      started = true;
      ++evaluations;
      return t.squaredNorm();
    });
    REQUIRE(
        worker.request({.version = 1, .plane = plane_in(2, 0), .extent = {}, .nx = 2000, .ny = 2000, .probes = {}}));
    REQUIRE(wait_until(started));
  }  // the destructor returns only once the thread has ended
  CHECK(evaluations < 2000L * 2000L);
}

TEST_CASE("bad requests are refused with a message", "[plane][worker]") {
  PlaneWorker worker([](const Vec& t) { return t.squaredNorm(); });
  CHECK_THROWS_WITH(worker.request({.version = 1, .plane = nullptr}), Catch::Contains("needs a plane or a way"));
  CHECK_THROWS_WITH(worker.request({.version = 1, .plane = plane_in(2, 0), .extent = {}, .nx = 1, .ny = 4}),
                    Catch::Contains("2 × 2"));
  CHECK_THROWS_WITH(worker.request({.version = 1, .plane = plane_in(2, 0), .probes = {Vec::Zero(3)}}),
                    Catch::Contains("dimension"));
}
