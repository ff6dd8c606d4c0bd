#include "nn/sequential.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <stdexcept>

#include "nn/conv2d.hpp"
#include "nn/dense.hpp"
#include "nn/pooling.hpp"
#include "nn/simple_layers.hpp"

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

template <class T>
Sequential<T>::Sequential(Shape input, std::string name)
    : name_(std::move(name)), input_(input), pool_(std::make_unique<ThreadPool>(1)) {
  if (input.size() < 1) throw std::invalid_argument("the model's input must have at least one element");
}

template <class T>
Layer<T>& Sequential<T>::add(std::unique_ptr<Layer<T>> layer) {
  const Shape in = layers_.empty() ? input_ : layers_.back()->output_shape();
  layer->build(in);
  if (layer->name().empty()) {
    const std::string base = snake_name(layer->class_name());
    int n = 0;
    for (const auto& l : layers_)
      if (snake_name(l->class_name()) == base) ++n;
    layer->set_name(n == 0 ? base : base + "_" + std::to_string(n));
  }
  for (const auto& l : layers_)
    if (l->name() == layer->name()) throw std::invalid_argument("two layers are named '" + layer->name() + "'");
  if (auto* d = dynamic_cast<Dropout<T>*>(layer.get())) d->set_salt(layers_.size());
  const long offset = offsets_.empty() ? 0 : offsets_.back() + layers_.back()->param_count();
  offsets_.push_back(offset);
  layers_.push_back(std::move(layer));
  theta_.setZero(offset + layers_.back()->param_count());
  reserved_ = 0;
  set_loss(loss_);
  fuse_relu_into_pooling();
  return *layers_.back();
}

// Conv2D(relu) → MaxPooling2D: the pooling's backward applies relu's
// derivative, and the convolution skips its pass over δ (nn/pooling.hpp).
template <class T>
void Sequential<T>::fuse_relu_into_pooling() {
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    auto* conv = dynamic_cast<Conv2D<T>*>(layers_[i].get());
    if (!conv) continue;
    auto* pool = i + 1 < layers_.size() ? dynamic_cast<Pool2D<T>*>(layers_[i + 1].get()) : nullptr;
    const bool fuse = pool && pool->kind() == Pool2D<T>::Kind::Max && conv->config().activation == Act::Relu;
    if (pool) pool->set_relu_grad(fuse);
    conv->set_activation_grad_applied(fuse);
  }
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
      segs.push_back({off, p.rows, p.cols});
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
void Sequential<T>::set_loss(LossKind loss) {
  loss_ = loss;
  fused_ = false;
  for (auto& l : layers_) {
    if (auto* d = dynamic_cast<Dense<T>*>(l.get())) d->set_output_logits(false);
    if (auto* a = dynamic_cast<Activation<T>*>(l.get())) a->set_output_logits(false);
  }
  if (layers_.empty() || loss != LossKind::CategoricalCrossentropy) return;
  Layer<T>* last = layers_.back().get();
  if (auto* d = dynamic_cast<Dense<T>*>(last); d && d->config().activation == Act::Softmax) {
    d->set_output_logits(true);
    fused_ = true;
  }
  if (auto* a = dynamic_cast<Activation<T>*>(last); a && a->activation() == Act::Softmax) {
    a->set_output_logits(true);
    fused_ = true;
  }
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
  Pass pass{pool_.get(), training, seed_, counter_};
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
  if (!fused_) return out;
  const long k = output_shape().size();
  std::copy(out, out + batch * k, out_probs_.data());
  activate(Act::Softmax, out_probs_.data(), batch, k);
  return out_probs_.data();
}

template <class T>
T Sequential<T>::penalty(const T* theta, T* grad) const {
  T total = 0;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    double l1 = 0, l2 = 0;
    if (auto* d = dynamic_cast<const Dense<T>*>(layers_[i].get())) l1 = d->config().l1, l2 = d->config().l2;
    if (auto* c = dynamic_cast<const Conv2D<T>*>(layers_[i].get())) l1 = c->config().l1, l2 = c->config().l2;
    if (l1 == 0 && l2 == 0) continue;
    const long n = layers_[i]->param_info().front().size();  // the kernel comes first
    const T* w = theta + offsets_[i];
    T* g = grad ? grad + offsets_[i] : nullptr;
    for (long j = 0; j < n; ++j) {
      total += static_cast<T>(l1) * std::abs(w[j]) + static_cast<T>(l2) * w[j] * w[j];
      if (g) g[j] += static_cast<T>(l1) * (w[j] > 0 ? T(1) : w[j] < 0 ? T(-1) : T(0)) + static_cast<T>(2 * l2) * w[j];
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
  T value = loss_value_and_gradient(loss_, out, t, deltas_[last].data(), batch, output_shape().size(), fused_);
  Pass pass{pool_.get(), true, seed_, counter_ - 1};
  for (std::size_t i = last + 1; i-- > 0;) {
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
  return loss_value_and_gradient<T>(loss_, out, t, nullptr, batch, output_shape().size(), fused_) +
         penalty(theta, nullptr);
}

template class Sequential<float>;
template class Sequential<double>;

}  // namespace nn
