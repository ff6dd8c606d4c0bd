// lab/cli/trace.cpp — `descent trace`: the headless face of optim/.
//
// Runs one optimizer on a 2-D surface and writes its trajectory as CSV:
// step,x,y,f with step 0 the start point. A run that diverges stops at that
// step with exit code 3; the rows before it are kept. With --network the run
// trains a small network instead (lab/cli/trace_network.cpp).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>

#include "lab/cli/args.hpp"
#include "lab/cli/atomic_file.hpp"
#include "lab/cli/command.hpp"
#include "lab/cli/optimizer_flags.hpp"
#include "lab/cli/trace_network.hpp"
#include "optim/registry.hpp"
#include "scenes/formula_surface.hpp"
#include "scenes/noisy_objective.hpp"
#include "scenes/surface.hpp"

namespace lab::cli {
namespace {

struct TraceOptions {
  std::string surface, formula, optimizer, out;
  double x0 = 0, y0 = 0;
  long steps = 0;
  double noise = 0;
  std::uint64_t seed = 1;
  std::unique_ptr<OptimizerFlags> hyper;
  bool start_given = false;
  const CLI::Option* noise_option = nullptr;
  NetworkTraceOptions network;
};

std::string format_row(long step, double x, double y, double f) {
  char line[128];
  std::snprintf(line, sizeof line, "%ld,%.17g,%.17g,%.17g\n", step, x, y, f);
  return line;
}

int list_everything() {
  std::printf("Surfaces (--surface NAME):\n");
  for (const auto& name : scenes::surface_names()) {
    const auto s = scenes::make_surface(name);
    const auto start = s->start();
    std::printf("  %-16s %s   f = %s   start (%g, %g)\n", name.c_str(), s->title().c_str(), s->formula().c_str(),
                start.x(), start.y());
  }
  std::printf("  or --formula EXPR, e.g. --formula 'sin(x)*cos(y) + 0.1*(x^2+y^2)'\n\n");
  std::printf("Optimizers (--optimizer NAME) and their hyperparameters (--NAME VALUE, default shown):\n");
  const std::vector<optim::HyperSpec>* common = nullptr;
  std::unique_ptr<optim::Optimizer<double>> last;
  for (const auto& info : optim::optimizers()) {
    auto opt = optim::make_optimizer<double>(info.name);
    std::printf("  %-10s %s%s\n", info.name.c_str(), info.summary.c_str(), info.from_course ? "  [course]" : "");
    for (const auto& spec : opt->specs()) {
      if (spec.common && spec.name != "weight_decay") continue;
      std::printf("      --%-28s %-10s %s\n", key_to_option(spec.name).c_str(),
                  optim::format_hyper_value(spec, spec.default_value).c_str(), spec.help.c_str());
    }
    last = std::move(opt);
    common = &last->specs();
  }
  std::printf("\nOptions every optimizer has:\n");
  for (const auto& spec : *common) {
    if (!spec.common) continue;
    std::string value = optim::format_hyper_value(spec, spec.default_value);
    if (spec.kind == optim::HyperSpec::Kind::Choice) {
      value.clear();
      for (const auto& c : spec.choices) value += (value.empty() ? "" : "|") + c;
    }
    std::printf("      --%-28s %-10s %s\n", key_to_option(spec.name).c_str(), value.c_str(), spec.help.c_str());
  }
  return 0;
}

int run_trace(const TraceOptions& o) {
  if (!o.network.network.empty())
    return run_trace_network(o.network,
                             {.optimizer = o.optimizer,
                              .hyper = o.hyper.get(),
                              .steps = o.steps,
                              .seed = o.seed,
                              .noise = o.noise_option->count() > 0 ? std::optional<double>(o.noise) : std::nullopt,
                              .out = o.out});
  // The surface.
  const bool named = !o.surface.empty();
  if (!named && o.formula.empty()) throw UsageError("missing --surface NAME, --formula EXPR or --network DATA");
  if (!o.start_given) throw UsageError("missing --start X,Y");
  std::unique_ptr<scenes::Surface> surface;
  try {
    surface = named ? scenes::make_surface(o.surface) : scenes::make_formula_surface(o.formula);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string(named ? "--surface: " : "--formula: ") + e.what());
  }

  // The optimizer and its hyperparameters.
  std::unique_ptr<optim::Optimizer<double>> opt;
  try {
    opt = optim::make_optimizer<double>(o.optimizer);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--optimizer: ") + e.what());
  }
  o.hyper->apply(*opt);
  const double x0 = o.x0, y0 = o.y0;
  const long steps = o.steps;
  if (opt->name() == "newton" && !surface->has_hessian()) throw UsageError("newton needs a surface with a Hessian");

  // The run.
  scenes::NoisyObjective noisy(*surface, o.noise, o.seed);
  optim::Objective<double>& objective = o.noise > 0 ? static_cast<optim::Objective<double>&>(noisy) : *surface;
  optim::Vec<double> theta(2);
  theta << x0, y0;
  std::string csv = "step,x,y,f\n";
  csv += format_row(0, x0, y0, surface->value(x0, y0));
  std::string diverged;
  for (long k = 1; k <= steps; ++k) {
    noisy.set_step(k);
    try {
      opt->step(objective, theta);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
    const double f = surface->value(theta[0], theta[1]);
    if (!std::isfinite(theta[0]) || !std::isfinite(theta[1]) || !std::isfinite(f)) {
      std::ostringstream why;
      why << opt->name() << " diverged at step " << k << " (θ = (" << theta[0] << ", " << theta[1] << "), f = " << f
          << "); the " << k << " rows before it are kept";
      diverged = why.str();
      break;
    }
    csv += format_row(k, theta[0], theta[1], f);
    opt->end_epoch(f);
  }

  if (!o.out.empty())
    write_file_atomic(o.out, csv);
  else
    std::fwrite(csv.data(), 1, csv.size(), stdout);
  if (!diverged.empty()) throw DivergedError(diverged);
  return 0;
}

std::function<int()> declare_trace(CLI::App& app) {
  auto o = std::make_shared<TraceOptions>();
  app.description(
      "Runs one optimizer from (X, Y) for N steps and writes CSV with the header step,x,y,f\n"
      "(step 0 is the start point) to FILE.csv, or to stdout.\n"
      "With --network DATA it trains a small network instead and writes\n"
      "step,loss,train_accuracy,test_accuracy,test_loss (step 0 the initial weights; loss is the\n"
      "training objective over the whole training set, the --l2 term included; accuracies are nan\n"
      "for regression).");
  app.add_flag_callback(
      "--list",
      [] {
        list_everything();
        throw CLI::Success();
      },
      "print every surface, and every optimizer with its hyperparameters and defaults, and exit");
  auto* surface = add_text(app, "surface", o->surface, "a built-in surface (see --list)")->type_name("NAME");
  auto* formula = add_text(app, "formula", o->formula, "a surface typed as a formula in x and y, e.g. 'x^2 + 10*y^2'")
                      ->type_name("EXPR")
                      ->excludes(surface);
  auto* network = declare_network_options(app, o->network);
  network->excludes(surface)->excludes(formula);
  add_text(app, "optimizer", o->optimizer, "one of the optimizers listed by --list")->type_name("NAME")->required();
  add_parsed(
      app, "start", "X,Y",
      [o](const std::string& text) {
        std::tie(o->x0, o->y0) = parse_pair("start", text);
        o->start_given = true;
      },
      "the start point; negative numbers as typed: --start -1.2,1 (needed except with --network)")
      ->excludes(network);
  add_integer(app, "steps", o->steps, 0, 100'000'000, "the number of steps (0 writes only the start point)")
      ->required();
  add_text(app, "out", o->out, "write the CSV to FILE.csv (written whole, then renamed) instead of stdout")
      ->type_name("FILE.csv");
  o->noise_option = add_number(app, "noise", o->noise, 0, 1e300,
                               "Gaussian gradient noise of standard deviation SIGMA (mini-batch SGD); with --network, "
                               "the data's noise (default: the data set's own)")
                        ->type_name("SIGMA");
  add_integer(app, "seed", o->seed, 0, 1L << 62,
              "the noise's seed (default 1); with --network, the seed of the data, the initial weights and the "
              "batch order")
      ->type_name("S");
  o->hyper = std::make_unique<OptimizerFlags>(app);
  app.footer(
      "Hyperparameters are the optimizer's, by name with '-' for '_'; flags as --amsgrad / --no-bias-correction.\n"
      "The schedule (--schedule step|exponential|cosine|plateau) advances every step.\n"
      "Exit codes: 0 done, 2 bad arguments, 3 the run diverged (NaN/Inf; rows before it are kept).");
  return [o] { return run_trace(*o); };
}

const Registration kTrace{{"trace", "one optimizer's trajectory on a 2-D surface, as CSV", declare_trace}};

}  // namespace
}  // namespace lab::cli
