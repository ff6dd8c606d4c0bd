// lab/model/commands.hpp — every edit the window can make, as data.
//
// Panels never change the experiment while drawing it. They push commands;
// the loop applies them between frames (ImGui's demo lesson: close requests
// are queued and applied after drawing). A command that fails leaves the
// experiment as it was and returns a message for the window to show.
// Runners are named by their stable id, not by their position.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "lab/model/experiment.hpp"
#include "lab/model/timeline.hpp"

namespace lab::model::cmd {

struct StepBy {
  std::int64_t delta = 1;
};
struct Seek {
  std::int64_t step = 0;
};
struct Reset {};
struct TogglePlay {};
struct SetSpeed {
  double steps_per_second = 10;
};
struct SetHyper {
  int runner = 0;
  std::string key;
  double value = 0;
};
struct ResetHypers {
  int runner = 0;
};
struct AddRunner {
  std::string optimizer;
};
struct RemoveRunner {
  int runner = 0;
};
struct DuplicateRunner {
  int runner = 0;
};
struct SelectRunner {
  int runner = 0;
};
struct SetColor {
  int runner = 0;
  Rgb color;
};
struct SetEnabled {
  int runner = 0;
  bool enabled = true;
};
struct SetLabel {
  int runner = 0;
  std::string label;
};
struct SetStart {
  Eigen::Vector2d point;
  std::optional<int> runner;
};  // none: every runner
struct SetScene {
  SceneSpec scene;
};
struct SetNoise {
  double sigma = 0;
};
struct SetView {
  scenes::View view;
};
struct LoadPreset {
  std::string name;
};

}  // namespace lab::model::cmd

namespace lab::model {

using Command = std::variant<cmd::StepBy, cmd::Seek, cmd::Reset, cmd::TogglePlay, cmd::SetSpeed, cmd::SetHyper,
                             cmd::ResetHypers, cmd::AddRunner, cmd::RemoveRunner, cmd::DuplicateRunner,
                             cmd::SelectRunner, cmd::SetColor, cmd::SetEnabled, cmd::SetLabel, cmd::SetStart,
                             cmd::SetScene, cmd::SetNoise, cmd::SetView, cmd::LoadPreset>;

// Applies one command. Returns "" on success, else a message; on failure the
// experiment and the timeline are unchanged.
std::string apply(const Command& command, Experiment& experiment, Timeline& timeline);

// The index of the runner with `id`, or nullopt.
std::optional<std::size_t> runner_index(const Experiment& experiment, int id);

class CommandQueue {
 public:
  void push(Command c) { pending_.push_back(std::move(c)); }
  bool empty() const { return pending_.empty(); }
  // Applies every pending command in order; returns the failures' messages.
  std::vector<std::string> apply_all(Experiment& experiment, Timeline& timeline);

 private:
  std::vector<Command> pending_;
};

}  // namespace lab::model
