#include "lab/model/experiment.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>

namespace lab::model {

Experiment::Experiment() : problem_(build_problem(scene_)) {
  view_ = surface().view();
  start_ = problem_->start();
}

Experiment::Experiment(const Experiment& other)
    : scene_(other.scene_),
      problem_(build_problem(other.scene_)),
      caption_(other.caption_),
      view_(other.view_),
      start_(other.start_),
      runners_(other.runners_),
      selected_(other.selected_),
      cursor_(other.cursor_),
      next_id_(other.next_id_) {
  if (auto* s = dynamic_cast<SurfaceProblem*>(problem_.get())) s->set_view(view_);
}

Experiment& Experiment::operator=(const Experiment& other) {
  if (this != &other) {
    Experiment copy(other);
    *this = std::move(copy);
  }
  return *this;
}

// [SECTION] scene, view, start -----------------------------------------------

const scenes::Surface& Experiment::surface() const {
  const auto* s = dynamic_cast<const SurfaceProblem*>(problem_.get());
  if (s == nullptr) throw std::logic_error("this scene is not a surface");
  return s->surface();
}

scenes::Surface& Experiment::surface() {
  auto* s = dynamic_cast<SurfaceProblem*>(problem_.get());
  if (s == nullptr) throw std::logic_error("this scene is not a surface");
  return s->surface();
}

const scenes::MlpProblem* Experiment::network() const {
  const auto* n = dynamic_cast<const NetworkProblem*>(problem_.get());
  return n == nullptr ? nullptr : &n->mlp();
}

void Experiment::draw_new_weights() {
  if (!scene_.network) throw std::invalid_argument("new weights are a network's: this scene is a surface");
  SceneSpec next = scene_;
  ++next.network->model.init_seed;
  problem_ = build_problem(next);
  scene_ = std::move(next);
  start_ = problem_->start();
  for (Runner& r : runners_) r.own_start.reset();
  reset();
}

void Experiment::add_point(double x1, double x2, double label) {
  if (!scene_.network) throw std::invalid_argument("points are a network's data: this scene is a surface");
  if (!std::isfinite(x1) || !std::isfinite(x2)) throw std::invalid_argument("a point needs finite coordinates");
  scenes::NetworkDataset data = build_dataset(*scene_.network);
  if (data.train_size() + data.test_size() >= scenes::kMaxCsvRows)
    throw std::invalid_argument("the data set already has " + std::to_string(scenes::kMaxCsvRows) + " points");
  if (data.regression()) {
    data.train_x.push_back(x1);
    if (data.inputs == 2) data.train_x.push_back(x2);
    data.train_y.push_back(data.inputs == 2 ? label : x2);
  } else {
    if (!(label >= 0 && label < data.classes && label == std::floor(label)))
      throw std::invalid_argument("a point's class must be 0…" + std::to_string(data.classes - 1));
    data.train_x.push_back(x1);
    if (data.inputs == 2) data.train_x.push_back(x2);
    data.train_y.push_back(label);
  }
  if (!scene_.network->points) data.name += " + your points";
  SceneSpec next = scene_;
  next.network->points = std::make_shared<const scenes::NetworkDataset>(std::move(data));
  problem_ = build_problem(next);  // the same shapes and init seed: the same initial weights
  scene_ = std::move(next);
  start_ = problem_->start();
  reset();
}

void Experiment::set_scene(const SceneSpec& spec) {
  auto problem = build_problem(spec);  // throws before anything changes
  scene_ = spec;
  problem_ = std::move(problem);
  caption_.reset();
  if (const auto* s = dynamic_cast<const SurfaceProblem*>(problem_.get())) view_ = s->surface().view();
  start_ = problem_->start();
  for (Runner& r : runners_) {
    r.own_start.reset();
    if (!scene_.network && r.batch_size()) r.set_batch_size(std::nullopt);  // a surface has no batches
  }
  reset();
}

void Experiment::set_noise(double sigma, std::uint64_t seed) {
  if (!(sigma >= 0) || !std::isfinite(sigma)) throw std::invalid_argument("gradient noise σ must be a number ≥ 0");
  auto* s = dynamic_cast<SurfaceProblem*>(problem_.get());
  if (s == nullptr) throw std::invalid_argument("gradient noise is a surface's: a network has mini-batches");
  s->set_noise(sigma, seed);
  scene_.noise = sigma;
  scene_.seed = seed;
  const std::int64_t keep = cursor_;
  reset();
  seek(keep);
}

void Experiment::set_view(const scenes::View& v) {
  const bool finite =
      std::isfinite(v.x_min) && std::isfinite(v.x_max) && std::isfinite(v.y_min) && std::isfinite(v.y_max);
  if (!finite || !(v.x_max > v.x_min) || !(v.y_max > v.y_min))
    throw std::invalid_argument("the view must be a finite, non-empty window");
  view_ = v;
  if (auto* s = dynamic_cast<SurfaceProblem*>(problem_.get())) s->set_view(v);
}

void Experiment::check_start(const optim::Vec<double>& start) const {
  if (start.size() != problem_->dimension())
    throw std::invalid_argument("the start has " + std::to_string(start.size()) + " numbers, the scene needs " +
                                std::to_string(problem_->dimension()));
  if (!start.allFinite()) throw std::invalid_argument("the start point must be finite");
}

void Experiment::set_start(const optim::Vec<double>& start) {
  check_start(start);
  start_ = start;
  for (Runner& r : runners_) r.own_start.reset();
  reset();
}

void Experiment::set_runner_start(std::size_t i, const optim::Vec<double>& start) {
  check_start(start);
  Runner& r = runners_.at(i);
  r.own_start = start;
  restart_runner(r, start);
  catch_up(r, cursor_);
}

const optim::Vec<double>& Experiment::runner_start(std::size_t i) const {
  const Runner& r = runners_.at(i);
  return r.own_start ? *r.own_start : start_;
}

// [SECTION] runners ----------------------------------------------------------

Runner& Experiment::add_runner(const std::string& optimizer) {
  std::vector<Rgb> used;
  for (const Runner& r : runners_) used.push_back(r.color);
  Runner r(next_id_, optimizer, optimizer_color(optimizer, used));  // throws for an unknown name
  ++next_id_;
  restart_runner(r, start_);
  catch_up(r, cursor_);
  runners_.push_back(std::move(r));
  return runners_.back();
}

void Experiment::remove_runner(std::size_t i) {
  if (i >= runners_.size()) throw std::out_of_range("no such runner");
  runners_.erase(runners_.begin() + static_cast<long>(i));
  if (selected_ >= runners_.size()) selected_ = runners_.empty() ? 0 : runners_.size() - 1;
}

Runner& Experiment::duplicate_runner(std::size_t i) {
  Runner copy = runners_.at(i);
  copy.set_id(next_id_++);
  std::vector<Rgb> used;
  for (const Runner& r : runners_) used.push_back(r.color);
  copy.color = optimizer_color(copy.optimizer_name(), used);
  runners_.insert(runners_.begin() + static_cast<long>(i) + 1, std::move(copy));
  selected_ = i + 1;
  return runners_[i + 1];
}

void Experiment::select(std::size_t i) {
  if (i >= runners_.size()) throw std::out_of_range("no such runner");
  selected_ = i;
}

void Experiment::set_hyper(std::size_t i, const std::string& name, double value) {
  Runner& r = runners_.at(i);
  r.set_hyper(name, value, std::min(cursor_, r.head()));
  catch_up(r, cursor_);
}

void Experiment::reset_hypers(std::size_t i) {
  Runner& r = runners_.at(i);
  r.reset_hypers(std::min(cursor_, r.head()));
  catch_up(r, cursor_);
}

void Experiment::set_runner_batch_size(std::size_t i, std::optional<long> batch_size) {
  Runner& r = runners_.at(i);
  if (!scene_.network) throw std::invalid_argument("batch sizes are a network's: this scene is a surface");
  if (batch_size && (*batch_size < 0 || *batch_size > scenes::kMaxPoints))
    throw std::invalid_argument("batch size must be 1…" + std::to_string(scenes::kMaxPoints) + " (or full)");
  r.set_batch_size(batch_size);
  restart_runner(r, runner_start(i));
  catch_up(r, cursor_);
}

// [SECTION] timeline ---------------------------------------------------------

void Experiment::restart_runner(Runner& r, const optim::Vec<double>& start) {
  r.restart(start, *problem_);
}

void Experiment::catch_up(Runner& r, std::int64_t step) {
  if (!r.enabled) return;
  while (r.head() < step && r.advance(*problem_)) {
  }
}

void Experiment::seek(std::int64_t step) {
  cursor_ = std::clamp<std::int64_t>(step, 0, max_steps());
  for (Runner& r : runners_) catch_up(r, cursor_);
}

void Experiment::reset() {
  cursor_ = 0;
  for (Runner& r : runners_) restart_runner(r, r.own_start ? *r.own_start : start_);
}

std::int64_t Experiment::recorded_steps() const {
  std::int64_t n = 0;
  for (const Runner& r : runners_)
    if (r.enabled) n = std::max(n, r.head());
  return n;
}

bool Experiment::all_stopped() const {
  return std::none_of(runners_.begin(), runners_.end(), [](const Runner& r) { return r.enabled && r.can_advance(); });
}

}  // namespace lab::model
