// An optimizer that diverges is marked at that step; the lab keeps running.
#include <catch2/catch.hpp>
#include <cmath>

#include "lab/model/experiment.hpp"

using lab::model::Experiment;

TEST_CASE("a too-large learning rate is marked diverged at the step it blows up") {
  Experiment e;
  e.add_runner("sgd").set_hyper("lr", 0.05, 0);
  e.add_runner("sgd").set_hyper("lr", 1e-4, 0);
  e.seek(200);
  const auto& bad = e.runner(0);
  REQUIRE(bad.diverged_at().has_value());
  const auto k = *bad.diverged_at();
  CHECK(k >= 1);
  CHECK(k < 200);
  CHECK(bad.head() == k);
  for (std::int64_t s = 0; s < k; ++s) CHECK(std::isfinite(bad.at(s).f));
  CHECK((bad.at(500).theta == bad.at(k).theta || !std::isfinite(bad.at(k).theta.x())));
  CHECK_FALSE(bad.can_advance());
  CHECK_FALSE(e.runner(1).diverged_at().has_value());
  CHECK(e.runner(1).head() == 200);
  CHECK_FALSE(e.all_stopped());
  e.seek(300);  // the race goes on for the others
  CHECK(e.runner(1).head() == 300);
  CHECK(e.runner(0).head() == k);
}

TEST_CASE("stepping back before the divergence and lowering ε clears the mark") {
  Experiment e;
  e.add_runner("sgd").set_hyper("lr", 0.05, 0);
  e.seek(100);
  REQUIRE(e.runner(0).diverged_at().has_value());
  e.seek(0);
  e.set_hyper(0, "lr", 1e-3);
  e.seek(100);
  CHECK_FALSE(e.runner(0).diverged_at().has_value());
  CHECK(e.runner(0).head() == 100);
  CHECK(e.all_stopped() == false);
}

TEST_CASE("leaving the view by a factor of 1e6 counts as divergence") {
  Experiment e;
  e.set_view({-1e-7, 1e-7, -1e-7, 1e-7});  // a tiny view: the first step leaves it
  e.add_runner("sgd").set_hyper("lr", 1e-3, 0);
  e.seek(5);
  REQUIRE(e.runner(0).diverged_at().has_value());
  CHECK(*e.runner(0).diverged_at() == 1);
  CHECK(e.all_stopped());
}

TEST_CASE("a start where f has no value is marked diverged at step 0, saying why") {
  Experiment e;
  lab::model::SceneSpec spec;
  spec.formula = "log(x) + y^2";
  e.set_scene(spec);
  e.add_runner("adam");
  e.set_start(Eigen::Vector2d(-1.0, 0.5));  // log of a negative number: f is NaN there
  REQUIRE_FALSE(std::isfinite(e.runner(0).at(0).f));
  REQUIRE(e.runner(0).diverged_at().has_value());
  CHECK(*e.runner(0).diverged_at() == 0);
  CHECK(e.runner(0).divergence_reason() == "f is not defined at the start");
  e.set_start(Eigen::Vector2d(2.0, 0.5));  // a start where f has a value runs as before
  CHECK_FALSE(e.runner(0).diverged_at().has_value());
  e.seek(10);
  CHECK(e.runner(0).head() == 10);
}
