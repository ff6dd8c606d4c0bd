#include "nn/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

namespace nn {

namespace {

// f_b(θ) for the current mini-batch; θ may be any point the optimizer picks.
class BatchObjective : public optim::Objective<float> {
 public:
  BatchObjective(Sequential<float>& model, const float* x, const float* t, long n)
      : model_(model), x_(x), t_(t), n_(n) {}
  float value_and_gradient(const optim::Vec<float>& theta, optim::Vec<float>& g) override {
    return model_.train_batch(theta.data(), x_, t_, n_, g.data());
  }

 private:
  Sequential<float>& model_;
  const float* x_;
  const float* t_;
  long n_;
};

}  // namespace

std::string data_mismatch(const Sequential<float>& model, const Dataset& data) {
  if (!(data.shape == model.input_shape()))
    return "the data's images are " + data.shape.str() + " but the model takes " + model.input_shape().str();
  const long outputs = model.output_shape().size();
  if (data.classes > 0 && data.classes != outputs)
    return "the model has " + std::to_string(outputs) + " outputs but the data has " + std::to_string(data.classes) +
           " classes";
  return "";
}

Trainer::Trainer(Sequential<float>& model, optim::Optimizer<float>& optimizer) : model_(model), optimizer_(optimizer) {
  optimizer_.set_layout(model_.layout());
}

void Trainer::fill_batch(const Dataset& data, const std::vector<long>& order, long begin, long n) {
  const long size = data.shape.size(), k = model_.output_shape().size();
  // One-hot rows, or the class index alone for a sparse loss.
  const long width = model_.target_width();
  x_.resize(static_cast<std::size_t>(std::max(n * size, static_cast<long>(x_.size()))));
  t_.resize(static_cast<std::size_t>(std::max(n * width, static_cast<long>(t_.size()))));
  std::fill(t_.begin(), t_.begin() + n * width, 0.0f);
  for (long i = 0; i < n; ++i) {
    const long s = order.empty() ? begin + i : order[static_cast<std::size_t>(begin + i)];
    const std::uint8_t* px = data.pixels.data() + s * size;
    float* dst = x_.data() + i * size;
    for (long j = 0; j < size; ++j) dst[j] = static_cast<float>(px[j]) * pixel_scale;
    const int label = data.labels[static_cast<std::size_t>(s)];
    if (label < 0 || label >= k)
      throw std::invalid_argument("label " + std::to_string(label) + " does not fit the model's " + std::to_string(k) +
                                  " outputs");
    if (model_.loss() == LossKind::SparseCategoricalCrossentropy)
      t_[static_cast<std::size_t>(i)] = static_cast<float>(label);
    else
      t_[static_cast<std::size_t>(i * k + label)] = 1.0f;
  }
}

const std::vector<Logs>& Trainer::fit(const Dataset& train_all, const Dataset* validation, const FitOptions& options,
                                      const std::vector<Callback*>& callbacks) {
  if (options.batch_size < 1) throw std::invalid_argument("batch size must be at least 1");
  if (!(options.validation_split >= 0 && options.validation_split < 1))
    throw std::invalid_argument("validation split must be in [0, 1)");
  if (const std::string problem = data_mismatch(model_, train_all); !problem.empty())
    throw std::invalid_argument(problem);
  if (validation)
    if (const std::string problem = data_mismatch(model_, *validation); !problem.empty())
      throw std::invalid_argument("validation: " + problem);
  options_ = options;
  stop_training = false;
  // Keras: the validation split is the last fraction, taken before shuffling.
  Dataset split_train, split_val;
  const Dataset* train = &train_all;
  if (options.validation_split > 0 && !validation) {
    const long n_val = static_cast<long>(std::floor(static_cast<double>(train_all.size()) * options.validation_split));
    split_train = train_all.range(0, train_all.size() - n_val);
    split_val = train_all.range(train_all.size() - n_val, train_all.size());
    train = &split_train;
    validation = n_val > 0 ? &split_val : nullptr;
  }
  const long n = train->size(), bs = std::min(options.batch_size, n);
  if (n == 0) throw std::invalid_argument("no training samples");
  const long batches = (n + bs - 1) / bs;
  const long k = model_.output_shape().size();
  model_.reserve(bs);
  optimizer_.set_layout(model_.layout());
  for (auto* c : callbacks) c->on_train_begin(*this);
  std::vector<long> order(static_cast<std::size_t>(n));
  for (; epoch_ < options.epochs && !stop_training; ++epoch_) {
    for (auto* c : callbacks) c->on_epoch_begin(*this, epoch_);
    std::iota(order.begin(), order.end(), 0L);
    if (options.shuffle) {
      std::mt19937_64 rng(mix64(options.seed) ^ mix64(static_cast<std::uint64_t>(epoch_) + 1));
      for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
    }
    double loss_sum = 0;
    long correct = 0, seen = 0;
    Logs running;
    for (long b = 0; b < batches && !stop_training; ++b) {
      const long begin = b * bs, m = std::min(bs, n - begin);
      fill_batch(*train, order, begin, m);
      BatchObjective f(model_, x_.data(), t_.data(), m);
      const float loss = optimizer_.step(f, model_.params());
      const float* out = model_.outputs();
      // Scored against the labels, not t_: a sparse loss's targets are one
      // class index per sample, not k one-hot values.
      for (long i = 0; i < m; ++i) {
        const long s = order[static_cast<std::size_t>(begin + i)];
        if (argmax(out + i * k, k) == train->labels[static_cast<std::size_t>(s)]) ++correct;
      }
      loss_sum += static_cast<double>(loss) * static_cast<double>(m);
      seen += m;
      running["loss"] = loss_sum / static_cast<double>(seen);
      running["accuracy"] = static_cast<double>(correct) / static_cast<double>(seen);
      running["batch_loss"] = loss;
      for (auto* c : callbacks) c->on_batch_end(*this, b, batches, running);
    }
    Logs logs;
    logs["loss"] = running["loss"];
    logs["accuracy"] = running["accuracy"];
    if (validation && validation->size() > 0) {
      Evaluation ev = evaluate(*validation, std::max(bs, 256L));
      logs["val_loss"] = ev.loss;
      logs["val_accuracy"] = ev.accuracy();
    }
    logs["lr"] = optimizer_.lr();
    optimizer_.end_epoch(logs.count("val_loss") ? logs["val_loss"] : logs["loss"]);
    for (auto* c : callbacks) c->on_epoch_end(*this, epoch_, logs);
    history_.push_back(logs);
  }
  for (auto* c : callbacks) c->on_train_end(*this);
  return history_;
}

Evaluation Trainer::evaluate(const Dataset& data, long batch_size) {
  if (const std::string problem = data_mismatch(model_, data); !problem.empty()) throw std::invalid_argument(problem);
  const long k = model_.output_shape().size();
  Evaluation ev;
  ev.confusion = ConfusionMatrix(static_cast<int>(k));
  double loss_sum = 0;
  const long n = data.size();
  const std::vector<long> none;
  for (long begin = 0; begin < n; begin += batch_size) {
    const long m = std::min(batch_size, n - begin);
    fill_batch(data, none, begin, m);
    loss_sum += static_cast<double>(model_.eval_batch(model_.params().data(), x_.data(), t_.data(), m)) *
                static_cast<double>(m);
    const float* out = model_.outputs();
    for (long i = 0; i < m; ++i)
      ev.confusion.add(data.labels[static_cast<std::size_t>(begin + i)], argmax(out + i * k, k));
  }
  ev.loss = n ? loss_sum / static_cast<double>(n) : 0.0;
  return ev;
}

std::vector<float> Trainer::predict(const Dataset& data, long batch_size) {
  const long k = model_.output_shape().size(), n = data.size();
  std::vector<float> out(static_cast<std::size_t>(n * k));
  const std::vector<long> none;
  for (long begin = 0; begin < n; begin += batch_size) {
    const long m = std::min(batch_size, n - begin);
    fill_batch(data, none, begin, m);
    const float* p = model_.predict(model_.params().data(), x_.data(), m);
    std::copy(p, p + m * k, out.begin() + begin * k);
  }
  return out;
}

}  // namespace nn
