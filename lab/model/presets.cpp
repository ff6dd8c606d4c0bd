#include "lab/model/presets.hpp"

#include <stdexcept>
#include <utility>
#include <vector>

#include "lab/model/view_fit.hpp"
#include "optim/registry.hpp"

namespace lab::model {

namespace {

// A network scene: `data` with 200 points, `hidden` layers of `activation`.
SceneSpec network(const char* data, std::vector<int> hidden, nn::Act activation, long batch_size = 0,
                  double init_scale = 1) {
  SceneSpec s;
  s.network = NetworkSpec{};
  s.network->data.name = data;
  s.network->data.points = 200;
  s.network->model.hidden = std::move(hidden);
  s.network->model.activation = activation;
  s.network->model.batch_size = batch_size;
  s.network->init_scale = init_scale;
  return s;
}

SceneSpec scene(const char* surface, double noise = 0, std::uint64_t seed = 1) {
  SceneSpec s;
  s.surface = surface;
  s.noise = noise;
  s.seed = seed;
  return s;
}

// Small networks: the same runners and timeline, θ the network's weights.
// Every story is measured by tests/lab/test_presets.cpp at its step count.
void add_network_presets(std::vector<Preset>& p) {
  // Four linear layers from 10% of Glorot's weights: the gradient of a
  // product of near-zero matrices is tiny, so zero is (nearly) a saddle. At
  // step 150 momentum and Adam are already far down; SGD has not moved.
  p.push_back({"net-linear-saddle",
               "A saddle in a linear network",
               "A deep linear network started near zero weights sits near a saddle: SGD plateaus there, while "
               "momentum and Adam build up speed and leave it sooner.",
               network("blobs", {4, 4, 4}, nn::Act::Linear, 0, 0.1),
               std::nullopt,
               std::nullopt,
               {{"sgd", {{"lr", 0.1}}}, {"momentum", {{"lr", 0.1}, {"momentum", 0.9}}}, {"adam", {{"lr", 0.01}}}},
               300});
  p.push_back({"net-scaled-features",
               "Features on different scales",
               "With one input 100 times larger than the other, SGD's largest stable rate makes it zig-zag across "
               "the steep weights (its step turn stays at −1), while RMSProp and Adam rescale each weight and go "
               "straight (+1).",
               network("scaled", {8}, nn::Act::Tanh),
               std::nullopt,
               std::nullopt,
               {{"sgd", {{"lr", 0.01}}}, {"rmsprop", {{"lr", 1e-3}}}, {"adam", {{"lr", 0.01}}}},
               130,
               false,
               NetworkCurve::StepTurn});
  // The same SGD twice, one runner on batches of 8 and one on all 160
  // training points: each batch-8 step follows 8 points' gradient, which
  // often raises the loss over the whole set, yet on average it still goes down.
  p.push_back({"net-mini-batch",
               "Mini-batch noise: batch 8 vs the full batch",
               "The same SGD on batches of 8 points and on the full batch: 8 points only estimate the whole set's "
               "gradient, so the batch-8 loss falls in a jagged curve, the full batch's smoothly.",
               network("moons", {8, 8}, nn::Act::Tanh),
               std::nullopt,
               std::nullopt,
               {{"sgd", {{"lr", 0.1}}, std::nullopt, 8}, {"sgd", {{"lr", 0.1}}, std::nullopt, 0}},
               300});
  p.push_back({"net-spirals",
               "Spirals: SGD vs momentum vs Adam",
               "Two interleaved spirals need a curved boundary: in the same steps Adam fits them best, momentum "
               "follows, and plain SGD is still far behind.",
               network("spirals", {16, 16}, nn::Act::Tanh),
               std::nullopt,
               std::nullopt,
               {{"sgd", {{"lr", 0.1}}}, {"momentum", {{"lr", 0.1}, {"momentum", 0.9}}}, {"adam", {{"lr", 0.01}}}},
               1500});
  p.push_back({"net-dead-relus",
               "Dead ReLUs",
               "Too large a learning rate pushes ReLU units to output zero on every point, after which no gradient "
               "reaches them: the large rate ends with far more dead units than the small one.",
               network("moons", {16, 16}, nn::Act::Relu),
               std::nullopt,
               std::nullopt,
               {{"sgd", {{"lr", 0.02}}}, {"sgd", {{"lr", 3.0}}}},
               200});
  p.push_back({"net-lbfgs-adam",
               "L-BFGS and Adam on a small network",
               "Second-order methods work beyond 2-D: L-BFGS with a line search builds a curvature model of the "
               "network's loss and gets far lower than Adam in the same number of steps.",
               network("circles", {8, 8}, nn::Act::Tanh),
               std::nullopt,
               std::nullopt,
               {{"lbfgs", {{"line_search", 1}}}, {"adam", {{"lr", 0.01}}}},
               100});
}

std::vector<Preset> build_presets() {
  std::vector<Preset> p;
  // SGD's ε = 1.8e−3 stays 10% under the stability limit at the minimum,
  // 2/λ_max(∇²f(1, 1)) = 2/1001.6 ≈ 1.997e−3: left playing, it settles.
  const std::vector<RunnerPreset> course_six = {
      {"sgd", {{"lr", 1.8e-3}}},
      {"momentum", {{"lr", 5e-4}, {"momentum", 0.9}}},
      {"nesterov", {{"lr", 5e-4}, {"momentum", 0.9}}},
      {"adagrad", {{"lr", 1.0}}},
      {"rmsprop", {{"lr", 0.02}}},
      {"adam", {{"lr", 0.2}}},
  };

  p.push_back({"default", "Rosenbrock: the six course optimizers",
               "SGD, momentum, Nesterov, AdaGrad, RMSProp and Adam race down Rosenbrock's curved valley from the "
               "same start, each in its own way.",
               scene("rosenbrock"), Eigen::Vector2d(-1.2, 1.0), std::nullopt, course_six, 500});

  // α = 0.7 keeps both runs from overshooting along the valley (x), so the
  // only difference left is across it: with ε·λ_y = 0.02·50 = 1 Nesterov's
  // look-ahead gradient cancels y in two steps, while heavy-ball momentum
  // swings from wall to wall.
  p.push_back({"momentum-nesterov",
               "Momentum zig-zags across the valley, Nesterov's look-ahead damps it",
               "Same ε and α: heavy-ball momentum swings from wall to wall of the narrow valley, while Nesterov "
               "takes the gradient where it is about to land and goes straight down the middle.",
               scene("quadratic_valley"),
               Eigen::Vector2d(-4, 1.5),
               std::nullopt,
               {{"momentum", {{"lr", 0.02}, {"momentum", 0.7}}}, {"nesterov", {{"lr", 0.02}, {"momentum", 0.7}}}},
               80});

  // 50 steps: RMSProp and Adam are away (|y| > 1) while SGD has not moved
  // off the ridge, and no f has run off towards −∞ yet. (Momentum would
  // escape too, but only after ~90 steps, and until then its path hides
  // SGD's along the ridge.)
  p.push_back({"saddle",
               "Saddle point: SGD stalls, adaptive methods escape",
               "Starting almost on the ridge of x² − y², the gradient along y is tiny, so SGD stalls, while RMSProp "
               "and Adam rescale each coordinate and move off at once.",
               scene("saddle"),
               Eigen::Vector2d(-1.5, 1e-4),
               std::nullopt,
               {{"sgd", {{"lr", 0.01}}}, {"rmsprop", {{"lr", 0.01}}}, {"adam", {{"lr", 0.02}}}},
               50});

  p.push_back({"ill-conditioned",
               "Ill-conditioned valley: RMSProp/Adam vs SGD",
               "Features on different scales: SGD zig-zags across the narrow valley, while RMSProp and Adam rescale "
               "each coordinate and head for the minimum.",
               scene("quadratic_valley"),
               Eigen::Vector2d(-4, 1.5),
               std::nullopt,
               {{"sgd", {{"lr", 0.036}}}, {"rmsprop", {{"lr", 0.05}}}, {"adam", {{"lr", 0.1}}}},
               150});

  p.push_back({"quasi-newton",
               "Rosenbrock: BFGS/DFP/CG in a handful of steps vs first-order methods",
               "Line searches and curvature: BFGS, DFP and CG reach (1, 1) in tens of steps where first-order "
               "methods are still in the valley; count the evaluations too.",
               scene("rosenbrock"),
               Eigen::Vector2d(-1.2, 1.0),
               std::nullopt,
               {{"bfgs", {}},
                {"dfp", {}},
                {"cg", {}},
                {"momentum", {{"lr", 5e-4}, {"momentum", 0.9}}},
                {"adam", {{"lr", 0.2}}}},
               60});

  // The lesson lives in the first steps: without correction the step is
  // ε·m/√s ≈ ε·(1 − β₁ᵗ)/√(1 − β₂ᵗ), 3.2× to 6.5× too large for t ≤ 100.
  // With ε = 0.2 that throws Adam out of the valley (f = 174 at step 1);
  // the view fits those 20 steps' paths.
  p.push_back({"bias-correction",
               "Adam with and without bias correction",
               "Without dividing m by 1 − β₁ᵗ and s by 1 − β₂ᵗ, Adam's first steps are 3 to 6 times too large, so it "
               "jumps out of the valley instead of walking into it.",
               scene("rosenbrock"),
               Eigen::Vector2d(-1.2, 1.0),
               std::nullopt,
               {{"adam", {{"lr", 0.2}}}, {"adam", {{"lr", 0.2}, {"bias_correction", 0}}}},
               20,
               true});

  // ε = 0.0402 is just over the stability limit 2/λ_y = 2/50: from y = 0.5 it
  // multiplies y by 1 − 50ε = −1.01 each step, a zig-zag that widens to
  // |y| = 1.65 at step 120 and stays in the view.
  p.push_back({"learning-rate",
               "Learning rate too small / right / too large",
               "The same SGD three times: ε = 0.002 crawls, ε = 0.02 converges, and ε = 0.0402, just over 2/50, "
               "overshoots the valley floor by more each step, swinging ever wider.",
               scene("quadratic_valley"),
               Eigen::Vector2d(-4, 0.5),
               std::nullopt,
               {{"sgd", {{"lr", 0.002}}}, {"sgd", {{"lr", 0.02}}}, {"sgd", {{"lr", 0.0402}}}},
               120});

  p.push_back({"local-minimum",
               "Momentum rolls out of a local minimum",
               "In a double well SGD settles in the nearer, shallow minimum, while momentum carries enough speed "
               "over the hump to reach the global one.",
               scene("double_well"),
               Eigen::Vector2d(1.8, 1.0),
               std::nullopt,
               {{"sgd", {{"lr", 0.01}}}, {"momentum", {{"lr", 0.01}, {"momentum", 0.9}}}},
               200});

  p.push_back(
      {"neuron",
       "One neuron: logistic regression's long valley",
       "Inputs that are not centred couple w and b of σ(w·x + b) into a narrow valley: SGD creeps along it, "
       "while BFGS learns its shape and is at the minimum in a few steps.",
       scene("neuron"),
       Eigen::Vector2d(-1.5, 2.0),
       std::nullopt,
       {{"sgd", {{"lr", 0.5}}}, {"momentum", {{"lr", 0.2}, {"momentum", 0.9}}}, {"adam", {{"lr", 0.1}}}, {"bfgs", {}}},
       150});

  // From small weights, w + v grows and w − v shrinks: the sign of w + v at
  // the start picks the minimum, so Momentum's mirrored start finds the other.
  p.push_back({"tiny-network",
               "A two-weight network: away from the saddle at zero",
               "For ŷ = v·tanh(w·x) the gradient vanishes at zero weights, so networks start from small random "
               "weights, and the sign of that start decides which of two mirror minima a method slides into.",
               scene("tiny_net"),
               Eigen::Vector2d(0.02, -0.01),
               scenes::View{-3, 3, -4, 2},
               {{"sgd", {{"lr", 0.3}}},
                {"momentum", {{"lr", 0.1}, {"momentum", 0.9}}, Eigen::Vector2d(-0.02, 0.01)},
                {"adam", {{"lr", 0.05}}}},
               200});

  p.push_back({"mini-batch-noise",
               "Noisy gradients: SGD vs momentum",
               "Noise on every gradient stands in for mini-batches: both methods reach the minimum, but SGD's path "
               "jitters around it while momentum averages the noise into a smoother path.",
               scene("quadratic_valley", 3.0, 7),
               Eigen::Vector2d(-4, 1.5),
               std::nullopt,
               {{"sgd", {{"lr", 0.02}}}, {"momentum", {{"lr", 0.002}, {"momentum", 0.9}}}},
               300});
  add_network_presets(p);
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
  e.set_caption(Caption{preset.title, preset.lesson});
  if (preset.view) e.set_view(*preset.view);
  if (preset.start) e.set_start(*preset.start);
  for (const RunnerPreset& rp : preset.runners) {
    Runner& r = e.add_runner(rp.optimizer);
    for (const auto& [name, value] : rp.hyper) r.set_hyper(name, value, 0);
    if (rp.start) e.set_runner_start(e.runners().size() - 1, *rp.start);
    if (rp.batch_size) e.set_runner_batch_size(e.runners().size() - 1, rp.batch_size);
  }
  if (!e.runners().empty()) e.select(0);
  if (preset.fit_view) {  // the story's steps are computed once to see where they go
    e.seek(preset.steps);
    e.set_view(fit_view_to_paths(e, preset.steps));
    e.seek(0);
  }
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
