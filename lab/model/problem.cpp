#include "lab/model/problem.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lab::model {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

const std::vector<std::string>& Problem::measure_names() const {
  static const std::vector<std::string> none;
  return none;
}

// [SECTION] surface ------------------------------------------------------------

SurfaceProblem::SurfaceProblem(std::unique_ptr<scenes::Surface> surface, double noise, std::uint64_t seed,
                               const scenes::View& view)
    : surface_(std::move(surface)), view_(view) {
  noisy_.emplace(*surface_, noise, seed);
}

optim::Objective<double>& SurfaceProblem::objective_for_step(std::int64_t k, std::optional<long>) {
  noisy_->set_step(k);  // keyed by the step being made, as in `descent trace`
  return *noisy_;
}

double SurfaceProblem::evaluate(const optim::Vec<double>& theta, std::int64_t, std::vector<double>& measures) {
  measures.clear();
  return surface_->value(theta[0], theta[1]);
}

bool SurfaceProblem::escaped(const optim::Vec<double>& theta) const {
  const double size = std::max(view_.x_max - view_.x_min, view_.y_max - view_.y_min);
  const Eigen::Vector2d center(0.5 * (view_.x_min + view_.x_max), 0.5 * (view_.y_min + view_.y_max));
  return !((Eigen::Vector2d(theta[0], theta[1]) - center).norm() <= kEscapeFactor * size);
}

void SurfaceProblem::set_noise(double sigma, std::uint64_t seed) {
  noisy_.emplace(*surface_, sigma, seed);
}

// [SECTION] network ------------------------------------------------------------

double NetworkProblem::FirstGradient::value_and_gradient(const optim::Vec<double>& theta, optim::Vec<double>& g) {
  const double f = mlp_.value_and_gradient(theta, g);
  if (!seen_) {
    first_ = g;
    seen_ = true;
  }
  return f;
}

NetworkProblem::NetworkProblem(std::unique_ptr<scenes::MlpProblem> mlp, double init_scale)
    : mlp_(std::move(mlp)), init_scale_(init_scale), batch_(*mlp_) {
  names_ = {"test loss", "train accuracy", "test accuracy"};
  auto& model = mlp_->model();
  for (std::size_t i = 0; i < model.size(); ++i) {
    const long size = model.layer(i).param_count();
    if (size == 0) continue;
    const std::string name = "layer " + std::to_string(blocks_.size() + 1);
    blocks_.push_back(ParameterBlock{name, model.offset(i), size});
    names_.push_back("‖g‖ " + name);
  }
}

optim::Objective<double>& NetworkProblem::objective_for_step(std::int64_t k, std::optional<long> batch_size) {
  mlp_->set_step(static_cast<long>(k), batch_size.value_or(mlp_->spec().batch_size));
  batch_.start_step(k);
  return batch_;
}

double NetworkProblem::evaluate(const optim::Vec<double>& theta, std::int64_t k, std::vector<double>& measures) {
  const scenes::MlpProblem::Measures m = mlp_->measure(theta);
  measures.assign(names_.size(), kNaN);
  measures[kTestLoss] = m.test_loss;
  measures[kTrainAccuracy] = m.train_accuracy;
  measures[kTestAccuracy] = m.test_accuracy;
  if (const optim::Vec<double>* g = batch_.first(k))
    for (std::size_t b = 0; b < blocks_.size(); ++b)
      measures[kFirstLayerGradient + b] = g->segment(blocks_[b].offset, blocks_[b].size).norm();
  return m.train_loss;
}

bool NetworkProblem::escaped(const optim::Vec<double>& theta) const {
  return !(theta.norm() <= kNetworkEscapeNorm);
}

}  // namespace lab::model
