// lab/model/presets.hpp — one-click classroom scenes.
//
// Each preset sets the scene, the start θ₀, the optimizers and their
// hyperparameters, and how many steps tell its story. "default" is the race
// `descent` opens with: Rosenbrock, the six course optimizers, tuned so that
// each one's character shows.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lab/model/experiment.hpp"
#include "lab/model/scene.hpp"

namespace lab::model {

struct RunnerPreset {
  std::string optimizer;
  std::vector<std::pair<std::string, double>> hyper;  // the ones that differ from the defaults
  std::optional<Eigen::Vector2d> start = {};          // its own θ₀, else the preset's
  std::optional<long> batch_size = {};                // a network: its own batch size (0: full), else the scene's
};

// The right-hand curve of a network scene's plots: the measure a network
// preset's story shows best. Per-layer ‖g‖ and ‖Δθ‖ follow these in the list.
//   StepTurn: cos(Δθₖ, Δθₖ₋₁), −1 when a step goes back the way the last one
//   came (a zig-zag), +1 when it goes straight on.
enum class NetworkCurve { TestLoss, TrainAccuracy, TestAccuracy, StepTurn };
inline constexpr int kNetworkCurves = 4;

// Every preset's story is measured at its own step count by
// tests/lab/test_presets.cpp; retune with `descent trace` and that test.
struct Preset {
  std::string name;    // "momentum-nesterov": for --preset
  std::string title;   // "Momentum zig-zags, Nesterov's look-ahead damps it"
  std::string lesson;  // one sentence: the caption on the surface, the menu's tooltip
  SceneSpec scene;
  std::optional<Eigen::Vector2d> start;  // else the surface's own
  std::optional<scenes::View> view;      // else the surface's own
  std::vector<RunnerPreset> runners;
  std::int64_t steps = 100;                     // where the story has been told
  bool fit_view = false;                        // the view fits the paths of those steps (view_fit.hpp), not `view`
  NetworkCurve curve = NetworkCurve::TestLoss;  // network scenes: the right-hand plot it opens with
};

// "default" first, then the classroom presets in teaching order.
const std::vector<Preset>& presets();
// Throws std::invalid_argument naming the known presets when unknown.
const Preset& find_preset(const std::string& name);
// The preset's experiment at step 0. Throws if the preset names something
// the libraries lack (a test checks every preset builds).
Experiment make_preset_experiment(const Preset& preset);
// The frame benchmark's race: 12 first-order optimizers on Rosenbrock, each
// stable for kBenchSteps steps.
inline constexpr std::int64_t kBenchSteps = 10000;
Experiment make_bench_experiment();

}  // namespace lab::model
