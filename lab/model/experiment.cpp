#include "lab/model/experiment.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace lab::model {

Experiment::Experiment() : surface_(build_surface(scene_)) {
  view_ = surface_->view();
  start_ = surface_->start();
}

Experiment::Experiment(const Experiment& other)
    : scene_(other.scene_),
      surface_(build_surface(other.scene_)),
      caption_(other.caption_),
      view_(other.view_),
      start_(other.start_),
      runners_(other.runners_),
      selected_(other.selected_),
      cursor_(other.cursor_),
      next_id_(other.next_id_) {}

Experiment& Experiment::operator=(const Experiment& other) {
  if (this != &other) {
    Experiment copy(other);
    *this = std::move(copy);
  }
  return *this;
}

// [SECTION] scene, view, start -----------------------------------------------

void Experiment::set_scene(const SceneSpec& spec) {
  auto surface = build_surface(spec);  // throws before anything changes
  scene_ = spec;
  surface_ = std::move(surface);
  caption_.reset();
  view_ = surface_->view();
  start_ = surface_->start();
  for (Runner& r : runners_) r.own_start.reset();
  reset();
}

void Experiment::set_noise(double sigma, std::uint64_t seed) {
  if (!(sigma >= 0) || !std::isfinite(sigma)) throw std::invalid_argument("gradient noise σ must be a number ≥ 0");
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
}

void Experiment::set_start(const Eigen::Vector2d& start) {
  if (!std::isfinite(start.x()) || !std::isfinite(start.y()))
    throw std::invalid_argument("the start point must be finite");
  start_ = start;
  for (Runner& r : runners_) r.own_start.reset();
  reset();
}

void Experiment::set_runner_start(std::size_t i, const Eigen::Vector2d& start) {
  if (!std::isfinite(start.x()) || !std::isfinite(start.y()))
    throw std::invalid_argument("the start point must be finite");
  Runner& r = runners_.at(i);
  r.own_start = start;
  restart_runner(r, start);
  catch_up(r, cursor_);
}

Eigen::Vector2d Experiment::runner_start(std::size_t i) const {
  return runners_.at(i).own_start.value_or(start_);
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

// [SECTION] timeline ---------------------------------------------------------

void Experiment::restart_runner(Runner& r, const Eigen::Vector2d& start) {
  r.restart(start, *surface_);
}

void Experiment::catch_up(Runner& r, std::int64_t step) {
  if (!r.enabled) return;
  while (r.head() < step && r.advance(*surface_, scene_, view_)) {
  }
}

void Experiment::seek(std::int64_t step) {
  cursor_ = std::clamp<std::int64_t>(step, 0, kMaxSteps);
  for (Runner& r : runners_) catch_up(r, cursor_);
}

void Experiment::reset() {
  cursor_ = 0;
  for (Runner& r : runners_) restart_runner(r, r.own_start.value_or(start_));
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
