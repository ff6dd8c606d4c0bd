// Changing a hyperparameter at step k continues from step k with the new value.
#include <catch2/catch.hpp>
#include <cstring>

#include "lab/model/commands.hpp"
#include "lab/model/experiment.hpp"
#include "optim/registry.hpp"

using lab::model::Experiment;

namespace {
bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}
}  // namespace

TEST_CASE("an edit at step k keeps steps 0…k and continues with the new value") {
  Experiment e;
  e.add_runner("sgd").set_hyper("lr", 1e-3, 0);
  e.seek(50);
  const auto before = e.runner(0).history();
  e.seek(30);
  e.set_hyper(0, "lr", 5e-4);
  const auto& r = e.runner(0);
  REQUIRE(r.changes().size() == 1);
  CHECK(r.changes()[0].step == 30);
  CHECK(r.changes()[0].previous == 1e-3);
  CHECK(r.hyper_at("lr", 29) == 1e-3);
  CHECK(r.hyper_at("lr", 30) == 5e-4);
  CHECK(r.head() == 30);
  for (int k = 0; k <= 30; ++k) CHECK(same_bits(r.at(k).theta.x(), before[static_cast<std::size_t>(k)].theta.x()));

  e.seek(60);
  // The same run by hand: 30 steps at 1e-3, then 30 at 5e-4.
  auto opt = optim::make_optimizer<double>("sgd");
  opt->set("lr", 1e-3);
  optim::Vec<double> theta = e.start();
  for (int k = 0; k < 30; ++k) opt->step(e.surface(), theta);
  opt->set("lr", 5e-4);
  for (int k = 30; k < 60; ++k) opt->step(e.surface(), theta);
  CHECK(same_bits(theta[0], e.runner(0).at(60).theta.x()));
  CHECK(same_bits(theta[1], e.runner(0).at(60).theta.y()));
  CHECK_FALSE(same_bits(before[50].theta.x(), e.runner(0).at(50).theta.x()));
}

TEST_CASE("an earlier edit drops the later changes and their history") {
  Experiment e;
  e.add_runner("sgd");
  e.seek(40);
  e.set_hyper(0, "lr", 2e-3);
  e.seek(20);
  e.set_hyper(0, "lr", 3e-4);
  const auto& r = e.runner(0);
  REQUIRE(r.changes().size() == 1);
  CHECK(r.changes()[0].step == 20);
  CHECK(r.head() == 20);
  CHECK(r.hyper_at("lr", 100) == 3e-4);
}

TEST_CASE("an edit at step 0 changes the initial value and records no marker") {
  Experiment e;
  e.add_runner("sgd");
  e.set_hyper(0, "lr", 2e-3);
  CHECK(e.runner(0).changes().empty());
  CHECK(e.runner(0).initial_hyper("lr") == 2e-3);
}

TEST_CASE("bad values are rejected with a message and change nothing") {
  Experiment e;
  lab::model::Timeline t;
  e.add_runner("sgd");
  e.seek(10);
  const int id = e.runner(0).id();
  const std::string message = lab::model::apply(lab::model::cmd::SetHyper{id, "lr", -1}, e, t);
  CHECK_THAT(message, Catch::Contains("lr"));
  CHECK(e.runner(0).head() == 10);
  CHECK(e.runner(0).changes().empty());
  CHECK(e.runner(0).initial_hyper("lr") == optim::make_optimizer<double>("sgd")->get("lr"));
  CHECK_FALSE(lab::model::apply(lab::model::cmd::SetHyper{id, "no_such", 1}, e, t).empty());
  CHECK_FALSE(lab::model::apply(lab::model::cmd::RemoveRunner{id + 100}, e, t).empty());
  CHECK_FALSE(lab::model::apply(lab::model::cmd::AddRunner{"no-such-optimizer"}, e, t).empty());
  CHECK(e.runners().size() == 1);
  lab::model::cmd::SetScene bad;
  bad.scene.surface = "no-such-surface";
  CHECK_FALSE(lab::model::apply(bad, e, t).empty());
  CHECK(e.scene().surface == "rosenbrock");
  CHECK(e.cursor() == 10);
}

TEST_CASE("commands queue up and apply between frames") {
  Experiment e;
  lab::model::Timeline t;
  lab::model::CommandQueue q;
  q.push(lab::model::cmd::AddRunner{"sgd"});
  q.push(lab::model::cmd::StepBy{5});
  q.push(lab::model::cmd::StepBy{-2});
  CHECK(e.runners().empty());
  const auto errors = q.apply_all(e, t);
  CHECK(errors.empty());
  CHECK(q.empty());
  REQUIRE(e.runners().size() == 1);
  CHECK(e.cursor() == 3);
  CHECK(e.runner(0).head() == 5);
  const int id = e.runner(0).id();
  q.push(lab::model::cmd::DuplicateRunner{id});
  q.push(lab::model::cmd::SetHyper{id, "lr", -5});
  q.push(lab::model::cmd::StepBy{-100});
  const auto more = q.apply_all(e, t);
  CHECK(more.size() == 1);
  CHECK(e.runners().size() == 2);
  CHECK(e.runner(1).color != e.runner(0).color);
  CHECK(e.cursor() == 0);
}

TEST_CASE("the timeline plays at its speed, carrying fractions between frames") {
  lab::model::Timeline t;
  CHECK(t.due(1.0) == 0);  // paused
  t.set_speed(10);
  t.play();
  std::int64_t total = 0;
  for (int i = 0; i < 60; ++i) total += t.due(1.0 / 60);
  CHECK(total >= 9);
  CHECK(total <= 10);
  t.set_speed(1e9);
  CHECK(t.speed() == lab::model::Timeline::kMaxSpeed);
  t.pause();
  CHECK(t.due(1.0) == 0);
}

TEST_CASE("a custom formula becomes the scene — a bad one is rejected with a message") {
  Experiment e;
  lab::model::Timeline t;
  e.add_runner("sgd");
  lab::model::cmd::SetScene formula;
  formula.scene.formula = "x^2 + 10*y^2";
  REQUIRE(lab::model::apply(formula, e, t).empty());
  CHECK(e.scene().formula == "x^2 + 10*y^2");
  CHECK(e.surface().value(1, 1) == Approx(11));
  CHECK(e.runner(0).at(0).theta == e.start());
  lab::model::cmd::SetScene bad;
  bad.scene.formula = "x^^2 +";
  CHECK_FALSE(lab::model::apply(bad, e, t).empty());
  CHECK(e.scene().formula == "x^2 + 10*y^2");
}
