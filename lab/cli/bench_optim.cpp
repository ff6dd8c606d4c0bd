// lab/cli/bench_optim.cpp — `descent bench optim`: every optimizer's speed
// beside the physical floor, measured in the same run.
//
// Two problems:
//   • Rosenbrock in 2-D, double: the lab's case, where per-step overhead rules;
//   • a 1,000,000-parameter float quadratic f = ½·Σ cᵢ·θᵢ², the CNN's shape of
//     work, where memory traffic rules.
// The floor is the same objective's gradient followed by a bare loop
// θ ← θ − ε·g over the same memory. Each figure is a median over rounds that
// alternate floor and optimizer, and is reported as a ratio to the floor.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lab/cli/args.hpp"
#include "lab/cli/command.hpp"
#include "optim/registry.hpp"
#include "scenes/surface.hpp"

namespace lab::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Seconds per call of `step`, measured over about `seconds`.
double seconds_per_step(const std::function<void()>& step, double seconds) {
  long calls = 0;
  const auto start = Clock::now();
  double elapsed = 0;
  long batch = 1;
  while (elapsed < seconds) {
    for (long i = 0; i < batch; ++i) step();
    calls += batch;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (elapsed < seconds / 10) batch *= 2;
  }
  return elapsed / static_cast<double>(calls);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// f = ½·Σ cᵢ·θᵢ², ∇f = c⊙θ: one read of θ and c, one write of g.
class Quadratic final : public optim::Objective<float> {
 public:
  explicit Quadratic(long n) : c_(n) {
    for (long i = 0; i < n; ++i) c_[i] = 0.5f + static_cast<float>(i % 1000) / 1000.0f;
  }
  float value_and_gradient(const optim::Vec<float>& theta, optim::Vec<float>& g) override {
    g.array() = c_.array() * theta.array();
    return 0.5f * (g.array() * theta.array()).sum();
  }

 private:
  optim::Vec<float> c_;
};

struct Measured {
  double optimizer = 0;  // seconds per step
  double floor = 0;
};

// Rounds alternate the floor and the optimizer so that both see the same machine.
Measured measure(const std::function<void()>& floor_step, const std::function<void()>& opt_step, int rounds,
                 double seconds) {
  std::vector<double> floors, opts;
  for (int r = 0; r < rounds; ++r) {
    floors.push_back(seconds_per_step(floor_step, seconds));
    opts.push_back(seconds_per_step(opt_step, seconds));
  }
  return {median(opts), median(floors)};
}

std::string state_bytes(const optim::Optimizer<float>& opt, long n) {
  std::size_t bytes = 0;
  for (const auto& [name, buffer] : opt.save_state().buffers)
    bytes += sizeof(float) * static_cast<std::size_t>(buffer.size());
  char text[64];
  std::snprintf(text, sizeof text, "%.1f×θ", static_cast<double>(bytes) / (sizeof(float) * static_cast<double>(n)));
  return text;
}

struct BenchOptimOptions {
  int rounds = 3;
  double seconds = 0.3;
  long n = 1'000'000;
  std::vector<std::string> only;
};

int run_bench_optim(const BenchOptimOptions& o) {
  const int rounds = o.rounds;
  const double seconds = o.seconds;
  const long n = o.n;
  const std::vector<std::string>& only = o.only;
  auto wanted = [&](const std::string& name) {
    return only.empty() || std::find(only.begin(), only.end(), name) != only.end();
  };

  // ---- Rosenbrock, 2-D, double.
  const auto rosenbrock = scenes::make_surface("rosenbrock");
  const optim::Vec<double> start = rosenbrock->start();
  std::printf("descent bench optim: %d rounds × %.2f s per figure, median reported\n\n", rounds, seconds);
  std::printf("Rosenbrock, 2-D, double (steps restart from (%g, %g) every 100 steps)\n", start[0], start[1]);
  std::printf("  %-10s %14s %14s %8s\n", "optimizer", "steps/s", "floor steps/s", "ratio");
  {
    optim::Vec<double> x = start, g(2);
    long k = 0;
    auto floor_step = [&] {
      if (++k % 100 == 0) x = start;
      rosenbrock->value_and_gradient(x, g);
      x -= 1e-3 * g;
    };
    for (const auto& info : optim::optimizers()) {
      if (!wanted(info.name)) continue;
      auto opt = optim::make_optimizer<double>(info.name);
      optim::Vec<double> theta = start;
      long j = 0;
      auto opt_step = [&] {
        if (++j % 100 == 0 || !std::isfinite(theta[0]) || !std::isfinite(theta[1])) {
          theta = start;
          opt->reset();
        }
        opt->step(*rosenbrock, theta);
      };
      const Measured m = measure(floor_step, opt_step, rounds, seconds);
      std::printf("  %-10s %14.0f %14.0f %7.2f×\n", info.name.c_str(), 1 / m.optimizer, 1 / m.floor,
                  m.optimizer / m.floor);
      std::fflush(stdout);
    }
  }

  // ---- n-parameter float quadratic.
  std::printf("\nQuadratic, %ld parameters, float (state: optimizer buffers in units of θ's size)\n", n);
  std::printf("  %-10s %14s %14s %8s %9s\n", "optimizer", "steps/s", "floor steps/s", "ratio", "state");
  Quadratic quadratic(n);
  optim::Vec<float> x = optim::Vec<float>::Ones(n), g(n);
  auto floor_step = [&] {
    quadratic.value_and_gradient(x, g);
    for (long i = 0; i < n; ++i) x[i] -= 1e-3f * g[i];
  };
  for (const auto& info : optim::optimizers()) {
    if (!wanted(info.name)) continue;
    if (info.name == "bfgs" || info.name == "dfp" || info.name == "newton") {
      std::printf("  %-10s %14s   (an n×n matrix: %.0f GB at this size)\n", info.name.c_str(), "n/a",
                  4.0 * static_cast<double>(n) * static_cast<double>(n) / 1e9);
      continue;
    }
    auto opt = optim::make_optimizer<float>(info.name);
    if (info.name == "lbfgs") opt->set("history_size", 10);  // 100 pairs would be 800 MB here
    optim::Vec<float> theta = optim::Vec<float>::Ones(n);
    // Line-search methods solve this quadratic in a few steps and then return
    // early at the minimum; restarting them keeps every step a real one.
    long j = 0;
    auto opt_step = [&] {
      if (info.second_order && ++j % 5 == 0) {
        theta.setOnes();
        opt->reset();
      }
      opt->step(quadratic, theta);
    };
    opt_step();  // buffers are sized on the first step
    const Measured m = measure(floor_step, opt_step, rounds, seconds);
    std::printf("  %-10s %14.1f %14.1f %7.2f× %9s%s\n", info.name.c_str(), 1 / m.optimizer, 1 / m.floor,
                m.optimizer / m.floor, state_bytes(*opt, n).c_str(),
                info.name == "lbfgs" ? "  (history_size 10; restarts every 5 steps)"
                : info.second_order  ? "  (restarts every 5 steps)"
                                     : "");
    std::fflush(stdout);
  }
  return 0;
}

std::function<int()> declare_bench_optim(CLI::App& app) {
  auto o = std::make_shared<BenchOptimOptions>();
  app.description(
      "Prints steps per second for every optimizer on Rosenbrock (2-D, double) and on an N-parameter float\n"
      "quadratic, each beside the floor: the objective's gradient plus a bare loop θ ← θ − ε·g over the same\n"
      "memory, timed in the same run. Ratios are optimizer time / floor time per step.");
  add_integer(app, "rounds", o->rounds, 1, 99, "alternating rounds per figure, the median is reported (default 3)");
  add_parsed(
      app, "seconds", "S",
      [o](const std::string& text) {
        o->seconds = parse_number("seconds", text);
        if (o->seconds <= 0 || o->seconds > 60) throw UsageError("--seconds: must be in (0, 60], got " + text);
      },
      "time per measurement (default 0.3)");
  add_integer(app, "size", o->n, 1, 100'000'000, "parameters of the float problem (default 1000000)");
  add_parsed(
      app, "only", "NAME,...",
      [o](const std::string& text) {
        o->only.clear();
        for (std::size_t at = 0; at <= text.size();) {
          const std::size_t comma = std::min(text.find(',', at), text.size());
          o->only.push_back(text.substr(at, comma - at));
          at = comma + 1;
        }
        for (const auto& name : o->only) {
          try {
            optim::optimizer_info(name);
          } catch (const std::invalid_argument& e) {
            throw UsageError(std::string("--only: ") + e.what());
          }
        }
      },
      "comma-separated optimizer names (default: all)");
  return [o] { return run_bench_optim(*o); };
}

const Registration kBenchOptim{
    {"bench optim", "optimizer steps per second beside a bare-loop floor", declare_bench_optim}};

}  // namespace
}  // namespace lab::cli
