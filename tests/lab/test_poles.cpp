// Surfaces with poles: a run that falls into one is flagged, not shown as a
// very good f; an ordinary run is never flagged.
#include <catch2/catch.hpp>

#include "lab/model/experiment.hpp"
#include "lab/model/legend.hpp"

using lab::model::Experiment;

namespace {

Experiment formula_race(const std::string& formula, const std::string& optimizer, std::int64_t steps, double lr = 0,
                        Eigen::Vector2d start = Eigen::Vector2d(1.0, -0.5)) {
  Experiment e;
  lab::model::SceneSpec spec;
  spec.formula = formula;
  e.set_scene(spec);
  e.set_start(start);
  auto& r = e.add_runner(optimizer);
  if (lr > 0) r.set_hyper("lr", lr, 0);
  e.seek(steps);
  return e;
}

}  // namespace

TEST_CASE("BFGS falling into the pole of 1/(x − y) is flagged in the legend") {
  // From (−1, 1), where f < 0, BFGS's line search runs down to x = y: f ≈ −2e9.
  const Experiment e = formula_race("1/(x-y)", "bfgs", 30, 0, Eigen::Vector2d(-1, 1));
  REQUIRE_FALSE(e.runner(0).diverged_at().has_value());
  const auto line = lab::model::legend_line(e, 0);
  INFO(line.text);
  CHECK(line.state == lab::model::RunState::AtPole);
  CHECK_THAT(line.text, Catch::Contains("pole"));
}

TEST_CASE("a run that converges is never flagged as on a pole") {
  const Experiment e = formula_race("x^2 + 3*y^2", "bfgs", 30);
  for (std::int64_t k = 0; k <= 30; ++k) CHECK_FALSE(lab::model::at_pole(e.runner(0), k, e.view()));
  CHECK(lab::model::legend_line(e, 0).state == lab::model::RunState::Running);
}

TEST_CASE("an escape towards −∞ on an unbounded surface is not a pole") {
  const Experiment e = formula_race("x^2 - y^2", "sgd", 200, 0.1);  // |y| grows 1.2× a step
  const auto& r = e.runner(0);
  CHECK(r.at(r.head()).f < -1e6);  // far down, yet no pole
  for (std::int64_t k = 0; k <= r.head(); ++k) CHECK_FALSE(lab::model::at_pole(r, k, e.view()));
}
