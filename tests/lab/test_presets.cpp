// Every classroom preset builds, and tells the story its title promises.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "lab/model/presets.hpp"
#include "optim/registry.hpp"

using lab::model::Experiment;

namespace {

Experiment run(const std::string& name) {
  Experiment e = lab::model::make_preset_experiment(lab::model::find_preset(name));
  e.seek(lab::model::find_preset(name).steps);
  return e;
}

double distance(const Experiment& e, std::size_t runner, double x, double y) {
  const auto& p = e.runner(runner).at(e.cursor()).theta;
  return std::hypot(p.x() - x, p.y() - y);
}

}  // namespace

TEST_CASE("every preset builds and runs its steps — names are unique") {
  std::set<std::string> names;
  for (const auto& p : lab::model::presets()) {
    INFO(p.name);
    CHECK(names.insert(p.name).second);
    CHECK_FALSE(p.title.empty());
    const Experiment e = run(p.name);
    CHECK(e.runners().size() == p.runners.size());
    CHECK(e.cursor() == p.steps);
    for (const auto& r : e.runners()) CHECK(r.head() >= 1);
  }
  CHECK_THROWS_WITH(lab::model::find_preset("nope"), Catch::Contains("default"));
}

TEST_CASE("the default race: the six course optimizers on Rosenbrock, all making progress") {
  const Experiment e = run("default");
  CHECK(e.scene().surface == "rosenbrock");
  const std::vector<std::string> six = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"};
  REQUIRE(e.runners().size() == six.size());
  for (std::size_t i = 0; i < six.size(); ++i) {
    INFO(six[i]);
    CHECK(e.runner(i).optimizer_name() == six[i]);
    CHECK_FALSE(e.runner(i).diverged_at().has_value());
    CHECK(e.runner(i).at(e.cursor()).f < 0.5 * e.runner(i).at(0).f);
  }
  for (std::size_t i = 0; i < six.size(); ++i)
    for (std::size_t j = i + 1; j < six.size(); ++j) CHECK(e.runner(i).color != e.runner(j).color);
}

TEST_CASE("saddle: SGD stalls on the ridge, RMSProp and Adam escape") {
  const Experiment e = run("saddle");
  CHECK(std::abs(e.runner(0).at(e.cursor()).theta.y()) < 0.01);
  CHECK(std::abs(e.runner(2).at(e.cursor()).theta.y()) > 1.0);
  CHECK(std::abs(e.runner(3).at(e.cursor()).theta.y()) > 1.0);
}

TEST_CASE("momentum vs Nesterov: the look-ahead brakes the overshoot") {
  const Experiment e = run("momentum-nesterov");
  CHECK(e.runner(1).at(40).f < e.runner(0).at(40).f);
}

TEST_CASE("ill-conditioned valley: the adaptive methods get closer than SGD") {
  const Experiment e = run("ill-conditioned");
  const double sgd = e.runner(0).at(e.cursor()).f;
  CHECK(e.runner(1).at(e.cursor()).f < sgd);
  CHECK(e.runner(2).at(e.cursor()).f < sgd);
}

TEST_CASE("quasi-Newton: BFGS and CG reach (1, 1) in the preset's steps — first-order methods do not") {
  const Experiment e = run("quasi-newton");
  CHECK(distance(e, 0, 1, 1) < 1e-4);  // bfgs
  CHECK(distance(e, 2, 1, 1) < 1e-4);  // cg
  CHECK(distance(e, 3, 1, 1) > 0.1);   // momentum
  // Line searches cost evaluations: the counters make the comparison fair.
  CHECK(e.runner(0).at(e.cursor()).evaluations > e.cursor() / 2);
}

TEST_CASE("bias correction: without it Adam's first step is larger") {
  const Experiment e = run("bias-correction");
  const double with = (e.runner(0).at(1).theta - e.runner(0).at(0).theta).norm();
  const double without = (e.runner(1).at(1).theta - e.runner(1).at(0).theta).norm();
  CHECK(without > 2 * with);
}

TEST_CASE("learning rate: too small crawls, right converges, too large diverges") {
  const Experiment e = run("learning-rate");
  CHECK_FALSE(e.runner(0).diverged_at().has_value());
  CHECK_FALSE(e.runner(1).diverged_at().has_value());
  CHECK(e.runner(2).diverged_at().has_value());
  CHECK(e.runner(1).at(e.cursor()).f < 0.1 * e.runner(0).at(e.cursor()).f);
}

TEST_CASE("double well: SGD stays in the local minimum, momentum rolls out to the global one") {
  const Experiment e = run("local-minimum");
  const auto minima = e.surface().minima();
  REQUIRE(minima.size() == 2);
  for (const auto& m : minima) {
    if (m.global)
      CHECK(distance(e, 1, m.x, m.y) < 0.05);
    else
      CHECK(distance(e, 0, m.x, m.y) < 0.05);
  }
}

TEST_CASE("neuron: BFGS is at the minimum in a few steps, SGD still creeps along the valley") {
  const Experiment e = run("neuron");
  const auto minima = e.surface().minima();
  REQUIRE(minima.size() == 1);
  const double f_min = minima[0].f;
  auto f_at = [&](std::size_t r, std::int64_t k) { return e.runner(r).at(k).f; };
  CHECK(f_at(3, 15) - f_min < 1e-9);       // bfgs
  CHECK(f_at(0, 150) - f_min > 1e-3);      // sgd, still in the valley
  CHECK(f_at(1, 150) - f_min < 1e-4);      // momentum gets there
  CHECK(f_at(0, 150) < f_at(0, 0) - 0.5);  // but sgd did go down
}

TEST_CASE("tiny network: from near the saddle at zero, every method reaches the same mirror minimum") {
  const Experiment e = run("tiny-network");
  CHECK(e.runner(0).at(0).f == Approx(e.surface().value(0, 0)).epsilon(1e-3));  // starts at the saddle's level
  for (std::size_t r = 0; r < 3; ++r) CHECK(distance(e, r, 1.5, 1.0) < 0.1);
}

TEST_CASE("mini-batch noise: SGD's path jitters more than momentum's") {
  const Experiment e = run("mini-batch-noise");
  CHECK(e.scene().noise > 0);
  auto path_length = [&](std::size_t r) {
    double sum = 0;
    for (std::int64_t k = 1; k <= e.cursor(); ++k)
      sum += (e.runner(r).at(k).theta - e.runner(r).at(k - 1).theta).norm();
    return sum;
  };
  CHECK(path_length(0) > 1.5 * path_length(1));
}

TEST_CASE("the frame benchmark's race runs 10,000 steps for 12 optimizers without diverging") {
  Experiment e = lab::model::make_bench_experiment();
  REQUIRE(e.runners().size() == 12);
  e.seek(2000);  // a fifth of the benchmark's length keeps the test quick
  for (const auto& r : e.runners()) {
    INFO(r.optimizer_name());
    CHECK_FALSE(r.diverged_at().has_value());
  }
}
