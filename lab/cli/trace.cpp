// lab/cli/trace.cpp — `descent trace`: the headless face of optim/.
//
// Runs one optimizer on a 2-D surface and writes its trajectory as CSV:
// step,x,y,f with step 0 the start point. A run that diverges stops at that
// step with exit code 3; the rows before it are kept.
#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>

#include "lab/cli/args.hpp"
#include "lab/cli/atomic_file.hpp"
#include "lab/cli/command.hpp"
#include "lab/cli/optimizer_flags.hpp"
#include "optim/registry.hpp"
#include "scenes/formula_surface.hpp"
#include "scenes/noisy_objective.hpp"
#include "scenes/surface.hpp"

namespace lab::cli {
namespace {

constexpr const char* kUsage = R"(usage:
  descent trace (--surface NAME | --formula EXPR) --optimizer NAME --start X,Y --steps N [--out FILE.csv]
                [--noise SIGMA [--seed S]] [hyperparameters...]
  descent trace --list

Runs one optimizer from (X, Y) for N steps and writes CSV with the header
step,x,y,f (step 0 is the start point) to FILE.csv, or to stdout.

  --surface NAME     a built-in surface (see --list)
  --formula EXPR     a surface typed as a formula in x and y, e.g. 'x^2 + 10*y^2'
  --optimizer NAME   one of the optimizers listed by --list
  --start X,Y        the start point; negative numbers as typed: --start -1.2,1
  --steps N          the number of steps (0 writes only the start point)
  --noise SIGMA      Gaussian gradient noise of standard deviation SIGMA (mini-batch SGD)
  --seed S           the noise's seed (default 1)
  --lr V --momentum V --beta1 V ...   any hyperparameter of the optimizer, by its name
                     with '-' for '_'; flags as --amsgrad / --no-bias-correction.
                     The schedule (--schedule step|exponential|cosine|plateau) advances every step.

Exit codes: 0 done, 2 bad arguments, 3 the run diverged (NaN/Inf; rows before it are kept).)";

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

int run_trace(const std::vector<std::string>& args) {
  const ParsedArgs parsed =
      parse_args(args, [](std::string_view option) { return option == "list" || is_optimizer_flag(option); });
  if (parsed.has("list")) return list_everything();
  if (!parsed.positional.empty()) throw UsageError("unexpected argument '" + parsed.positional.front() + "'");

  // The surface.
  const auto surface_name = parsed.value("surface");
  const auto formula = parsed.value("formula");
  if (surface_name && formula) throw UsageError("give either --surface or --formula, not both");
  if (!surface_name && !formula) throw UsageError("missing --surface NAME or --formula EXPR");
  std::unique_ptr<scenes::Surface> surface;
  try {
    surface = surface_name ? scenes::make_surface(*surface_name) : scenes::make_formula_surface(*formula);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string(surface_name ? "--surface: " : "--formula: ") + e.what());
  }

  // The optimizer and its hyperparameters.
  std::unique_ptr<optim::Optimizer<double>> opt;
  try {
    opt = optim::make_optimizer<double>(parsed.required("optimizer"));
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--optimizer: ") + e.what());
  }
  const auto [x0, y0] = parse_pair("start", parsed.required("start"));
  const long steps = parse_integer("steps", parsed.required("steps"), 0, 100'000'000);
  double noise = 0;
  unsigned long long seed = 1;
  for (const auto& [option, value] : parsed.options) {
    if (option == "surface" || option == "formula" || option == "optimizer" || option == "start" || option == "steps" ||
        option == "out")
      continue;
    if (option == "noise") {
      noise = parse_number(option, value);
      if (noise < 0) throw UsageError("--noise: must not be negative, got " + value);
      continue;
    }
    if (option == "seed") {
      seed = static_cast<unsigned long long>(parse_integer(option, value, 0, 1L << 62));
      continue;
    }
    if (!apply_optimizer_option(*opt, option, value))
      throw UsageError("unknown option --" + option + " for " + opt->name() + " (see descent trace --list)");
  }
  if (opt->name() == "newton" && !surface->has_hessian()) throw UsageError("newton needs a surface with a Hessian");

  // The run.
  scenes::NoisyObjective noisy(*surface, noise, seed);
  optim::Objective<double>& objective = noise > 0 ? static_cast<optim::Objective<double>&>(noisy) : *surface;
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

  if (const auto out = parsed.value("out"))
    write_file_atomic(*out, csv);
  else
    std::fwrite(csv.data(), 1, csv.size(), stdout);
  if (!diverged.empty()) throw DivergedError(diverged);
  return 0;
}

const Registration kTrace{{"trace", "one optimizer's trajectory on a 2-D surface, as CSV", kUsage, run_trace}};

}  // namespace
}  // namespace lab::cli
