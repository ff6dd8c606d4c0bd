// The runner on a small network: θ ∈ ℝⁿ with n in the hundreds, optimizer
// states kept every K steps, and step back still exact bit for bit.
#include <catch2/catch.hpp>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "lab/model/runner.hpp"
#include "optim/registry.hpp"

using lab::model::NetworkProblem;
using lab::model::Runner;
using lab::model::StepRecord;

namespace {

bool same_bits(const optim::Vec<double>& a, const optim::Vec<double>& b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

bool same_record(const StepRecord& a, const StepRecord& b) {
  if (!same_bits(a.theta, b.theta) || !same_bits(a.f, b.f) || a.evaluations != b.evaluations) return false;
  if (a.measures.size() != b.measures.size()) return false;
  for (std::size_t i = 0; i < a.measures.size(); ++i)
    if (!same_bits(a.measures[i], b.measures[i])) return false;
  return true;
}

// 2 → hidden → 3 on three Gaussian blobs, mini-batches of `batch` (0: full).
NetworkProblem blobs(std::vector<int> hidden, long batch, long points = 120) {
  const scenes::NetworkDataset data = scenes::make_dataset(
      {.name = "blobs", .points = points, .noise = -1, .test_fraction = 0.25, .classes = 3, .seed = 4});
  scenes::MlpSpec spec;
  spec.hidden = std::move(hidden);
  spec.batch_size = batch;
  spec.init_seed = 9;
  spec.batch_seed = 5;
  return NetworkProblem(std::make_unique<scenes::MlpProblem>(data, spec));
}

Runner run(const std::string& optimizer, NetworkProblem& problem, std::int64_t steps) {
  Runner r(1, optimizer, lab::model::Rgb{});
  r.restart(problem.start(), problem);
  while (r.head() < steps && r.advance(problem)) {
  }
  return r;
}

}  // namespace

TEST_CASE("a network keeps a keyframe every K steps, and θ and f at every step") {
  NetworkProblem problem = blobs({8, 8}, 16);
  const Runner r = run("adam", problem, 150);
  REQUIRE(r.head() == 150);
  CHECK(r.keyframe_steps() == std::vector<std::int64_t>{0, 64, 128});  // Adam's state is 2n: the least spacing
  CHECK(r.at(0).theta.size() == problem.dimension());
  CHECK(r.at(150).theta.size() == problem.dimension());
  CHECK(r.at(150).f < r.at(0).f);
  REQUIRE(r.at(150).measures.size() == problem.measure_names().size());
  CHECK(std::isnan(r.at(0).measures[NetworkProblem::kFirstLayerGradient]));  // no step made yet
  CHECK(r.at(150).measures[NetworkProblem::kFirstLayerGradient] > 0);
}

TEST_CASE("truncating a network run and recomputing gives the same history bit for bit") {
  for (const char* name : {"adam", "lbfgs", "nesterov", "sgd"}) {
    INFO(name);
    NetworkProblem problem = blobs({8, 8}, 16);  // mini-batches: every step has its own batch
    Runner r = run(name, problem, 200);
    REQUIRE(r.head() == 200);
    const std::vector<StepRecord> original = r.history();
    for (std::int64_t back : {137, 64, 1, 0}) {  // inside a keyframe span, on a keyframe, the first step
      r.truncate(back);
      REQUIRE(r.head() == back);
      while (r.head() < 200 && r.advance(problem)) {
      }
      REQUIRE(r.head() == 200);
      for (std::size_t k = 0; k < original.size(); ++k) REQUIRE(same_record(r.history()[k], original[k]));
    }
  }
}

TEST_CASE("the state at step k on a network equals an uninterrupted optimizer's") {
  NetworkProblem problem = blobs({8, 8}, 16);
  const Runner r = run("adam", problem, 150);
  auto opt = optim::make_optimizer<double>("adam");
  optim::Vec<double> theta = problem.start();
  for (std::int64_t k = 1; k <= 150; ++k) {
    opt->step(problem.objective_for_step(k), theta);
    if (k == 64 || k == 101 || k == 150) CHECK(r.state_at(k, problem) == opt->save_state());
  }
  CHECK(same_bits(theta, r.at(150).theta));
}

TEST_CASE("inspecting a network step replays that step exactly, between keyframes too") {
  NetworkProblem problem = blobs({8, 8}, 16);
  const Runner r = run("momentum", problem, 130);
  for (std::int64_t k : {1, 64, 100, 130}) {
    INFO(k);
    const optim::Inspection<double> in = r.inspect(k, problem);
    REQUIRE_FALSE(in.probes.empty());
    CHECK(same_bits(in.probes.front().theta, r.at(k - 1).theta));  // the step starts at θ_{k−1}
    const optim::Vec<double>* step = in.vector("Δθ");
    REQUIRE(step != nullptr);
    CHECK(same_bits(optim::Vec<double>(r.at(k - 1).theta + *step), r.at(k).theta));
    // Its g is batch k's gradient at θ_{k−1}, what the curves' ‖g‖ per layer measure.
    optim::Vec<double> g(problem.dimension());
    problem.objective_for_step(k).value_and_gradient(r.at(k - 1).theta, g);
    CHECK(same_bits(in.probes.front().g, g));
  }
}

TEST_CASE("8 optimizers on a 2→16→16→3 network stay within the memory budget (scaled from 1,000 steps)") {
  // Budget: 8 runners × 10,000 steps ≤ 300 MB; here 1,000 steps each must hold ≤ 30 MB.
  NetworkProblem problem = blobs({16, 16}, 0, 200);
  REQUIRE(problem.dimension() == 2 * 16 + 16 + 16 * 16 + 16 + 16 * 3 + 3);
  std::size_t bytes = 0;
  for (const char* name : {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "lbfgs"}) {
    const Runner r = run(name, problem, 1000);
    CHECK(r.head() == 1000);
    bytes += r.memory_bytes();
  }
  // L-BFGS keeps 2m vectors of n: its states are kept further apart.
  const Runner lbfgs = run("lbfgs", problem, 1000);
  CHECK(lbfgs.keyframe_steps().size() < 1000 / lab::model::kMinKeyframeSpacing);
  const double per_step_theta = 8.0 * 1001 * static_cast<double>(problem.dimension()) * sizeof(double);
  CHECK(static_cast<double>(bytes) > per_step_theta);  // θ at every step is counted
  CHECK(static_cast<double>(bytes) < 30e6);
}
