// The timeline's promise: step back is an exact restore, never an approximation.
#include <catch2/catch.hpp>
#include <cstring>

#include "lab/model/experiment.hpp"
#include "optim/registry.hpp"

using lab::model::Experiment;
using lab::model::StepRecord;

namespace {

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

bool same_record(const StepRecord& a, const StepRecord& b) {
  return same_bits(a.theta.x(), b.theta.x()) && same_bits(a.theta.y(), b.theta.y()) && same_bits(a.f, b.f) &&
         a.evaluations == b.evaluations;
}

// An sgd with PyTorch momentum: it carries a buffer, so state matters.
Experiment momentum_race() {
  Experiment e;
  auto& r = e.add_runner("sgd");
  r.set_hyper("lr", 1e-3, 0);
  r.set_hyper("momentum", 0.9, 0);
  return e;
}

}  // namespace

TEST_CASE("seeking forward records one step per cursor move, from the start point") {
  Experiment e = momentum_race();
  REQUIRE(e.runner(0).head() == 0);
  CHECK(e.runner(0).at(0).theta == e.start());
  e.seek(25);
  CHECK(e.cursor() == 25);
  CHECK(e.runner(0).head() == 25);
  CHECK(e.runner(0).at(25).evaluations == 25);
  CHECK(e.runner(0).at(25).f < e.runner(0).at(0).f);
}

TEST_CASE("step back only moves the cursor — the recorded steps stay") {
  Experiment e = momentum_race();
  e.seek(50);
  const auto history = e.runner(0).history();
  e.seek(20);
  CHECK(e.cursor() == 20);
  CHECK(e.runner(0).head() == 50);
  for (std::size_t k = 0; k < history.size(); ++k) CHECK(same_record(e.runner(0).history()[k], history[k]));
}

TEST_CASE("continuing from an earlier step restores the saved state bit for bit") {
  Experiment e = momentum_race();
  e.seek(60);
  const auto original = e.runner(0).history();
  e.runner(0).truncate(17);
  CHECK(e.runner(0).head() == 17);
  e.seek(60);
  REQUIRE(e.runner(0).history().size() == original.size());
  for (std::size_t k = 0; k < original.size(); ++k) CHECK(same_record(e.runner(0).history()[k], original[k]));
}

TEST_CASE("the saved state after k steps equals an uninterrupted optimizer's") {
  Experiment e = momentum_race();
  e.seek(30);
  auto opt = optim::make_optimizer<double>("sgd");
  opt->set("lr", 1e-3);
  opt->set("momentum", 0.9);
  optim::Vec<double> theta = e.start();
  for (int k = 1; k <= 30; ++k) {
    opt->step(e.surface(), theta);
    if (k == 12 || k == 30) CHECK(e.runner(0).state_at(k, e.problem()) == opt->save_state());
  }
  CHECK(same_bits(theta[0], e.runner(0).at(30).theta.x()));
  CHECK(same_bits(theta[1], e.runner(0).at(30).theta.y()));
}

TEST_CASE("inspecting a recorded step replays it exactly") {
  Experiment e = momentum_race();
  e.seek(10);
  const auto inspection = e.runner(0).inspect(7, e.problem());
  const auto* delta = inspection.vector("Δθ");
  const auto* g = inspection.vector("g");
  REQUIRE(delta != nullptr);
  REQUIRE(g != nullptr);
  const Eigen::Vector2d step = e.runner(0).at(7).theta - e.runner(0).at(6).theta;
  CHECK(same_bits((*delta)[0], step.x()));
  CHECK(same_bits((*delta)[1], step.y()));
  const Eigen::Vector2d expected_g = e.surface().gradient(e.runner(0).at(6).theta.x(), e.runner(0).at(6).theta.y());
  CHECK((*g)[0] == Approx(expected_g.x()));
  CHECK(e.runner(0).inspect(0, e.problem()).vectors.empty());
  CHECK(e.runner(0).inspect(11, e.problem()).vectors.empty());
}

TEST_CASE("gradient noise is the same on every replay and differs between seeds") {
  Experiment e = momentum_race();
  lab::model::SceneSpec noisy = e.scene();
  noisy.noise = 5.0;
  noisy.seed = 3;
  e.set_scene(noisy);
  e.add_runner("sgd").set_hyper("lr", 1e-3, 0);
  e.seek(40);
  const auto first = e.runner(0).history();
  e.runner(0).truncate(9);
  e.seek(40);
  for (std::size_t k = 0; k < first.size(); ++k) CHECK(same_record(e.runner(0).history()[k], first[k]));

  Experiment other = e;
  other.set_noise(5.0, 4);
  other.seek(40);
  CHECK_FALSE(same_record(other.runner(0).at(40), first[40]));

  Experiment quiet = e;
  quiet.set_noise(0, 3);
  quiet.seek(40);
  CHECK_FALSE(same_record(quiet.runner(0).at(40), first[40]));
}

TEST_CASE("a disabled runner is not stepped until it is enabled again") {
  Experiment e = momentum_race();
  e.add_runner("sgd");
  e.runner(1).enabled = false;
  e.seek(15);
  CHECK(e.runner(0).head() == 15);
  CHECK(e.runner(1).head() == 0);
  e.runner(1).enabled = true;
  e.seek(e.cursor());
  CHECK(e.runner(1).head() == 15);
}

TEST_CASE("reset forgets histories — a runner's own start survives it") {
  Experiment e = momentum_race();
  e.add_runner("sgd");
  e.set_runner_start(1, Eigen::Vector2d(0.5, 0.5));
  e.seek(10);
  e.reset();
  CHECK(e.cursor() == 0);
  CHECK(e.runner(0).head() == 0);
  CHECK(e.runner(1).at(0).theta == Eigen::Vector2d(0.5, 0.5));
  CHECK(e.runner(0).at(0).theta == e.start());
  e.set_start(Eigen::Vector2d(-1, -0.5));
  CHECK(e.runner(1).at(0).theta == Eigen::Vector2d(-1, -0.5));
}

TEST_CASE("the history epoch changes exactly when recorded steps are dropped") {
  // What the lab's path cache trusts: the same epoch means the same steps,
  // the later history being the earlier one plus steps.
  Experiment e = momentum_race();
  const auto first = e.runner(0).history_epoch();
  e.seek(40);
  CHECK(e.runner(0).history_epoch() == first);  // steps recorded: kept
  e.seek(10);
  CHECK(e.runner(0).history_epoch() == first);  // the cursor moved back: nothing dropped
  e.runner(0).truncate(40);
  CHECK(e.runner(0).history_epoch() == first);  // truncating at the head drops nothing
  e.runner(0).truncate(30);
  const auto truncated = e.runner(0).history_epoch();
  CHECK(truncated != first);
  e.runner(0).set_hyper("lr", 2e-3, 20);  // drops the steps after 20
  CHECK(e.runner(0).history_epoch() != truncated);
  const auto before_copy = e.runner(0).history_epoch();
  const lab::model::Runner copy = e.runner(0);
  CHECK(copy.history_epoch() != before_copy);  // a copy is another runner's history
  CHECK(e.runner(0).history_epoch() == before_copy);
  e.runner(0).restart(e.start(), e.problem());
  CHECK(e.runner(0).history_epoch() != before_copy);
  CHECK(e.runner(0).history_epoch() != copy.history_epoch());
}
