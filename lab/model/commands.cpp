#include "lab/model/commands.hpp"

#include <stdexcept>

#include "lab/model/presets.hpp"

namespace lab::model {

std::optional<std::size_t> runner_index(const Experiment& e, int id) {
  for (std::size_t i = 0; i < e.runners().size(); ++i)
    if (e.runners()[i].id() == id) return i;
  return std::nullopt;
}

namespace {

struct Apply {
  Experiment& e;
  Timeline& t;

  std::size_t index(int id) const {
    if (auto i = runner_index(e, id)) return *i;
    throw std::invalid_argument("no optimizer with id " + std::to_string(id));
  }

  void operator()(const cmd::StepBy& c) const {
    t.pause();
    e.seek(e.cursor() + c.delta);
  }
  void operator()(const cmd::Seek& c) const { e.seek(c.step); }
  void operator()(const cmd::Reset&) const {
    t.pause();
    e.reset();
  }
  void operator()(const cmd::TogglePlay&) const { t.toggle(); }
  void operator()(const cmd::SetSpeed& c) const { t.set_speed(c.steps_per_second); }
  void operator()(const cmd::SetHyper& c) const { e.set_hyper(index(c.runner), c.key, c.value); }
  void operator()(const cmd::ResetHypers& c) const { e.reset_hypers(index(c.runner)); }
  void operator()(const cmd::AddRunner& c) const {
    e.add_runner(c.optimizer);
    e.select(e.runners().size() - 1);
  }
  void operator()(const cmd::RemoveRunner& c) const { e.remove_runner(index(c.runner)); }
  void operator()(const cmd::DuplicateRunner& c) const { e.duplicate_runner(index(c.runner)); }
  void operator()(const cmd::SelectRunner& c) const { e.select(index(c.runner)); }
  void operator()(const cmd::SetColor& c) const { e.runner(index(c.runner)).color = c.color; }
  void operator()(const cmd::SetEnabled& c) const {
    e.runner(index(c.runner)).enabled = c.enabled;
    e.seek(e.cursor());
  }
  void operator()(const cmd::SetLabel& c) const { e.runner(index(c.runner)).label = c.label; }
  void operator()(const cmd::SetStart& c) const {
    if (c.runner) {
      e.set_runner_start(index(*c.runner), c.point);
    } else {
      const std::int64_t keep = e.cursor();
      e.set_start(c.point);
      e.seek(keep);
    }
  }
  void operator()(const cmd::SetScene& c) const {
    t.pause();
    e.set_scene(c.scene);
  }
  void operator()(const cmd::SetNoise& c) const { e.set_noise(c.sigma, e.scene().seed); }
  void operator()(const cmd::SetView& c) const { e.set_view(c.view); }
  void operator()(const cmd::LoadPreset& c) const {
    t.pause();
    e = make_preset_experiment(find_preset(c.name));
  }
};

}  // namespace

std::string apply(const Command& command, Experiment& experiment, Timeline& timeline) {
  // Every Experiment operation checks its input before it changes anything,
  // so a throw leaves the experiment as it was; no copy of the (possibly
  // long) histories is needed.
  Timeline t = timeline;
  try {
    std::visit(Apply{experiment, t}, command);
  } catch (const std::exception& error) {
    return error.what();
  }
  timeline = t;
  return "";
}

std::vector<std::string> CommandQueue::apply_all(Experiment& experiment, Timeline& timeline) {
  std::vector<std::string> errors;
  for (const Command& c : pending_) {
    std::string message = apply(c, experiment, timeline);
    if (!message.empty()) errors.push_back(std::move(message));
  }
  pending_.clear();
  return errors;
}

}  // namespace lab::model
