// One rule for edits and resets: made at step k, they take effect from step k
// on; nothing already recorded is rewritten. Labels follow the values in force.
#include <catch2/catch.hpp>

#include "lab/model/experiment.hpp"
#include "lab/model/legend.hpp"

using lab::model::Experiment;

namespace {

// SGD on the ill-conditioned valley, ε = 0.002, run to step 120.
Experiment slow_sgd() {
  Experiment e;
  lab::model::SceneSpec valley;
  valley.surface = "quadratic_valley";
  e.set_scene(valley);
  e.set_start(Eigen::Vector2d(-4, 1.5));
  e.add_runner("sgd").set_hyper("lr", 0.002, 0);
  e.seek(120);
  return e;
}

}  // namespace

TEST_CASE("Reset at the cursor keeps the history shown so far and marks the change") {
  Experiment e = slow_sgd();
  const double f_120 = e.runner(0).at(120).f;
  e.reset_hypers(0);
  const auto& r = e.runner(0);
  CHECK(r.at(120).f == f_120);  // history up to the cursor is not rewritten
  CHECK(r.hyper_at("lr", 119) == 0.002);
  CHECK(r.hyper_at("lr", 120) == 1e-3);  // SGD's default, from the cursor on
  REQUIRE(r.changes().size() == 1);
  CHECK(r.changes()[0].step == 120);  // the timeline's marker
  CHECK(r.changes()[0].previous == 0.002);
  e.seek(121);
  // The next step uses the default: x ← (1 − ε)·x on this valley.
  CHECK(r.at(121).theta.x() == Approx((1 - 1e-3) * r.at(120).theta.x()).epsilon(1e-12));
}

TEST_CASE("Reset at step 0 changes the initial values and leaves no marker") {
  Experiment e = slow_sgd();
  e.seek(0);
  e.reset_hypers(0);
  CHECK(e.runner(0).changes().empty());
  CHECK(e.runner(0).initial_hyper("lr") == 1e-3);
}

TEST_CASE("the legend's name is derived from the values in force, never stored") {
  Experiment e = slow_sgd();
  CHECK(lab::model::runner_name(e.runner(0), 120) == "SGD ε = 0.002");
  e.set_hyper(0, "lr", 0.001);
  // At once: the cursor's legend line shows the new ε, the step before it the old one.
  CHECK(lab::model::runner_name(e.runner(0), e.cursor()) == "SGD ε = 0.001");
  CHECK(lab::model::runner_name(e.runner(0), e.cursor() - 1) == "SGD ε = 0.002");
  CHECK_THAT(lab::model::legend_line(e, 0).text, Catch::StartsWith("SGD ε = 0.001  f = "));
  // The inspector's note for the edit made at the cursor.
  CHECK(lab::model::edit_note(e.runner(0), e.cursor()) == "from step 120 on: ε 0.002 → 0.001");
  CHECK(lab::model::edit_note(e.runner(0), e.cursor() - 1).empty());
}

TEST_CASE("names list the settings that differ from the defaults, flags in words") {
  Experiment e;
  auto& adam = e.add_runner("adam");
  adam.set_hyper("lr", 0.05, 0);
  adam.set_hyper("bias_correction", 0, 0);
  CHECK(lab::model::runner_name(adam, 0) == "Adam ε = 0.05, no bias correction");
  adam.label = "teacher's Adam";
  CHECK(lab::model::runner_name(adam, 0) == "teacher's Adam ε = 0.05, no bias correction");
  adam.reset_hypers(0);
  CHECK(lab::model::runner_name(adam, 0) == "teacher's Adam ε = 0.001");
}

TEST_CASE("numbers print without −0") {
  CHECK(lab::model::short_number(-0.0) == "0");
  CHECK(lab::model::short_number(-1e-300 * 1e-300) == "0");
  CHECK(lab::model::short_number(-2.5) == "−2.5");
  CHECK(lab::model::short_number(0.30912) == "0.309");
}
