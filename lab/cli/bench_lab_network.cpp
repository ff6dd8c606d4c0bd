// lab/cli/bench_lab_network.cpp — `descent bench lab-network`: the lab's own
// stepping on a network scene, its memory, and the cost of a step back.
//
// The experiment is the window's model without the window: 8 optimizers on
// one network scene (2→16→16→3 on spirals3 by default, 200 points, full
// batch), each advanced by Experiment::seek as the timeline does, with every
// step's θ, loss, accuracies and per-layer ‖g‖ recorded. It prints:
//   steps/s     per runner, while all of them advance together;
//   memory      the bytes the runners hold (Runner::memory_bytes);
//   step back   what moving the cursor back costs: the seek itself (a read
//               of the history), the inspector's replay of that step, and an
//               edit there (truncate, then the first step after it, which
//               restores the keyframe below and replays up to it).
// Figures are reported, never asserted.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lab/cli/args.hpp"
#include "lab/cli/command.hpp"
#include "lab/model/experiment.hpp"
#include "lab/model/experiment_io.hpp"

namespace lab::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct BenchLabNetworkOptions {
  std::string data = "spirals3";
  long points = 200;
  std::vector<int> hidden = {16, 16};
  long batch_size = 0;
  long steps = 10000;
  std::string save;  // the race at step 0 as an experiment file, for the lab to play
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int run_bench_lab_network(const BenchLabNetworkOptions& o) {
  model::SceneSpec scene;
  scene.network = model::NetworkSpec{};
  scene.network->data.name = o.data;
  scene.network->data.points = o.points;
  scene.network->model.hidden = o.hidden;
  scene.network->model.batch_size = o.batch_size;
  model::Experiment e;
  try {
    e.set_scene(scene);
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
  const std::pair<const char*, double> racers[] = {{"sgd", 0.1},      {"momentum", 0.05}, {"nesterov", 0.05},
                                                   {"adagrad", 0.05}, {"rmsprop", 1e-3},  {"adam", 1e-3},
                                                   {"adamw", 1e-3},   {"lbfgs", 1.0}};
  for (const auto& [name, lr] : racers) e.add_runner(name).set_hyper("lr", lr, 0);
  if (!o.save.empty()) model::save_experiment(e, o.save);  // `descent --load` plays the same race

  const auto start = Clock::now();
  e.seek(o.steps);
  const double stepping = seconds_since(start);
  std::int64_t made = 0;
  std::size_t bytes = 0;
  for (const model::Runner& r : e.runners()) {
    made += r.head();
    bytes += r.memory_bytes();
  }
  const double runners = static_cast<double>(e.runners().size());

  // A step back into the middle of a keyframe span: the worst replay is K − 1 steps.
  const std::int64_t back = std::max<std::int64_t>(1, o.steps - o.steps / 3 - 1);
  auto clock_start = Clock::now();
  e.seek(back);
  const double seek_back = seconds_since(clock_start);
  double inspect_worst = 0, edit_worst = 0;
  std::string slowest;
  for (std::size_t i = 0; i < e.runners().size(); ++i) {
    if (e.runner(i).head() < back) continue;
    clock_start = Clock::now();
    (void)e.runner(i).inspect(back, e.problem());
    const double took = seconds_since(clock_start);
    if (took > inspect_worst) inspect_worst = took, slowest = e.runner(i).optimizer_name();
  }
  model::Runner& edited = e.runner(0);
  clock_start = Clock::now();
  e.set_hyper(0, "lr", edited.hyper_at("lr", back) * 0.5);  // truncates at the cursor
  e.seek(back + 1);                                         // the keyframe below, replayed, then one step
  edit_worst = seconds_since(clock_start);

  std::string shape = std::to_string(e.network()->inputs());
  for (int u : o.hidden) shape += "→" + std::to_string(u);
  shape += "→" + std::to_string(e.network()->outputs());
  std::printf(
      "descent bench lab-network: %s on %s, %ld training points, %ld parameters, batch %s, %zu runners, "
      "%ld steps each\n",
      shape.c_str(), o.data.c_str(), e.network()->data().train_size(), e.network()->parameter_count(),
      o.batch_size == 0 ? "full" : std::to_string(o.batch_size).c_str(), e.runners().size(), o.steps);
  std::printf("  stepping        %.2f s for %lld steps: %.0f steps/s per runner (%.0f in all)\n", stepping,
              static_cast<long long>(made), static_cast<double>(made) / runners / stepping,
              static_cast<double>(made) / stepping);
  std::size_t keyframes = 0;
  for (const model::Runner& r : e.runners()) keyframes += r.keyframe_steps().size();
  std::printf("  memory          %.1f MB held by the runners (%.0f bytes per step per runner), %zu keyframes\n",
              static_cast<double>(bytes) / 1e6, static_cast<double>(bytes) / static_cast<double>(made), keyframes);
  std::printf(
      "  step back to %lld: seek %.3f ms, inspector's replay %.3f ms (slowest runner), edit there and step "
      "%.3f ms\n",
      static_cast<long long>(back), 1e3 * seek_back, 1e3 * inspect_worst, 1e3 * edit_worst);
  return 0;
}

std::function<int()> declare_bench_lab_network(CLI::App& app) {
  auto o = std::make_shared<BenchLabNetworkOptions>();
  app.description(
      "Runs the lab's model headless: 8 optimizers on one network scene (2→16→16→classes on spirals3 by\n"
      "default, --points 200, full batch) advanced together to --steps as the timeline does. Prints steps/s per "
      "runner,\n"
      "the megabytes the runners hold, and the cost of a step back (seek, the inspector's replay, an edit).");
  add_text(app, "network", o->data, "the data set (default spirals3)")->type_name("DATA");
  add_integer(app, "points", o->points, scenes::kMinPoints, scenes::kMaxPoints, "points (default 200)");
  add_integer(app, "steps", o->steps, 1, 100000, "steps per runner (default 10000)");
  add_text(app, "save", o->save, "also write the race at step 0 as an experiment file (descent --load FILE plays it)")
      ->type_name("FILE");
  return [o] { return run_bench_lab_network(*o); };
}

const Registration kBenchLabNetwork{{"bench lab-network",
                                     "the lab's stepping on a network: steps/s per runner, memory, step-back time",
                                     declare_bench_lab_network}};

}  // namespace
}  // namespace lab::cli
