#include "lab/model/presets.hpp"

#include <stdexcept>

#include "optim/registry.hpp"

namespace lab::model {

namespace {

SceneSpec scene(const char* surface, double noise = 0, std::uint64_t seed = 1) {
  SceneSpec s;
  s.surface = surface;
  s.noise = noise;
  s.seed = seed;
  return s;
}

std::vector<Preset> build_presets() {
  std::vector<Preset> p;
  auto course_six = [] {
    return std::vector<RunnerPreset>{
        {"sgd", {{"lr", 2e-3}}, ""},
        {"momentum", {{"lr", 5e-4}, {"momentum", 0.9}}, ""},
        {"nesterov", {{"lr", 5e-4}, {"momentum", 0.9}}, ""},
        {"adagrad", {{"lr", 1.0}}, ""},
        {"rmsprop", {{"lr", 0.02}}, ""},
        {"adam", {{"lr", 0.2}}, ""},
    };
  };

  p.push_back(
      {"default", "Rosenbrock: the six course optimizers",
       "SGD, momentum, Nesterov, AdaGrad, RMSProp and Adam race down\nRosenbrock's curved valley from the same start.",
       scene("rosenbrock"), Eigen::Vector2d(-1.2, 1.0), std::nullopt, course_six(), 500});

  p.push_back(
      {"momentum-nesterov",
       "Momentum overshoots, Nesterov corrects",
       "Same ε and α: heavy-ball momentum swings past the valley floor;\nNesterov's look-ahead gradient brakes early.",
       scene("quadratic_valley"),
       Eigen::Vector2d(-4, 1.5),
       std::nullopt,
       {{"momentum", {{"lr", 0.02}, {"momentum", 0.9}}, ""}, {"nesterov", {{"lr", 0.02}, {"momentum", 0.9}}, ""}},
       80});

  p.push_back({"saddle",
               "Saddle point: SGD stalls, adaptive methods escape",
               "Starting almost on the ridge of x² − y², SGD's gradient is tiny\nalong y; per-coordinate scaling moves "
               "off at once.",
               scene("saddle"),
               Eigen::Vector2d(-1.5, 1e-4),
               std::nullopt,
               {{"sgd", {{"lr", 0.01}}, ""},
                {"momentum", {{"lr", 0.01}, {"momentum", 0.9}}, ""},
                {"rmsprop", {{"lr", 0.01}}, ""},
                {"adam", {{"lr", 0.02}}, ""}},
               150});

  p.push_back({"ill-conditioned",
               "Ill-conditioned valley: RMSProp/Adam vs SGD",
               "Features on different scales: SGD zig-zags across the narrow\nvalley, RMSProp and Adam rescale each "
               "coordinate.",
               scene("quadratic_valley"),
               Eigen::Vector2d(-4, 1.5),
               std::nullopt,
               {{"sgd", {{"lr", 0.036}}, ""}, {"rmsprop", {{"lr", 0.05}}, ""}, {"adam", {{"lr", 0.1}}, ""}},
               150});

  p.push_back(
      {"quasi-newton",
       "Rosenbrock: BFGS/DFP/CG in a handful of steps vs first-order methods",
       "Line searches and curvature: BFGS, DFP and CG reach (1, 1) in tens\nof steps; count the evaluations too.",
       scene("rosenbrock"),
       Eigen::Vector2d(-1.2, 1.0),
       std::nullopt,
       {{"bfgs", {}, ""},
        {"dfp", {}, ""},
        {"cg", {}, ""},
        {"momentum", {{"lr", 5e-4}, {"momentum", 0.9}}, ""},
        {"adam", {{"lr", 0.2}}, ""}},
       60});

  p.push_back({"bias-correction",
               "Adam with and without bias correction",
               "Without m̂ = m/(1 − β₁ᵗ) and ŝ = s/(1 − β₂ᵗ), Adam's first steps are\n≈3× too large: m/√s = 0.1·g / "
               "(0.032·|g|). Watch steps 1–10.",
               scene("rosenbrock"),
               Eigen::Vector2d(-1.2, 1.0),
               std::nullopt,
               {{"adam", {{"lr", 0.05}}, "Adam (bias-corrected)"},
                {"adam", {{"lr", 0.05}, {"bias_correction", 0}}, "Adam, no bias correction"}},
               200});

  p.push_back({"learning-rate",
               "Learning rate too small / right / too large",
               "The same SGD three times: ε too small crawls, ε right converges,\nε too large oscillates across the "
               "valley and diverges.",
               scene("quadratic_valley"),
               Eigen::Vector2d(-4, 1.5),
               std::nullopt,
               {{"sgd", {{"lr", 0.002}}, "SGD ε = 0.002 (too small)"},
                {"sgd", {{"lr", 0.02}}, "SGD ε = 0.02 (right)"},
                {"sgd", {{"lr", 0.045}}, "SGD ε = 0.045 (too large)"}},
               120});

  p.push_back({"local-minimum",
               "Momentum rolls out of a local minimum",
               "A double well: SGD settles in the nearer, shallow minimum;\nmomentum carries enough speed over the "
               "hump to the global one.",
               scene("double_well"),
               Eigen::Vector2d(1.8, 1.0),
               std::nullopt,
               {{"sgd", {{"lr", 0.01}}, ""}, {"momentum", {{"lr", 0.01}, {"momentum", 0.9}}, ""}},
               200});

  p.push_back({"neuron",
               "One neuron: logistic regression's long valley",
               "The loss of σ(w·x + b) on twelve points, over (w, b): inputs that are not\ncentred couple w and b "
               "into a narrow valley. SGD creeps along it; BFGS\nlearns its shape in a few steps.",
               scene("neuron"),
               Eigen::Vector2d(-1.5, 2.0),
               std::nullopt,
               {{"sgd", {{"lr", 0.5}}, ""},
                {"momentum", {{"lr", 0.2}, {"momentum", 0.9}}, ""},
                {"adam", {{"lr", 0.1}}, ""},
                {"bfgs", {}, ""}},
               150});

  p.push_back(
      {"tiny-network",
       "A two-weight network: away from the saddle at zero",
       "ŷ = v·tanh(w·x): at zero weights the gradient vanishes (a saddle), so\nnetworks start from small "
       "random weights. From near zero, every method\nslides off the saddle to one of two mirror minima.",
       scene("tiny_net"),
       Eigen::Vector2d(0.02, -0.01),
       std::nullopt,
       {{"sgd", {{"lr", 0.3}}, ""}, {"momentum", {{"lr", 0.1}, {"momentum", 0.9}}, ""}, {"adam", {{"lr", 0.05}}, ""}},
       200});

  p.push_back(
      {"mini-batch-noise",
       "Mini-batch noise: SGD vs momentum",
       "Gradient noise stands in for mini-batches: SGD jitters around the\nminimum, momentum averages the noise away.",
       scene("quadratic_valley", 6.0, 7),
       Eigen::Vector2d(-4, 1.5),
       std::nullopt,
       {{"sgd", {{"lr", 0.01}}, ""}, {"momentum", {{"lr", 0.001}, {"momentum", 0.9}}, ""}},
       200});
  return p;
}

}  // namespace

const std::vector<Preset>& presets() {
  static const std::vector<Preset> table = build_presets();
  return table;
}

const Preset& find_preset(const std::string& name) {
  for (const Preset& p : presets())
    if (p.name == name) return p;
  std::string known;
  for (const Preset& p : presets()) known += (known.empty() ? "" : ", ") + p.name;
  throw std::invalid_argument("unknown preset '" + name + "' (known: " + known + ")");
}

Experiment make_preset_experiment(const Preset& preset) {
  Experiment e;
  e.set_scene(preset.scene);
  if (preset.view) e.set_view(*preset.view);
  if (preset.start) e.set_start(*preset.start);
  for (const RunnerPreset& rp : preset.runners) {
    Runner& r = e.add_runner(rp.optimizer);
    for (const auto& [key, value] : rp.hyper) r.set_hyper(key, value, 0);
    if (!rp.label.empty()) r.label = rp.label;
  }
  if (!e.runners().empty()) e.select(0);
  return e;
}

Experiment make_bench_experiment() {
  Experiment e;
  e.set_start(Eigen::Vector2d(-1.2, 1.0));
  const std::pair<const char*, double> racers[] = {
      {"sgd", 1e-3},   {"momentum", 1e-4}, {"nesterov", 1e-4}, {"adagrad", 0.3}, {"rmsprop", 1e-3}, {"adam", 1e-2},
      {"adamw", 1e-2}, {"amsgrad", 1e-2},  {"adamax", 1e-2},   {"nadam", 1e-2},  {"radam", 1e-3},   {"adadelta", 1.0},
  };
  for (const auto& [name, lr] : racers) e.add_runner(name).set_hyper("lr", lr, 0);
  return e;
}

}  // namespace lab::model
