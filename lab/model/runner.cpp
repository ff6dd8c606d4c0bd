#include "lab/model/runner.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "optim/registry.hpp"
#include "scenes/noisy_objective.hpp"

namespace lab::model {

Runner::Runner(int id, const std::string& optimizer, Rgb c)
    : color(c), id_(id), optimizer_(optim::make_optimizer<double>(optimizer)) {
  for (const auto& spec : optimizer_->specs()) initial_.emplace_back(spec.name, optimizer_->get(spec.name));
}

Runner::Runner(const Runner& other)
    : label(other.label),
      color(other.color),
      enabled(other.enabled),
      own_start(other.own_start),
      id_(other.id_),
      optimizer_(other.optimizer_->clone()),
      initial_(other.initial_),
      changes_(other.changes_),
      history_(other.history_),
      states_(other.states_),
      diverged_at_(other.diverged_at_),
      divergence_reason_(other.divergence_reason_),
      error_(other.error_) {}

Runner& Runner::operator=(const Runner& other) {
  if (this != &other) {
    Runner copy(other);
    *this = std::move(copy);
  }
  return *this;
}

// [SECTION] hyperparameters -------------------------------------------------

double Runner::initial_hyper(const std::string& key) const {
  for (const auto& [name, value] : initial_)
    if (name == key) return value;
  throw std::invalid_argument(optimizer_name() + " has no hyperparameter '" + key + "'");
}

double Runner::hyper_at(const std::string& name, std::int64_t step) const {
  double value = initial_hyper(name);
  for (const HyperChange& c : changes_)
    if (c.step <= step && c.key == name) value = c.value;
  return value;
}

void Runner::apply_hypers_at(optim::Optimizer<double>& opt, std::int64_t step) const {
  for (const auto& [name, value] : initial_) opt.set(name, value);
  for (const HyperChange& c : changes_)
    if (c.step <= step) opt.set(c.key, c.value);
}

void Runner::set_hyper(const std::string& key, double value, std::int64_t step) {
  optimizer_->clone()->set(key, value);  // validates: throws with the optimizer's message
  step = std::clamp<std::int64_t>(step, 0, std::max<std::int64_t>(head(), 0));
  const double previous = hyper_at(key, step);
  std::erase_if(changes_, [&](const HyperChange& c) { return c.step > step || (c.step == step && c.key == key); });
  if (step == 0) {
    for (auto& [name, v] : initial_)
      if (name == key) v = value;
  } else if (hyper_at(key, step) != value) {
    changes_.push_back(HyperChange{step, key, value, previous});
  }
  if (!history_.empty()) truncate(step);
}

void Runner::reset_hypers(std::int64_t step) {
  const auto fresh = optim::make_optimizer<double>(optimizer_name());
  step = std::clamp<std::int64_t>(step, 0, std::max<std::int64_t>(head(), 0));
  std::erase_if(changes_, [&](const HyperChange& c) { return c.step > step; });
  for (const auto& spec : fresh->specs()) set_hyper(spec.name, fresh->get(spec.name), step);
  if (!history_.empty()) truncate(step);
}

std::vector<optim::RuleLine> Runner::rule_at(std::int64_t step) const {
  auto copy = optimizer_->clone();
  apply_hypers_at(*copy, step);
  return copy->rule();
}

// [SECTION] state packing ----------------------------------------------------

Runner::Packed Runner::pack() const {
  const optim::OptimizerState<double> s = optimizer_->save_state();
  Packed p;
  p.reserve(s.scalars.size() + s.buffers.size() * 3);
  for (const auto& [name, value] : s.scalars) p.push_back(value);
  for (const auto& [name, buffer] : s.buffers) {
    p.push_back(static_cast<double>(buffer.size()));
    p.insert(p.end(), buffer.data(), buffer.data() + buffer.size());
  }
  return p;
}

void Runner::unpack(const Packed& p, optim::Optimizer<double>& into) const {
  optim::OptimizerState<double> s = into.save_state();
  std::size_t i = 0;
  for (auto& [name, value] : s.scalars) value = p.at(i++);
  for (auto& [name, buffer] : s.buffers) {
    const auto n = static_cast<Eigen::Index>(p.at(i++));
    buffer.resize(n);
    for (Eigen::Index j = 0; j < n; ++j) buffer[j] = p.at(i++);
  }
  into.load_state(s);
}

optim::OptimizerState<double> Runner::state_at(std::int64_t step) const {
  auto copy = optimizer_->clone();
  unpack(states_.at(static_cast<std::size_t>(step)), *copy);
  apply_hypers_at(*copy, step);
  return copy->save_state();
}

// [SECTION] history ----------------------------------------------------------

void Runner::restart(const Eigen::Vector2d& start, const scenes::Surface& surface) {
  optimizer_->reset();
  apply_hypers_at(*optimizer_, 0);
  history_.clear();
  states_.clear();
  diverged_at_.reset();
  divergence_reason_.clear();
  error_.clear();
  history_.push_back(StepRecord{start, surface.value(start.x(), start.y()), 0, 0});
  states_.push_back(pack());
  if (!std::isfinite(start.x()) || !std::isfinite(start.y())) {
    diverged_at_ = 0;
  } else if (!std::isfinite(history_.back().f)) {
    // No step can leave a point where f has no value: the run is over before
    // it starts, and says why rather than showing f = nan as if it were running.
    diverged_at_ = 0;
    divergence_reason_ = "f is not defined at the start";
  }
}

const StepRecord& Runner::at(std::int64_t step) const {
  if (history_.empty()) throw std::logic_error("runner has no history: restart() it first");
  const auto k = std::clamp<std::int64_t>(step, 0, head());
  return history_[static_cast<std::size_t>(k)];
}

bool Runner::advance(scenes::Surface& surface, const SceneSpec& scene, const scenes::View& view) {
  if (history_.empty()) throw std::logic_error("runner has no history: restart() it first");
  if (!can_advance()) return false;
  const std::int64_t k = head();
  for (const HyperChange& c : changes_)
    if (c.step == k) optimizer_->set(c.key, c.value);
  scenes::NoisyObjective objective(surface, scene.noise, scene.seed);
  objective.set_step(k + 1);  // keyed by the step being made, as in `descent trace`
  optim::Vec<double> theta = history_.back().theta;
  std::string reason;
  try {
    optimizer_->step(objective, theta);
  } catch (const std::runtime_error& numerical) {  // the method gave up on the numbers
    reason = numerical.what();
    theta.setConstant(std::numeric_limits<double>::quiet_NaN());
  } catch (const std::exception& bug) {
    error_ = bug.what();
    unpack(states_.back(), *optimizer_);  // the head stays as it was before the failed step
    apply_hypers_at(*optimizer_, k);
    return false;
  }
  const optim::Counters n = optimizer_->counters();
  const Eigen::Vector2d p(theta[0], theta[1]);
  const double f = std::isfinite(p.x()) && std::isfinite(p.y()) ? surface.value(p.x(), p.y())
                                                                : std::numeric_limits<double>::quiet_NaN();
  history_.push_back(StepRecord{p, f, n.evaluations, n.hessians});
  states_.push_back(pack());
  const double size = std::max(view.x_max - view.x_min, view.y_max - view.y_min);
  const Eigen::Vector2d center(0.5 * (view.x_min + view.x_max), 0.5 * (view.y_min + view.y_max));
  if (!std::isfinite(f) || !((p - center).norm() <= kEscapeFactor * size)) {
    diverged_at_ = head();
    divergence_reason_ = reason;
  }
  return !diverged_at_;
}

void Runner::truncate(std::int64_t step) {
  if (history_.empty()) return;
  step = std::clamp<std::int64_t>(step, 0, head());
  history_.resize(static_cast<std::size_t>(step) + 1);
  states_.resize(static_cast<std::size_t>(step) + 1);
  unpack(states_.back(), *optimizer_);
  apply_hypers_at(*optimizer_, step);
  if (diverged_at_ && *diverged_at_ > step) {
    diverged_at_.reset();
    divergence_reason_.clear();
  }
  error_.clear();  // the failed step was after the head: it will be tried again
}

optim::Inspection<double> Runner::inspect(std::int64_t step, scenes::Surface& surface, const SceneSpec& scene) const {
  optim::Inspection<double> out;
  if (step < 1 || step > head()) return out;
  auto copy = optimizer_->clone();
  unpack(states_[static_cast<std::size_t>(step - 1)], *copy);
  apply_hypers_at(*copy, step - 1);
  scenes::NoisyObjective objective(surface, scene.noise, scene.seed);
  objective.set_step(step);
  optim::Vec<double> theta = history_[static_cast<std::size_t>(step - 1)].theta;
  copy->set_inspection(&out);
  try {
    copy->step(objective, theta);
  } catch (const std::runtime_error&) {  // the recorded step diverged the same way
  }
  copy->set_inspection(nullptr);
  return out;
}

}  // namespace lab::model
