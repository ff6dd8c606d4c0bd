#include "scenes/mlp_problem.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>

#include "nn/dense.hpp"
#include "nn/init.hpp"

namespace scenes {
namespace {

constexpr std::uint64_t kInitSalt = 0x696e697477656967ULL;
constexpr std::uint64_t kBatchSalt = 0x6261746368657321ULL;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool needs_x2(Feature f) {
  return f == Feature::X2Squared || f == Feature::X1X2 || f == Feature::SinX2;
}

}  // namespace

std::string feature_name(Feature f) {
  switch (f) {
    case Feature::X1Squared:
      return "x2";
    case Feature::X2Squared:
      return "y2";
    case Feature::X1X2:
      return "xy";
    case Feature::SinX1:
      return "sinx";
    case Feature::SinX2:
      return "siny";
  }
  return "?";
}

Feature feature_from_name(const std::string& name) {
  for (Feature f : {Feature::X1Squared, Feature::X2Squared, Feature::X1X2, Feature::SinX1, Feature::SinX2})
    if (feature_name(f) == name) return f;
  throw std::invalid_argument("unknown feature '" + name + "' (known: x2, y2, xy, sinx, siny)");
}

template <class T>
std::unique_ptr<nn::Sequential<T>> build_mlp(int inputs, int outputs, bool classes, const MlpSpec& spec) {
  auto model = std::make_unique<nn::Sequential<T>>(nn::Shape::vector(inputs), "mlp");
  for (int units : spec.hidden)
    model->add(std::make_unique<nn::Dense<T>>(
        nn::DenseConfig{.units = units, .activation = spec.activation, .use_bias = spec.bias, .l2 = spec.l2}));
  const bool binary = classes && spec.binary_output;
  const nn::Act out = classes && !binary ? nn::Act::Softmax : nn::Act::Linear;
  model->add(std::make_unique<nn::Dense<T>>(
      nn::DenseConfig{.units = outputs, .activation = out, .use_bias = spec.bias, .l2 = spec.l2}));
  if (binary)
    model->set_loss(nn::LossKind::BinaryCrossentropy, /*from_logits=*/true);
  else
    model->set_loss(classes ? nn::LossKind::CategoricalCrossentropy : nn::LossKind::MeanSquaredError);
  return model;
}

template std::unique_ptr<nn::Sequential<float>> build_mlp<float>(int, int, bool, const MlpSpec&);
template std::unique_ptr<nn::Sequential<double>> build_mlp<double>(int, int, bool, const MlpSpec&);

MlpProblem::MlpProblem(const NetworkDataset& data, const MlpSpec& spec) : data_(data), spec_(spec) {
  if (spec.hidden.size() > static_cast<std::size_t>(kMaxHiddenLayers))
    throw std::invalid_argument("at most " + std::to_string(kMaxHiddenLayers) + " hidden layers");
  for (int u : spec.hidden)
    if (u < 1 || u > kMaxHiddenUnits)
      throw std::invalid_argument("hidden layers have 1…" + std::to_string(kMaxHiddenUnits) + " units, got " +
                                  std::to_string(u));
  if (spec.activation == nn::Act::Softmax) throw std::invalid_argument("softmax is not a hidden activation");
  if (!(spec.l2 >= 0 && std::isfinite(spec.l2))) throw std::invalid_argument("l2 must be a number ≥ 0");
  if (spec.batch_size < 0) throw std::invalid_argument("batch size must be ≥ 1 (or full)");
  for (std::size_t i = 0; i < spec.features.size(); ++i) {
    if (data.inputs < 2 && needs_x2(spec.features[i]))
      throw std::invalid_argument("feature " + feature_name(spec.features[i]) + " needs x2, and " + data.name +
                                  " has one input");
    for (std::size_t j = 0; j < i; ++j)
      if (spec.features[j] == spec.features[i])
        throw std::invalid_argument("feature " + feature_name(spec.features[i]) + " given twice");
  }
  if (spec.binary_output && data.classes != 2)
    throw std::invalid_argument("a binary output needs two classes, and " + data.name + " has " +
                                (data.regression() ? std::string("targets") : std::to_string(data.classes)));
  if (data.train_size() < 1) throw std::invalid_argument("no training points");
  inputs_ = data.inputs + static_cast<int>(spec.features.size());
  outputs_ = data.regression() || spec.binary_output ? 1 : data.classes;
  model_ = build_mlp<double>(inputs_, outputs_, !data.regression(), spec);
  model_->set_threads(1);
  model_->initialize(nn::mix64(spec.init_seed ^ kInitSalt));
  // Rounded to float32 so that init.h5 holds them exactly; biases are zeros either way.
  initial_ = model_->params().cast<float>().cast<double>();
  model_->params() = initial_;

  expand(data.train_x, data.train_size(), train_x_);
  expand(data.test_x, data.test_size(), test_x_);
  targets(data.train_y, train_t_);
  targets(data.test_y, test_t_);
  // Room for a batch of any size, so that asking for another size allocates nothing.
  const long n = data.train_size();
  batch_x_.resize(static_cast<std::size_t>(n * inputs_));
  batch_t_.resize(static_cast<std::size_t>(n * outputs_));
  order_.resize(static_cast<std::size_t>(n));
  model_->reserve(std::max(n, data.test_size()));
  set_step(1);
}

void MlpProblem::expand(const std::vector<double>& points, long n, nn::AlignedBuffer<double>& x) const {
  const int d = data_.inputs;
  x.resize(static_cast<std::size_t>(n * inputs_));
  for (long i = 0; i < n; ++i) {
    const double x1 = points[static_cast<std::size_t>(i * d)];
    const double x2 = d == 2 ? points[static_cast<std::size_t>(i * d + 1)] : 0.0;
    double* row = x.data() + i * inputs_;
    row[0] = x1;
    if (d == 2) row[1] = x2;
    int j = d;
    for (Feature f : spec_.features) {
      switch (f) {
        case Feature::X1Squared:
          row[j] = x1 * x1;
          break;
        case Feature::X2Squared:
          row[j] = x2 * x2;
          break;
        case Feature::X1X2:
          row[j] = x1 * x2;
          break;
        case Feature::SinX1:
          row[j] = std::sin(x1);
          break;
        case Feature::SinX2:
          row[j] = std::sin(x2);
          break;
      }
      ++j;
    }
  }
}

void MlpProblem::targets(const std::vector<double>& labels, nn::AlignedBuffer<double>& t) const {
  t.assign(labels.size() * static_cast<std::size_t>(outputs_), 0.0);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (outputs_ == 1)  // a target, or the label 0/1 of a binary output
      t[i] = labels[i];
    else
      t[i * static_cast<std::size_t>(outputs_) + static_cast<std::size_t>(labels[i])] = 1.0;
  }
}

// ---- batches

long MlpProblem::batch_count_per_epoch(long batch_size) const {
  const long n = data_.train_size();
  return batch_size == 0 ? 1 : (n + batch_size - 1) / batch_size;
}

void MlpProblem::order_of_epoch(long epoch, std::vector<long>& order) const {
  std::iota(order.begin(), order.end(), 0L);
  std::mt19937_64 rng(nn::mix64(nn::mix64(spec_.batch_seed ^ kBatchSalt) + static_cast<std::uint64_t>(epoch)));
  for (long i = static_cast<long>(order.size()) - 1; i > 0; --i) {
    const auto j = static_cast<long>(rng() % static_cast<std::uint64_t>(i + 1));
    std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(j)]);
  }
}

void MlpProblem::set_step(long k, long batch_size) {
  if (k < 1) throw std::invalid_argument("steps count from 1");
  if (batch_size < 0) throw std::invalid_argument("batch size must be ≥ 1 (or full)");
  step_ = k;
  batch_size_ = batch_size;
  if (batch_size == 0) {
    batch_rows_ = data_.train_size();
    return;
  }
  const long m = batch_count_per_epoch(batch_size), n = data_.train_size();
  const long epoch = (k - 1) / m, slice = (k - 1) % m;
  if (epoch != epoch_) {
    order_of_epoch(epoch, order_);
    epoch_ = epoch;
  }
  const long first = slice * batch_size;
  batch_rows_ = std::min(batch_size, n - first);
  for (long r = 0; r < batch_rows_; ++r) {
    const long i = order_[static_cast<std::size_t>(first + r)];
    std::copy_n(train_x_.data() + i * inputs_, inputs_, batch_x_.data() + r * inputs_);
    std::copy_n(train_t_.data() + i * outputs_, outputs_, batch_t_.data() + r * outputs_);
  }
}

std::vector<long> MlpProblem::batch_indices(long k, long batch_size) const {
  const long n = data_.train_size();
  std::vector<long> out;
  if (batch_size == 0) {
    out.resize(static_cast<std::size_t>(n));
    std::iota(out.begin(), out.end(), 0L);
    return out;
  }
  const long m = batch_count_per_epoch(batch_size);
  std::vector<long> order(static_cast<std::size_t>(n));
  order_of_epoch((k - 1) / m, order);
  const long first = ((k - 1) % m) * batch_size;
  const long last = std::min(first + batch_size, n);
  return {order.begin() + first, order.begin() + last};
}

double MlpProblem::value_and_gradient(const optim::Vec<double>& theta, optim::Vec<double>& g) {
  const bool full = batch_size_ == 0;
  return model_->train_batch(theta.data(), full ? train_x_.data() : batch_x_.data(),
                             full ? train_t_.data() : batch_t_.data(), batch_rows_, g.data());
}

// ---- measures

double MlpProblem::training_loss(const optim::Vec<double>& theta) {
  return model_->eval_batch(theta.data(), train_x_.data(), train_t_.data(), data_.train_size());
}

double MlpProblem::test_loss(const optim::Vec<double>& theta) {
  if (data_.test_size() == 0) return kNaN;
  return model_->eval_batch(theta.data(), test_x_.data(), test_t_.data(), data_.test_size());
}

double MlpProblem::share_right(const double* outputs, const std::vector<double>& labels, bool logits) const {
  const long n = static_cast<long>(labels.size());
  if (data_.regression() || n == 0) return kNaN;
  long right = 0;
  for (long i = 0; i < n; ++i) {
    const double* row = outputs + i * outputs_;
    const long label = static_cast<long>(labels[static_cast<std::size_t>(i)]);
    if (outputs_ == 1)
      right += (logits ? row[0] > 0 : row[0] > 0.5) == (label == 1);
    else
      right += std::max_element(row, row + outputs_) - row == label;
  }
  return static_cast<double>(right) / static_cast<double>(n);
}

double MlpProblem::train_accuracy(const optim::Vec<double>& theta) {
  return share_right(model_->predict(theta.data(), train_x_.data(), data_.train_size()), data_.train_y, false);
}

double MlpProblem::test_accuracy(const optim::Vec<double>& theta) {
  if (data_.test_size() == 0) return kNaN;
  return share_right(model_->predict(theta.data(), test_x_.data(), data_.test_size()), data_.test_y, false);
}

MlpProblem::Measures MlpProblem::measure(const optim::Vec<double>& theta) {
  Measures m;
  m.train_loss = training_loss(theta);
  m.train_accuracy = share_right(model_->outputs(), data_.train_y, true);
  m.test_loss = test_loss(theta);
  m.test_accuracy = data_.test_size() == 0 ? kNaN : share_right(model_->outputs(), data_.test_y, true);
  return m;
}

std::vector<double> MlpProblem::layer_gradient_norms(const optim::Vec<double>& g) const {
  std::vector<double> out;
  for (std::size_t i = 0; i < model_->size(); ++i)
    out.push_back(g.segment(model_->offset(i), model_->layer(i).param_count()).norm());
  return out;
}

}  // namespace scenes
