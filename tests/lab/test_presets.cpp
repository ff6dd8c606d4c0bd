// Every classroom preset builds, and tells the story its title promises.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <optional>
#include <set>
#include <string>

#include "lab/model/legend.hpp"
#include "lab/model/network_measures.hpp"
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

TEST_CASE("the default race left playing: SGD settles at the minimum and stays there") {
  // ε must stay under 2/λ_max(∇²f(1, 1)) ≈ 1.997e−3, or SGD reaches 1e−10 and climbs back.
  Experiment e = run("default");
  e.seek(12000);
  const double settled = e.runner(0).at(12000).f;
  CHECK(settled < 1e-8);
  e.seek(20000);
  double worst = 0;
  for (std::int64_t k = 12000; k <= 20000; ++k) worst = std::max(worst, e.runner(0).at(k).f);
  CHECK(worst <= settled);
  CHECK(e.runner(0).at(20000).f < 1e-12);
}

TEST_CASE("saddle: SGD stalls on the ridge, RMSProp and Adam escape") {
  const Experiment e = run("saddle");
  auto y = [&](std::size_t r) { return std::abs(e.runner(r).at(e.cursor()).theta.y()); };
  CHECK(y(0) < 1e-3);  // sgd
  CHECK(y(1) > 1.0);   // rmsprop
  CHECK(y(2) > 1.0);   // adam
  // Nobody has run off towards −∞: the f plot stays readable.
  for (const auto& r : e.runners()) CHECK(r.at(e.cursor()).f > -5);
}

TEST_CASE("momentum vs Nesterov: momentum zig-zags across the valley, the look-ahead damps it") {
  const Experiment e = run("momentum-nesterov");
  auto crossings = [&](std::size_t r) {
    int n = 0;
    for (std::int64_t k = 3; k <= e.cursor(); ++k)
      n += (e.runner(r).at(k).theta.y() > 0) != (e.runner(r).at(k - 1).theta.y() > 0);
    return n;
  };
  auto widest_swing = [&](std::size_t r) {
    double w = 0;
    for (std::int64_t k = 5; k <= e.cursor(); ++k) w = std::max(w, std::abs(e.runner(r).at(k).theta.y()));
    return w;
  };
  CHECK(crossings(0) >= 20);
  CHECK(widest_swing(0) > 0.3);
  CHECK(crossings(1) <= 1);
  CHECK(widest_swing(1) < 1e-6);
  // Along the valley neither overshoots the minimum: x stays below 0.
  for (std::size_t r = 0; r < 2; ++r)
    for (std::int64_t k = 0; k <= e.cursor(); ++k) CHECK(e.runner(r).at(k).theta.x() < 0);
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
  CHECK(distance(e, 4, 1, 1) > 0.1);   // adam
  // Line searches cost evaluations: the counters make the comparison fair.
  CHECK(e.runner(0).at(e.cursor()).evaluations > e.cursor() / 2);
}

TEST_CASE("bias correction: without it Adam's first steps are too large and throw it out of the valley") {
  const Experiment e = run("bias-correction");
  const auto& with = e.runner(0);
  const auto& without = e.runner(1);
  CHECK(with.hyper_at("bias_correction", 0) == 1);
  CHECK(without.hyper_at("bias_correction", 0) == 0);
  auto path = [&](const lab::model::Runner& r, std::int64_t n) {
    double sum = 0;
    for (std::int64_t k = 1; k <= n; ++k) sum += (r.at(k).theta - r.at(k - 1).theta).norm();
    return sum;
  };
  CHECK(path(without, 10) > 3 * path(with, 10));
  CHECK(without.at(1).f > 5 * without.at(0).f);  // the first step jumps up the valley's wall
  CHECK(with.at(1).f < with.at(0).f);
  CHECK(with.at(e.cursor()).f < without.at(e.cursor()).f);  // and at the preset's last step
  // Every one of those steps is inside the preset's view, which fits them:
  // the first ten steps, the lesson, span most of its width or its height.
  const auto v = e.view();
  double x0 = 1e9, x1 = -1e9, y0 = 1e9, y1 = -1e9;
  for (const auto* r : {&with, &without})
    for (std::int64_t k = 0; k <= 10; ++k) {
      x0 = std::min(x0, r->at(k).theta.x()), x1 = std::max(x1, r->at(k).theta.x());
      y0 = std::min(y0, r->at(k).theta.y()), y1 = std::max(y1, r->at(k).theta.y());
    }
  CHECK(std::max((x1 - x0) / (v.x_max - v.x_min), (y1 - y0) / (v.y_max - v.y_min)) > 0.6);
  for (const auto* r : {&with, &without})
    for (std::int64_t k = 0; k <= e.cursor(); ++k) {
      CHECK(r->at(k).theta.x() > v.x_min);
      CHECK(r->at(k).theta.x() < v.x_max);
      CHECK(r->at(k).theta.y() > v.y_min);
      CHECK(r->at(k).theta.y() < v.y_max);
    }
}

TEST_CASE("learning rate: too small crawls, right converges, too large swings ever wider") {
  const Experiment e = run("learning-rate");
  const auto& small = e.runner(0);
  const auto& right = e.runner(1);
  const auto& large = e.runner(2);
  const std::int64_t n = e.cursor();
  CHECK(small.at(n).theta.x() < -3);             // crawled less than a quarter of the way
  CHECK(right.at(n).f < 0.02 * small.at(n).f);   // converged
  CHECK(large.at(n).f > large.at(0).f);          // got worse
  CHECK_FALSE(large.diverged_at().has_value());  // but is still on screen as a zig-zag:
  for (std::int64_t k = 1; k <= n; ++k) {
    CHECK((large.at(k).theta.y() > 0) != (large.at(k - 1).theta.y() > 0));  // crosses every step
    CHECK(std::abs(large.at(k).theta.y()) > std::abs(large.at(k - 1).theta.y()));
  }
  const auto v = e.view();
  CHECK(std::abs(large.at(n).theta.y()) < v.y_max);  // every swing fits in the view
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
  // The legend shows the gap to the minimum, so SGD and BFGS do not read as a tie.
  const std::string sgd = lab::model::legend_line(e, 0).text;
  const std::string bfgs = lab::model::legend_line(e, 3).text;
  CHECK_THAT(sgd, Catch::Contains("f − f* = "));
  CHECK(sgd.substr(sgd.find("f − f*")) != bfgs.substr(bfgs.find("f − f*")));
}

TEST_CASE("tiny network: from near the saddle at zero, the start's sign picks one of two mirror minima") {
  const Experiment e = run("tiny-network");
  CHECK(e.runner(0).at(0).f == Approx(e.surface().value(0, 0)).epsilon(1e-3));  // starts at the saddle's level
  CHECK(distance(e, 0, 1.5, 1.0) < 0.1);                                        // sgd
  CHECK(distance(e, 1, -1.5, -1.0) < 0.1);                                      // momentum, from the mirrored start
  CHECK(distance(e, 2, 1.5, 1.0) < 0.1);                                        // adam
  // Both minima are inside the preset's view.
  const auto v = e.view();
  for (const auto& m : e.surface().minima()) {
    CHECK(m.x > v.x_min);
    CHECK(m.x < v.x_max);
    CHECK(m.y > v.y_min);
    CHECK(m.y < v.y_max);
  }
}

TEST_CASE("mini-batch noise: both reach the minimum, SGD's path jitters more than momentum's, σ is shown") {
  const Experiment e = run("mini-batch-noise");
  REQUIRE(e.scene().noise > 0);
  auto path_length = [&](std::size_t r) {
    double sum = 0;
    for (std::int64_t k = 1; k <= e.cursor(); ++k)
      sum += (e.runner(r).at(k).theta - e.runner(r).at(k - 1).theta).norm();
    return sum;
  };
  auto mean_distance_at_the_end = [&](std::size_t r) {
    double sum = 0;
    for (std::int64_t k = e.cursor() - 49; k <= e.cursor(); ++k) sum += e.runner(r).at(k).theta.norm();
    return sum / 50;
  };
  CHECK(path_length(0) > 1.8 * path_length(1));
  CHECK(mean_distance_at_the_end(0) < 0.5);  // from 4.3 away at the start
  CHECK(mean_distance_at_the_end(1) < 0.5);
  CHECK_THAT(lab::model::scene_note(e), Catch::Contains("σ = 3"));
}

TEST_CASE("every preset carries its title and one-sentence lesson as the surface's caption") {
  for (const auto& p : lab::model::presets()) {
    INFO(p.name);
    const Experiment e = lab::model::make_preset_experiment(p);
    REQUIRE(e.caption().has_value());
    CHECK(e.caption()->title == p.title);
    CHECK(e.caption()->lesson == p.lesson);
    CHECK(p.lesson.find('\n') == std::string::npos);  // one sentence: the caption wraps it
    CHECK(p.lesson.find(". ") == std::string::npos);
    CHECK(p.lesson.back() == '.');
  }
  Experiment e = lab::model::make_preset_experiment(lab::model::find_preset("saddle"));
  lab::model::SceneSpec other;
  other.surface = "rosenbrock";
  e.set_scene(other);
  CHECK_FALSE(e.caption().has_value());  // the lesson was about the old scene
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

// ---- small networks: θ is the network's weights, f its training loss

namespace {

// The share of steps 2 … n whose update points against the previous one (a zig-zag).
double reversals(const lab::model::Runner& r, std::int64_t n) {
  int against = 0;
  for (std::int64_t k = 2; k <= n; ++k)
    against += (r.at(k).theta - r.at(k - 1).theta).dot(r.at(k - 1).theta - r.at(k - 2).theta) < 0 ? 1 : 0;
  return static_cast<double>(against) / static_cast<double>(n - 1);
}

// The share of steps 2…n whose turn cos(Δθₖ, Δθₖ₋₁), the curve the preset
// shows, lies on the given side of `bound` (below it when `below`).
double share_of_turns(const lab::model::Runner& r, std::int64_t n, double bound, bool below) {
  int count = 0;
  for (std::int64_t k = 2; k <= n; ++k) {
    const double turn = lab::model::step_turn(r, k);
    count += (below ? turn < bound : turn > bound) ? 1 : 0;
  }
  return static_cast<double>(count) / static_cast<double>(n - 1);
}

double loss(const Experiment& e, std::size_t runner) {
  return e.runner(runner).at(e.cursor()).f;
}

}  // namespace

TEST_CASE("net-linear-saddle: near zero weights SGD plateaus, momentum and Adam leave sooner") {
  const Experiment e = run("net-linear-saddle");
  REQUIRE(e.network() != nullptr);
  const double start = e.runner(0).at(0).f;
  CHECK(loss(e, 0) > 0.95 * start);  // SGD: still on the plateau
  CHECK(loss(e, 1) < 0.7 * start);   // momentum: away
  CHECK(loss(e, 2) < 0.7 * start);   // Adam: away
}

TEST_CASE("net-scaled-features: SGD zig-zags, RMSProp and Adam do not") {
  const Experiment e = run("net-scaled-features");
  const std::int64_t n = e.cursor();
  CHECK(reversals(e.runner(0), n) > 0.5);
  CHECK(reversals(e.runner(1), n) < 0.2);
  CHECK(reversals(e.runner(2), n) < 0.2);
  // On screen: SGD's step turn near −1, the others' near +1, nearly throughout.
  CHECK(share_of_turns(e.runner(0), n, -0.5, true) > 0.9);
  CHECK(share_of_turns(e.runner(1), n, 0.5, false) > 0.9);
  CHECK(share_of_turns(e.runner(2), n, 0.5, false) > 0.9);
  CHECK(e.network() != nullptr);
  CHECK(lab::model::find_preset("net-scaled-features").curve == lab::model::NetworkCurve::StepTurn);
  CHECK(loss(e, 1) < loss(e, 0));
  CHECK(loss(e, 2) < loss(e, 0));
}

namespace {

// Steps 1 … n of a runner's training loss (over the whole training set).
struct LossSteps {
  int up = 0;         // steps that raised the loss
  double jagged = 0;  // the mean |f_{k+1} − 2·f_k + f_{k−1}|: how much one step's change differs from the last
};

LossSteps loss_steps(const lab::model::Runner& r, std::int64_t n) {
  LossSteps s;
  for (std::int64_t k = 1; k <= n; ++k) {
    s.up += r.at(k).f > r.at(k - 1).f ? 1 : 0;
    if (k < n) s.jagged += std::abs(r.at(k + 1).f - 2 * r.at(k).f + r.at(k - 1).f);
  }
  s.jagged /= static_cast<double>(n - 1);
  return s;
}

}  // namespace

TEST_CASE("net-mini-batch: batch 8's loss curve is noisy, the full batch's smooth, both go down") {
  const Experiment e = run("net-mini-batch");
  const std::int64_t n = e.cursor();
  REQUIRE(e.runner(0).batch_size() == std::optional<long>(8));
  REQUIRE(e.runner(1).batch_size() == std::optional<long>(0));
  CHECK(lab::model::runner_name(e.runner(0), n).find("batch 8") != std::string::npos);
  CHECK(lab::model::runner_name(e.runner(1), n).find("full batch") != std::string::npos);
  const LossSteps small = loss_steps(e.runner(0), n), full = loss_steps(e.runner(1), n);
  INFO("up-steps " << small.up << " vs " << full.up << ", jagged " << small.jagged << " vs " << full.jagged);
  CHECK(small.up >= n / 5);                       // batch 8: a fifth or more of its steps raise the whole set's loss
  CHECK(full.up <= n / 50);                       // full batch: (almost) never
  CHECK(small.jagged > 10 * full.jagged);         // its curve is jagged, the full batch's smooth
  CHECK(loss(e, 0) < 0.8 * e.runner(0).at(0).f);  // both still go down
  CHECK(loss(e, 1) < 0.8 * e.runner(1).at(0).f);
}

TEST_CASE("net-spirals: Adam ahead of momentum, momentum ahead of SGD") {
  const Experiment e = run("net-spirals");
  CHECK(loss(e, 2) < loss(e, 1));
  CHECK(loss(e, 1) < loss(e, 0));
}

TEST_CASE("net-dead-relus: the large learning rate kills many more units") {
  const Experiment e = run("net-dead-relus");
  const long small = lab::model::dead_units(*e.network(), e.runner(0).at(e.cursor()).theta);
  const long large = lab::model::dead_units(*e.network(), e.runner(1).at(e.cursor()).theta);
  const long start = lab::model::dead_units(*e.network(), e.runner(0).at(0).theta);
  CHECK(large >= start + 10);  // of 32 hidden units
  CHECK(small <= start);
}

TEST_CASE("net-lbfgs-adam: L-BFGS gets far lower than Adam in the same steps") {
  const Experiment e = run("net-lbfgs-adam");
  CHECK(loss(e, 0) < 0.5 * loss(e, 1));
}

TEST_CASE("dead units: a ReLU unit is dead when it outputs 0 on every training point") {
  Experiment e = run("net-dead-relus");
  const scenes::MlpProblem& net = *e.network();
  optim::Vec<double> theta = optim::Vec<double>::Zero(net.parameter_count());
  CHECK(lab::model::dead_units(net, theta) == 32);  // zero weights and biases: every output is 0
  // Layer 1's biases at +1 (kernel 2×16 first, then 16 biases): its units live, layer 2's still dead.
  theta.segment(2 * 16, 16).setOnes();
  CHECK(lab::model::dead_units(net, theta) == 16);
}
