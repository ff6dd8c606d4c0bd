#include "lab/model/commands.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <type_traits>

#include "lab/model/experiment_io.hpp"
#include "lab/model/presets.hpp"

namespace lab::model {

std::optional<std::size_t> runner_index(const Experiment& e, int id) {
  for (std::size_t i = 0; i < e.runners().size(); ++i)
    if (e.runners()[i].id() == id) return i;
  return std::nullopt;
}

namespace {

// Seeks, but never past the last recorded step once no enabled runner can go
// on (all diverged): the timeline then reads "step 8 / 8", not "step 9 / 8".
void seek_recorded(Experiment& e, std::int64_t step) {
  e.seek(step);
  const bool any_enabled =
      std::any_of(e.runners().begin(), e.runners().end(), [](const Runner& r) { return r.enabled; });
  if (any_enabled && e.all_stopped() && e.cursor() > e.recorded_steps()) e.seek(e.recorded_steps());
}

struct Apply {
  Experiment& e;
  Timeline& t;
  CnnSession* cnn;
  std::vector<std::string>* notes;
  CnnConfig* cnn_draft;
  CnnPane* cnn_pane;

  CnnSession& session() const {
    if (!cnn) throw std::invalid_argument("there is no CNN trainer here");
    return *cnn;
  }
  CnnPane& pane() const {
    if (!cnn_pane) throw std::invalid_argument("there is no CNN trainer here");
    return *cnn_pane;
  }
  void new_run() const {
    if (cnn_pane) cnn_pane->new_run();
  }
  std::size_t layer(std::size_t index) const {
    if (index >= pane().plan.layers.size())
      throw std::invalid_argument("the plan has no layer " + std::to_string(index + 1));
    return index;
  }
  CnnConfig& draft() const {
    if (!cnn_draft) throw std::invalid_argument("there is no CNN trainer here");
    return *cnn_draft;
  }
  void note(std::string text) const {
    if (notes) notes->push_back(std::move(text));
  }

  std::size_t index(int id) const {
    if (auto i = runner_index(e, id)) return *i;
    throw std::invalid_argument("no optimizer with id " + std::to_string(id));
  }

  void operator()(const cmd::StepBy& c) const {
    t.pause();
    seek_recorded(e, e.cursor() + c.delta);
  }
  void operator()(const cmd::Seek& c) const { seek_recorded(e, c.step); }
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
  void operator()(const cmd::NewWeights&) const {
    const std::int64_t keep = e.cursor();
    e.draw_new_weights();
    e.seek(keep);
  }
  // Restarts from the same weights with the point added, back at the cursor.
  void operator()(const cmd::AddPoint& c) const {
    const std::int64_t keep = e.cursor();
    e.add_point(c.x1, c.x2, c.label);
    e.seek(keep);
  }
  // The network the scene has (a default one on a surface) on the file's points.
  void operator()(const cmd::LoadPoints& c) const {
    SceneSpec spec;
    spec.network = e.scene().network.value_or(NetworkSpec{});
    spec.network->points = std::make_shared<const scenes::NetworkDataset>(
        scenes::load_dataset_csv(c.path, spec.network->data.test_fraction, spec.network->data.seed));
    t.pause();
    e.set_scene(spec);
    note("loaded " + std::to_string(spec.network->points->train_size() + spec.network->points->test_size()) +
         " points from " + c.path);
  }
  void operator()(const cmd::SetBatchSize& c) const { e.set_runner_batch_size(index(c.runner), c.batch_size); }
  void operator()(const cmd::LoadPreset& c) const {
    t.pause();
    e = make_preset_experiment(find_preset(c.name));
  }
  void operator()(const cmd::SaveExperiment& c) const {
    save_experiment(e, c.path);
    note("saved " + c.path);
  }
  void operator()(const cmd::LoadExperiment& c) const {
    Experiment loaded = load_experiment(c.path);
    t.pause();
    e = std::move(loaded);
    note("loaded " + c.path);
  }
  void operator()(const cmd::ExportCsv& c) const {
    export_csv(e, c.path);
    note("wrote " + c.path);
  }
  void operator()(const cmd::StartTraining& c) const {
    session().start(c.config);
    new_run();
  }
  void operator()(const cmd::PauseTraining&) const { session().pause(); }
  void operator()(const cmd::ResumeTraining&) const { session().resume(); }
  void operator()(const cmd::StopTraining&) const { session().stop(); }
  void operator()(const cmd::ClearEarlierRuns&) const { session().clear_earlier(); }
  void operator()(const cmd::SaveModel& c) const {
    session().save_model(c.path);
    note("saved the model to " + c.path);
  }
  void operator()(const cmd::UseLayerPlan& c) const {
    CnnConfig next = draft();
    next.model = "edited";
    next.plan = c.plan;
    next.initial_model.clear();
    next.evaluate_only = false;
    validate(next);
    if (c.train) {
      session().start(next);
      new_run();
    }
    draft() = std::move(next);
  }
  void operator()(const cmd::AddLayer& c) const { pane().plan.add(c.spec, c.at); }
  void operator()(const cmd::RemoveLayer& c) const { pane().plan.remove(layer(c.index)); }
  void operator()(const cmd::MoveLayer& c) const { pane().plan.move(layer(c.index), c.by); }
  void operator()(const cmd::SetLayer& c) const { pane().plan.layers[layer(c.index)] = c.spec; }
  void operator()(const cmd::StartPlanFrom& c) const { pane().plan = preset_plan(c.preset, c.classes); }
  void operator()(const cmd::ShowMisclassified& c) const { pane().filter = c.filter; }
  void operator()(const cmd::SetGalleryOrder& c) const { pane().order = c.order; }
  void operator()(const cmd::ChooseTestImage& c) const {
    if (c.index < 0) throw std::invalid_argument("no test image " + std::to_string(c.index));
    pane().chosen = c.index;
  }
  void operator()(const cmd::BeginStroke& c) const {
    pane().canvas.begin_stroke(c.at);
    ++pane().canvas_version;
  }
  void operator()(const cmd::ExtendStroke& c) const {
    pane().canvas.extend(c.to);
    ++pane().canvas_version;
  }
  void operator()(const cmd::ClearCanvas&) const {
    pane().canvas.clear();
    ++pane().canvas_version;
  }
  void operator()(const cmd::ChoosePaintImage& c) const {
    if (c.index < 0) throw std::invalid_argument("no test image " + std::to_string(c.index));
    pane().edit_index = c.index;
    pane().paint.clear();
  }
  void operator()(const cmd::Paint& c) const { pane().paint.push_back(c.stroke); }
  void operator()(const cmd::RestorePaintImage&) const { pane().paint.clear(); }
  template <class WindowCommand>
  void operator()(const WindowCommand&) const {
    throw std::invalid_argument("only the window can carry out this command");
  }
};

}  // namespace

bool is_window_command(const Command& command) {
  return std::holds_alternative<cmd::ExportPng>(command) || std::holds_alternative<cmd::ExportFrames>(command) ||
         std::holds_alternative<cmd::SetFullscreen>(command) || std::holds_alternative<cmd::SetUiScale>(command) ||
         std::holds_alternative<cmd::Quit>(command);
}

std::string apply(const Command& command, const Targets& targets) {
  // Every Experiment operation checks its input before it changes anything,
  // so a throw leaves the experiment as it was; no copy of the (possibly
  // long) histories is needed.
  Timeline t = targets.timeline;
  try {
    std::visit(Apply{targets.experiment, t, targets.cnn, targets.notes, targets.cnn_draft, targets.cnn_pane}, command);
  } catch (const std::exception& error) {
    return error.what();
  }
  targets.timeline = t;
  return "";
}

std::string apply(const Command& command, Experiment& experiment, Timeline& timeline) {
  return model::apply(command, Targets{experiment, timeline});
}

std::vector<Command> CommandQueue::take() {
  std::vector<Command> taken;
  taken.swap(pending_);
  return taken;
}

std::vector<std::string> CommandQueue::apply_all(Experiment& experiment, Timeline& timeline) {
  std::vector<std::string> errors;
  for (const Command& c : pending_) {
    std::string message = model::apply(c, experiment, timeline);
    if (!message.empty()) errors.push_back(std::move(message));
  }
  pending_.clear();
  return errors;
}

}  // namespace lab::model
