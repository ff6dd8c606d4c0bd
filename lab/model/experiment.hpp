// lab/model/experiment.hpp — the whole state of the lab, minus the window.
//
// A scene (the problem the runners step on: a surface, θ ∈ ℝ², or a small
// network), a view window, a start θ₀, and runners (optimizers) racing from
// it. The timeline cursor is one step index shared by all runners:
// moving it only reads histories, except past a runner's head, where the
// runner computes the missing steps. Draw code reads an Experiment as const;
// edits arrive as commands (lab/model/commands.hpp) between frames.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lab/model/problem.hpp"
#include "lab/model/runner.hpp"
#include "lab/model/scene.hpp"
#include "scenes/surface.hpp"

namespace lab::model {

inline constexpr std::int64_t kMaxSteps = 100000;
// A network keeps θ (hundreds of numbers) at every step: 8 runners × 10,000
// steps of 2→16→16→3 hold about 280 MB, so its timeline ends there.
inline constexpr std::int64_t kMaxNetworkSteps = 10000;

// What a preset teaches, shown as a caption on the surface.
struct Caption {
  std::string title;   // "Momentum overshoots, Nesterov corrects"
  std::string lesson;  // one sentence
};

class Experiment {
 public:
  // Rosenbrock with no runners; see presets.hpp for the default race.
  Experiment();
  Experiment(const Experiment& other);
  Experiment& operator=(const Experiment& other);
  Experiment(Experiment&&) noexcept = default;
  Experiment& operator=(Experiment&&) noexcept = default;

  // ---- scene: changing it resets the view, the start and every history.
  const SceneSpec& scene() const { return scene_; }
  void set_scene(const SceneSpec& spec);  // throws std::invalid_argument, leaving *this unchanged
  // Same surface, another noise level: histories restart, view and start stay.
  void set_noise(double sigma, std::uint64_t seed);
  // What the runners step on (stepping, replaying and inspecting use it).
  Problem& problem() { return *problem_; }
  const Problem& problem() const { return *problem_; }
  // The scene's network (its data and spec; runners' θ are its weights), or
  // nullptr on a surface.
  const scenes::MlpProblem* network() const;
  // A network scene's new initial weights: the next init seed, every runner
  // restarted from them. Throws std::invalid_argument on a surface.
  void draw_new_weights();
  // A network scene with one more training point, the user's: (x1, x2) of
  // class `label` on a classes set; on a regression set (one input) the
  // point x1 with target x2. The data becomes the user's own points
  // (NetworkSpec::points); the model, its initial weights and the caption
  // stay, and every runner restarts from its start (the caller may seek back
  // to the cursor). Throws std::invalid_argument on a surface, for a label
  // that is not one of the set's classes, a non-finite point or a full set.
  void add_point(double x1, double x2, double label);
  // The scene's surface; throws std::logic_error for a scene that is not one.
  const scenes::Surface& surface() const;
  scenes::Surface& surface();

  // The preset's caption; a new scene drops it (the lesson was about the old one).
  const std::optional<Caption>& caption() const { return caption_; }
  void set_caption(std::optional<Caption> caption) { caption_ = std::move(caption); }

  const scenes::View& view() const { return view_; }
  void set_view(const scenes::View& view);  // throws for an empty or non-finite window

  // ---- start point θ₀
  const optim::Vec<double>& start() const { return start_; }
  // For every runner (restarts them all), or for one runner only. Throws
  // std::invalid_argument for a non-finite θ or one of another dimension.
  void set_start(const optim::Vec<double>& start);
  void set_runner_start(std::size_t runner, const optim::Vec<double>& start);
  const optim::Vec<double>& runner_start(std::size_t runner) const;

  // ---- runners
  const std::vector<Runner>& runners() const { return runners_; }
  Runner& runner(std::size_t i) { return runners_.at(i); }
  const Runner& runner(std::size_t i) const { return runners_.at(i); }
  // Adds `optimizer` in its own color (optimizer_color), or the next free one
  // when another runner has it. Throws for an unknown name.
  Runner& add_runner(const std::string& optimizer);
  void remove_runner(std::size_t i);
  Runner& duplicate_runner(std::size_t i);
  std::size_t selected() const { return selected_; }
  void select(std::size_t i);
  // Changes a hyperparameter of runner i from the cursor on (runner.hpp's rule).
  void set_hyper(std::size_t i, const std::string& key, double value);
  // Every hyperparameter of runner i back to its default, from the cursor on.
  void reset_hypers(std::size_t i);
  // Runner i's own batch size on a network scene (0: full batch; nullopt: the
  // scene's). Its every step changes, so it restarts from its start and
  // catches up to the cursor. Throws std::invalid_argument on a surface or
  // for a size outside 0 … scenes::kMaxPoints.
  void set_runner_batch_size(std::size_t i, std::optional<long> batch_size);

  // ---- timeline
  std::int64_t cursor() const { return cursor_; }
  // Moves the cursor, computing what enabled runners lack (clamped to max_steps()).
  void seek(std::int64_t step);
  // The timeline's last step: kMaxSteps on a surface, kMaxNetworkSteps on a network.
  std::int64_t max_steps() const { return scene_.network ? kMaxNetworkSteps : kMaxSteps; }
  // Forgets every history and returns to step 0.
  void reset();
  // The furthest step any enabled runner has recorded.
  std::int64_t recorded_steps() const;
  // True when no enabled runner can go further (all diverged).
  bool all_stopped() const;

 private:
  void restart_runner(Runner& r, const optim::Vec<double>& start);
  void check_start(const optim::Vec<double>& start) const;
  void catch_up(Runner& r, std::int64_t step);

  SceneSpec scene_;
  std::unique_ptr<Problem> problem_;
  std::optional<Caption> caption_;
  scenes::View view_;
  optim::Vec<double> start_;
  std::vector<Runner> runners_;
  std::size_t selected_ = 0;
  std::int64_t cursor_ = 0;
  int next_id_ = 1;
};

}  // namespace lab::model
