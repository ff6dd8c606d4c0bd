// lab/cli/bench_network.cpp — `descent bench network`: the speed of
// `descent trace --network` beside the bare network, in the same run.
//
// Three loops over the same problem (a data set, an MLP, full batch or B),
// single-threaded:
//   trace   what `descent trace --network` does per step: set the step's
//           batch, the optimizer's step, the loss and accuracies over the
//           training and test sets, the CSV row;
//   step    the optimizer's step alone;
//   floor   a bare forward + backward pass over the step's batch.
// Each figure is a median over rounds that alternate the loops; ratios are
// time per step over the floor's. Steps per second are given in wall time and
// in the thread's CPU time: on a shared machine the second is the loop's own.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lab/cli/args.hpp"
#include "lab/cli/command.hpp"
#include "optim/registry.hpp"
#include "scenes/mlp_problem.hpp"

namespace lab::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct BenchNetworkOptions {
  std::string data = "spirals", optimizer = "sgd";
  long points = 200;
  std::vector<int> hidden = {8, 8};
  long batch_size = 0;
  int rounds = 3;
  double seconds = 0.5;
};

double thread_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

struct PerStep {
  double wall = 0, cpu = 0;  // seconds per call
};

// Seconds per call of `step`, measured over about `seconds` of wall time.
PerStep seconds_per_step(const std::function<void()>& step, double seconds) {
  long calls = 0;
  const auto start = Clock::now();
  const double cpu_start = thread_seconds();
  double elapsed = 0;
  long batch = 1;
  while (elapsed < seconds) {
    for (long i = 0; i < batch; ++i) step();
    calls += batch;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (elapsed < seconds / 10) batch *= 2;
  }
  return {elapsed / static_cast<double>(calls), (thread_seconds() - cpu_start) / static_cast<double>(calls)};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int run_bench_network(const BenchNetworkOptions& o) {
  scenes::NetworkDataset data;
  std::unique_ptr<scenes::MlpProblem> problem;
  try {
    data = scenes::make_dataset({.name = o.data, .points = o.points, .seed = 1});
    problem =
        std::make_unique<scenes::MlpProblem>(data, scenes::MlpSpec{.hidden = o.hidden, .batch_size = o.batch_size});
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  std::unique_ptr<optim::Optimizer<double>> opt;
  try {
    opt = optim::make_optimizer<double>(o.optimizer);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--optimizer: ") + e.what());
  }
  opt->set("lr", 1e-3);  // small: the weights stay in range however long the loops run
  opt->set_layout(problem->layout());
  scenes::MlpProblem& p = *problem;

  optim::Vec<double> theta = p.initial_weights(), g(theta.size());
  std::string csv;
  csv.reserve(1 << 20);
  long k = 0;
  char line[160];
  auto trace = [&] {
    p.set_step(++k);
    opt->step(p, theta);
    const auto m = p.measure(theta);
    std::snprintf(line, sizeof line, "%ld,%.17g,%.17g,%.17g,%.17g\n", k, m.train_loss, m.train_accuracy,
                  m.test_accuracy, m.test_loss);
    if (csv.size() > (1 << 20) - 200) csv.clear();  // the row is built, not kept: memory stays flat
    csv += line;
  };
  auto step = [&] {
    p.set_step(++k);
    opt->step(p, theta);
  };
  auto floor = [&] {
    p.set_step(++k);
    p.value_and_gradient(theta, g);
  };

  // Per loop (trace, step, floor), one figure per round; the floor first in each round.
  const std::function<void()> loops[3] = {trace, step, floor};
  std::vector<PerStep> t[3];
  for (int r = 0; r < o.rounds; ++r)
    for (int l = 2; l >= 0; --l) t[l].push_back(seconds_per_step(loops[l], o.seconds));
  auto wall = [&](int l) {
    std::vector<double> v;
    for (const PerStep& s : t[l]) v.push_back(s.wall);
    return median(v);
  };
  auto cpu = [&](int l) {
    std::vector<double> v;
    for (const PerStep& s : t[l]) v.push_back(s.cpu);
    return median(v);
  };
  std::string shape = std::to_string(p.inputs());
  for (int u : o.hidden) shape += "→" + std::to_string(u);
  shape += "→" + std::to_string(p.outputs());
  std::printf(
      "descent bench network: %s, %s %ld training points, %ld parameters, batch %s, %s, 1 thread, median of %d "
      "rounds\n",
      shape.c_str(), o.data.c_str(), data.train_size(), p.parameter_count(),
      o.batch_size == 0 ? "full" : std::to_string(o.batch_size).c_str(), o.optimizer.c_str(), o.rounds);
  std::printf("  %-44s %12s %8s %14s %8s\n", "loop", "steps/s", "ratio", "CPU steps/s", "ratio");
  const char* names[3] = {"trace --network (step + measures + CSV row)", "optimizer step alone",
                          "floor: bare forward + backward"};
  for (int l = 0; l < 3; ++l)
    std::printf("  %-44s %12.0f %7.2f× %14.0f %7.2f×\n", names[l], 1 / wall(l), wall(l) / wall(2), 1 / cpu(l),
                cpu(l) / cpu(2));
  return 0;
}

std::function<int()> declare_bench_network(CLI::App& app) {
  auto o = std::make_shared<BenchNetworkOptions>();
  app.description(
      "Prints steps per second of `descent trace --network` (default: spirals, --hidden 8,8, --points 200,\n"
      "--batch-size full, sgd), single-threaded, beside the optimizer's step alone and a bare forward +\n"
      "backward pass over the same network and batch, timed in the same run. Ratios are time per step over\n"
      "the bare pass's.");
  add_text(app, "network", o->data, "the data set (default spirals)")->type_name("DATA");
  add_text(app, "optimizer", o->optimizer, "the optimizer (default sgd)")->type_name("NAME");
  add_integer(app, "points", o->points, scenes::kMinPoints, scenes::kMaxPoints, "points (default 200)");
  add_parsed(
      app, "hidden", "N,N,…",
      [o](const std::string& text) {
        o->hidden.clear();
        for (std::size_t at = 0; at <= text.size();) {
          const std::size_t comma = std::min(text.find(',', at), text.size());
          o->hidden.push_back(
              static_cast<int>(parse_integer("hidden", text.substr(at, comma - at), 1, scenes::kMaxHiddenUnits)));
          at = comma + 1;
        }
      },
      "units per hidden layer (default 8,8)");
  add_parsed(
      app, "batch-size", "B|full",
      [o](const std::string& text) {
        o->batch_size = text == "full" ? 0 : parse_integer("batch-size", text, 1, scenes::kMaxPoints);
      },
      "mini-batch size, or full (default)");
  add_integer(app, "rounds", o->rounds, 1, 99, "alternating rounds per figure, the median is reported (default 3)");
  add_number(app, "seconds", o->seconds, 0.01, 60, "time per measurement (default 0.5)");
  return [o] { return run_bench_network(*o); };
}

const Registration kBenchNetwork{
    {"bench network", "trace --network steps per second beside a bare forward+backward pass", declare_bench_network}};

}  // namespace
}  // namespace lab::cli
