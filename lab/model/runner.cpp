#include "lab/model/runner.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "optim/registry.hpp"

namespace lab::model {

std::uint64_t Runner::next_history_epoch() {
  static std::atomic<std::uint64_t> last{0};
  return ++last;
}

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
      batch_size_(other.batch_size_),
      optimizer_(other.optimizer_->clone()),
      initial_(other.initial_),
      changes_(other.changes_),
      history_(other.history_),
      history_epoch_(next_history_epoch()),
      keyframes_(other.keyframes_),
      head_stale_(other.head_stale_),
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

void Runner::set_batch_size(std::optional<long> batch_size) {
  if (batch_size && *batch_size < 0) throw std::invalid_argument("batch size must be ≥ 1 (or full)");
  batch_size_ = batch_size;
  history_.clear();
  history_epoch_ = next_history_epoch();
  keyframes_.clear();
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

optim::OptimizerState<double> Runner::state_at(std::int64_t step, Problem& problem) const {
  if (step < 0 || step > head()) throw std::out_of_range("no step " + std::to_string(step) + " in the history");
  auto copy = optimizer_->clone();
  restore(*copy, step, problem);
  return copy->save_state();
}

void Runner::restore(optim::Optimizer<double>& opt, std::int64_t step, Problem& problem) const {
  const auto after = std::upper_bound(keyframes_.begin(), keyframes_.end(), step,
                                      [](std::int64_t s, const Keyframe& key) { return s < key.step; });
  if (after == keyframes_.begin()) throw std::logic_error("runner has no keyframe: restart() it first");
  const Keyframe& key = *std::prev(after);
  std::int64_t k = key.step;
  unpack(key.state, opt);
  apply_hypers_at(opt, k);
  if (k == step) return;
  optim::Vec<double> theta = history_[static_cast<std::size_t>(k)].theta;
  for (; k < step; ++k) step_from(opt, k, theta, problem);
  apply_hypers_at(opt, step);
}

std::string Runner::step_from(optim::Optimizer<double>& opt, std::int64_t k, optim::Vec<double>& theta,
                              Problem& problem) const {
  for (const HyperChange& c : changes_)
    if (c.step == k) opt.set(c.key, c.value);
  try {
    opt.step(problem.objective_for_step(k + 1, batch_size_), theta);
  } catch (const std::runtime_error& numerical) {  // the method gave up on the numbers
    theta.setConstant(std::numeric_limits<double>::quiet_NaN());
    return numerical.what();
  }
  return {};
}

std::vector<std::int64_t> Runner::keyframe_steps() const {
  std::vector<std::int64_t> steps;
  for (const Keyframe& key : keyframes_) steps.push_back(key.step);
  return steps;
}

bool Runner::keyframe_due() const {
  const long n = history_.back().theta.size();
  if (n <= kSmallDimension) return true;
  const Keyframe& last = keyframes_.back();
  const std::int64_t apart = head() - last.step;
  return apart >= kMinKeyframeSpacing &&
         apart * n >= kKeyframeMemoryRatio * static_cast<std::int64_t>(last.state.size());
}

std::size_t Runner::memory_bytes() const {
  std::size_t bytes = sizeof(Runner) + history_.capacity() * sizeof(StepRecord) +
                      keyframes_.capacity() * sizeof(Keyframe) + changes_.capacity() * sizeof(HyperChange);
  for (const StepRecord& r : history_)
    bytes += static_cast<std::size_t>(r.theta.size()) * sizeof(double) + r.measures.capacity() * sizeof(double);
  for (const Keyframe& key : keyframes_) bytes += key.state.capacity() * sizeof(double);
  const optim::OptimizerState<double> head = optimizer_->save_state();  // the live optimizer's buffers
  for (const auto& [name, buffer] : head.buffers) bytes += static_cast<std::size_t>(buffer.size()) * sizeof(double);
  return bytes;
}

// [SECTION] history ----------------------------------------------------------

void Runner::restart(const optim::Vec<double>& start, Problem& problem) {
  optimizer_->reset();
  apply_hypers_at(*optimizer_, 0);
  history_.clear();
  history_epoch_ = next_history_epoch();
  keyframes_.clear();
  head_stale_ = false;
  diverged_at_.reset();
  divergence_reason_.clear();
  error_.clear();
  StepRecord first{start, std::numeric_limits<double>::quiet_NaN(), 0, 0, {}};
  const bool finite = start.allFinite();
  if (finite)
    first.f = problem.evaluate(start, 0, first.measures);
  else
    first.measures.assign(problem.measure_names().size(), std::numeric_limits<double>::quiet_NaN());
  history_.push_back(std::move(first));
  keyframes_.push_back(Keyframe{0, pack()});
  if (!finite) {
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

bool Runner::advance(Problem& problem) {
  if (history_.empty()) throw std::logic_error("runner has no history: restart() it first");
  if (!can_advance()) return false;
  const std::int64_t k = head();
  if (head_stale_) {
    restore(*optimizer_, k, problem);
    head_stale_ = false;
  }
  optim::Vec<double> theta = history_.back().theta;
  std::string reason;
  try {
    reason = step_from(*optimizer_, k, theta, problem);
  } catch (const std::exception& bug) {
    error_ = bug.what();
    head_stale_ = true;  // the head stays as it was before the failed step
    return false;
  }
  const optim::Counters n = optimizer_->counters();
  StepRecord record{std::move(theta), std::numeric_limits<double>::quiet_NaN(), n.evaluations, n.hessians, {}};
  if (record.theta.allFinite())
    record.f = problem.evaluate(record.theta, k + 1, record.measures);
  else
    record.measures.assign(problem.measure_names().size(), std::numeric_limits<double>::quiet_NaN());
  const bool escaped = !std::isfinite(record.f) || problem.escaped(record.theta);
  history_.push_back(std::move(record));
  if (keyframe_due()) keyframes_.push_back(Keyframe{head(), pack()});
  if (escaped) {
    diverged_at_ = head();
    divergence_reason_ = reason;
  }
  return !diverged_at_;
}

void Runner::truncate(std::int64_t step) {
  if (history_.empty()) return;
  step = std::clamp<std::int64_t>(step, 0, head());
  if (step < head()) history_epoch_ = next_history_epoch();
  history_.resize(static_cast<std::size_t>(step) + 1);
  while (keyframes_.size() > 1 && keyframes_.back().step > step) keyframes_.pop_back();
  head_stale_ = true;
  if (diverged_at_ && *diverged_at_ > step) {
    diverged_at_.reset();
    divergence_reason_.clear();
  }
  error_.clear();  // the failed step was after the head: it will be tried again
}

optim::Inspection<double> Runner::inspect(std::int64_t step, Problem& problem) const {
  optim::Inspection<double> out;
  if (step < 1 || step > head()) return out;
  auto copy = optimizer_->clone();
  restore(*copy, step - 1, problem);
  optim::Vec<double> theta = history_[static_cast<std::size_t>(step - 1)].theta;
  copy->set_inspection(&out);
  try {
    step_from(*copy, step - 1, theta, problem);  // a numerical failure: the recorded step diverged the same way
  } catch (...) {
    copy->set_inspection(nullptr);
    throw;
  }
  copy->set_inspection(nullptr);
  return out;
}

}  // namespace lab::model
