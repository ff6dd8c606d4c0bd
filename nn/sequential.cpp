#include "nn/sequential.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <random>
#include <stdexcept>

#include "nn/activation.hpp"
#include "nn/limits.hpp"

namespace nn {

std::string snake_name(const std::string& class_name) {
  std::string out;
  for (std::size_t i = 0; i < class_name.size(); ++i) {
    const char ch = class_name[i];
    if (std::isupper(static_cast<unsigned char>(ch)) && i > 0 &&
        std::islower(static_cast<unsigned char>(class_name[i - 1])))
      out += '_';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return out;
}

void check_input_shape(const Shape& s) {
  using namespace limits;
  auto refuse = [&](const std::string& why) { throw std::invalid_argument("the input shape " + s.str() + " " + why); };
  if (s.h < 1 || s.w < 1 || s.c < 1) refuse("has a size below 1");
  if (s.h > kMaxSide || s.w > kMaxSide) refuse("is taller or wider than the limit, " + std::to_string(kMaxSide));
  if (s.rank == 3 && s.c > kMaxWidth) refuse("has more channels than the limit, " + std::to_string(kMaxWidth));
  const auto n = product(s.h * s.w, s.c);  // each of h, w ≤ kMaxSide: h·w cannot overflow
  if (!n || *n > kMaxSampleValues) refuse("holds more values than the limit, " + with_commas(kMaxSampleValues));
}

template <class T>
Sequential<T>::Sequential(Shape input, std::string name)
    : name_(std::move(name)), input_(input), pool_(std::make_unique<ThreadPool>(1)) {
  check_input_shape(input);
}

template <class T>
Layer<T>& Sequential<T>::add(std::unique_ptr<Layer<T>> layer) {
  using namespace limits;
  const std::string where = "layer " + std::to_string(layers_.size() + 1) + " (" + layer->class_name() + ")";
  if (static_cast<long>(layers_.size()) >= kMaxLayers)
    throw std::invalid_argument(where + ": the model would have more layers than the limit, " +
                                std::to_string(kMaxLayers));
  const Shape in = layers_.empty() ? input_ : layers_.back()->output_shape();
  layer->build(in, layers_.size());
  // Sized before anything is allocated for it: its output and parameters,
  // each a product of bounded factors, summed without overflow.
  const Shape& out = layer->output_shape();
  const auto values = product(out.h, out.w);
  const auto out_values = values ? product(*values, out.c) : std::nullopt;
  if (out.h < 1 || out.w < 1 || out.c < 1 || !out_values || *out_values > kMaxSampleValues)
    throw std::invalid_argument(where + ": its output " + out.str() + " holds more values than the limit, " +
                                with_commas(kMaxSampleValues));
  std::optional<long> layer_params = 0;
  for (const ParamInfo& p : layer->param_info()) {
    const auto n = product(p.rows, p.cols);
    layer_params = n && layer_params ? sum(*layer_params, *n) : std::nullopt;
  }
  if (!layer_params || *layer_params > kMaxLayerParams)
    throw std::invalid_argument(where + ": it has more parameters than the limit for one layer, " +
                                with_commas(kMaxLayerParams));
  const long before = offsets_.empty() ? 0 : offsets_.back() + layers_.back()->param_count();
  if (before + *layer_params > kMaxModelParams)
    throw std::invalid_argument(where + ": the model would have more parameters than the limit, " +
                                with_commas(kMaxModelParams));
  if (layer->name().empty()) {
    const std::string base = snake_name(layer->class_name());
    int n = 0;
    for (const auto& l : layers_)
      if (snake_name(l->class_name()) == base) ++n;
    layer->set_name(n == 0 ? base : base + "_" + std::to_string(n));
  }
  for (const auto& l : layers_)
    if (l->name() == layer->name()) throw std::invalid_argument("two layers are named '" + layer->name() + "'");
  const long offset = offsets_.empty() ? 0 : offsets_.back() + layers_.back()->param_count();
  // The pair (previous, this) is built here, so its fusion is decided here, once.
  if (!layers_.empty())
    relu_grad_by_next_.back() = layers_.back()->relu_grad_deferrable() && layer->applies_input_relu_grad();
  relu_grad_by_next_.push_back(false);
  long at = offset;
  for (const ParamInfo& p : layer->param_info()) {
    if (p.l1 != 0 || p.l2 != 0) penalties_.push_back({.offset = at, .size = p.size(), .l1 = p.l1, .l2 = p.l2});
    at += p.size();
  }
  offsets_.push_back(offset);
  layers_.push_back(std::move(layer));
  theta_.setZero(offset + layers_.back()->param_count());
  reserved_ = 0;
  set_loss(loss_, from_logits_);
  return *layers_.back();
}

template <class T>
const Shape& Sequential<T>::output_shape() const {
  return layers_.empty() ? input_ : layers_.back()->output_shape();
}

template <class T>
std::vector<optim::Segment> Sequential<T>::layout() const {
  std::vector<optim::Segment> segs;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    long off = offsets_[i];
    for (const auto& p : layers_[i]->param_info()) {
      segs.push_back({.offset = off, .rows = p.rows, .cols = p.cols});
      off += p.size();
    }
  }
  return segs;
}

template <class T>
long Sequential<T>::non_trainable_count() const {
  long n = 0;
  for (const auto& l : layers_)
    for (auto& [name, v] : const_cast<Layer<T>&>(*l).state()) n += static_cast<long>(v->size());
  return n;
}

template <class T>
void Sequential<T>::initialize(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    long off = offsets_[i];
    for (const auto& p : layers_[i]->param_info()) {
      nn::initialize(p.init, theta_.data() + off, p.size(), p.fan_in, p.fan_out, rng);
      off += p.size();
    }
    for (auto& [name, v] : layers_[i]->state())
      std::fill(v->begin(), v->end(), name == "moving_variance" ? T(1) : T(0));
  }
}

std::string with_commas(long n) {
  std::string s = std::to_string(n), out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && (s.size() - i) % 3 == 0 && s[i - 1] != '-') out += ',';
    out += s[i];
  }
  return out;
}

namespace {
std::string pad(std::string s, std::size_t width) {
  // Pads to a column, with at least one space after a long field.
  s.append(s.size() < width ? width - s.size() : 1, ' ');
  return s;
}
}  // namespace

template <class T>
std::string Sequential<T>::summary() const {
  const std::string rule(65, '_'), thick(65, '=');
  std::string out = "Model: \"" + name_ + "\"\n" + rule + "\n";
  out += pad(" Layer (type)", 29) + pad("Output Shape", 26) + "Param #\n" + thick + "\n";
  long trainable = 0;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    const auto& l = *layers_[i];
    long count = l.param_count();
    long fixed = 0;
    for (auto& [name, v] : const_cast<Layer<T>&>(l).state()) fixed += static_cast<long>(v->size());
    trainable += count;
    out += pad(" " + l.name() + " (" + l.class_name() + ")", 29) + pad(l.output_shape().str(), 26) +
           with_commas(count + fixed) + "\n";
    out += (i + 1 < layers_.size() ? "\n" : "");
  }
  const long fixed = non_trainable_count();
  out += thick + "\n";
  out += "Total params: " + with_commas(trainable + fixed) + "\n";
  out += "Trainable params: " + with_commas(trainable) + "\n";
  out += "Non-trainable params: " + with_commas(fixed) + "\n" + rule + "\n";
  return out;
}

template <class T>
void Sequential<T>::set_threads(int threads) {
  if (threads != pool_->size()) {
    pool_ = std::make_unique<ThreadPool>(threads);
    reserved_ = 0;
  }
}

template <class T>
void Sequential<T>::reserve(long batch) {
  if (batch <= reserved_) return;
  const int threads = pool_->size();
  acts_.resize(layers_.size());
  deltas_.resize(layers_.size());
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    const std::size_t n = static_cast<std::size_t>(batch * layers_[i]->output_shape().size());
    acts_[i].resize(n);
    deltas_[i].resize(n);
    layers_[i]->reserve(batch, threads);
  }
  thread_grads_.resize(static_cast<std::size_t>(threads - 1));
  for (auto& g : thread_grads_) g.resize(static_cast<std::size_t>(theta_.size()));
  out_probs_.resize(static_cast<std::size_t>(batch * output_shape().size()));
  reserved_ = batch;
}

template <class T>
void Sequential<T>::set_loss(LossKind loss, bool from_logits) {
  if (from_logits && !takes_logits(loss))
    throw std::invalid_argument("from_logits applies to the cross-entropies only, not " + loss_name(loss));
  loss_ = loss;
  from_logits_ = from_logits;
  for (auto& l : layers_) l->output_logits(false);
  fused_ = !layers_.empty() && !from_logits && is_crossentropy(loss) && layers_.back()->output_logits(true);
}

template <class T>
void Sequential<T>::bind(const T* theta, T* grad) {
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    bind_grads_.clear();
    if (grad) {
      bind_grads_.push_back(grad + offsets_[i]);
      for (auto& g : thread_grads_) bind_grads_.push_back(g.data() + offsets_[i]);
    }
    layers_[i]->bind(theta + offsets_[i], bind_grads_);
  }
}

template <class T>
const T* Sequential<T>::run_forward(const T* x, long batch, bool training) {
  if (layers_.empty()) throw std::logic_error("the model has no layers");
  reserve(batch);
  Pass pass{.pool = pool_.get(), .training = training, .seed = seed_, .counter = counter_};
  LayerTimes* times = training ? times_ : nullptr;
  if (times) {
    times->forward.resize(layers_.size());
    times->backward.resize(layers_.size());
    ++times->passes;
  }
  const T* in = x;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    const auto t0 = times ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
    layers_[i]->forward(in, acts_[i].data(), batch, pass);
    if (times) times->forward[i] += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    in = acts_[i].data();
  }
  if (training) ++counter_;
  return in;
}

template <class T>
const T* Sequential<T>::predict(const T* theta, const T* x, long batch) {
  bind(theta, nullptr);
  const T* out = run_forward(x, batch, false);
  if (!fused_ && !from_logits_) return out;
  const long k = output_shape().size();
  std::copy(out, out + batch * k, out_probs_.data());
  activate(loss_ == LossKind::BinaryCrossentropy ? Act::Sigmoid : Act::Softmax, out_probs_.data(), batch, k);
  return out_probs_.data();
}

template <class T>
T Sequential<T>::penalty(const T* theta, T* grad) const {
  T total = 0;
  for (const Penalty& p : penalties_) {
    const T* w = theta + p.offset;
    T* g = grad ? grad + p.offset : nullptr;
    for (long j = 0; j < p.size; ++j) {
      total += static_cast<T>(p.l1) * std::abs(w[j]) + static_cast<T>(p.l2) * w[j] * w[j];
      if (g)
        g[j] += static_cast<T>(p.l1) * (w[j] > 0 ? T(1) : w[j] < 0 ? T(-1) : T(0)) + static_cast<T>(2 * p.l2) * w[j];
    }
  }
  return total;
}

template <class T>
T Sequential<T>::train_batch(const T* theta, const T* x, const T* t, long batch, T* grad) {
  reserve(batch);
  bind(theta, grad);
  const long n = theta_.size();
  std::fill(grad, grad + n, T(0));
  for (auto& g : thread_grads_) std::fill(g.begin(), g.end(), T(0));
  const T* out = run_forward(x, batch, true);
  const std::size_t last = layers_.size() - 1;
  T value = loss_value_and_gradient(loss_, out, t, deltas_[last].data(), batch, output_shape().size(),
                                    fused_ || from_logits_);
  Pass pass{.pool = pool_.get(), .training = true, .seed = seed_, .counter = counter_ - 1};
  for (std::size_t i = last + 1; i-- > 0;) {
    pass.relu_grad_by_next = relu_grad_by_next_[i];
    pass.relu_grad_of_input = i > 0 && relu_grad_by_next_[i - 1];
    const T* in = i == 0 ? x : acts_[i - 1].data();
    T* din = i == 0 ? nullptr : deltas_[i - 1].data();
    const auto t0 = times_ ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
    layers_[i]->backward(in, acts_[i].data(), deltas_[i].data(), din, batch, pass);
    if (times_) times_->backward[i] += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  for (const auto& g : thread_grads_)  // fixed order: deterministic
    for (long j = 0; j < n; ++j) grad[j] += g[static_cast<std::size_t>(j)];
  return value + penalty(theta, grad);
}

template <class T>
T Sequential<T>::eval_batch(const T* theta, const T* x, const T* t, long batch) {
  bind(theta, nullptr);
  const T* out = run_forward(x, batch, false);
  return loss_value_and_gradient<T>(loss_, out, t, nullptr, batch, output_shape().size(), fused_ || from_logits_) +
         penalty(theta, nullptr);
}

template class Sequential<float>;
template class Sequential<double>;

}  // namespace nn
