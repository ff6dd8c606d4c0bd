#include "nn/simple_layers.hpp"

#include <algorithm>
#include <stdexcept>

#include "nn/init.hpp"
#include "nn/keras_config.hpp"

namespace nn {

template <class T>
nlohmann::json Flatten<T>::get_config() const {
  return {{"data_format", "channels_last"}};
}

template <class T>
std::unique_ptr<Layer<T>> Flatten<T>::from_config(const KerasConfig&) {
  return std::make_unique<Flatten<T>>();
}

template <class T>
nlohmann::json Activation<T>::get_config() const {
  return {{"activation", act_name(act_)}};
}

template <class T>
std::unique_ptr<Layer<T>> Activation<T>::from_config(const KerasConfig& c) {
  return std::make_unique<Activation<T>>(c.activation());
}

template <class T>
nlohmann::json Dropout<T>::get_config() const {
  return {{"rate", config_.rate}, {"noise_shape", nullptr}, {"seed", config_.seed}};
}

template <class T>
std::unique_ptr<Layer<T>> Dropout<T>::from_config(const KerasConfig& c) {
  return std::make_unique<Dropout<T>>(
      DropoutConfig{.rate = c.get<double>("rate", 0.5), .seed = c.get<std::uint64_t>("seed", 0)});
}

template <class T>
void Flatten<T>::forward(const T* x, T* y, long batch, const Pass&) {
  std::copy(x, x + batch * this->input_.size(), y);
}

template <class T>
void Flatten<T>::backward(const T*, const T*, T* dy, T* dx, long batch, const Pass&) {
  if (dx) std::copy(dy, dy + batch * this->input_.size(), dx);
}

template <class T>
void Activation<T>::forward(const T* x, T* y, long batch, const Pass& pass) {
  const long n = this->input_.size(), c = this->input_.c;
  const Act act = logits_ ? Act::Linear : act_;
  pass.pool->for_slices(batch, [&](int, long b0, long b1) {
    std::copy(x + b0 * n, x + b1 * n, y + b0 * n);
    activate(act, y + b0 * n, (b1 - b0) * (n / c), c, alpha_);  // softmax over the last axis
  });
}

template <class T>
void Activation<T>::backward(const T*, const T* y, T* dy, T* dx, long batch, const Pass& pass) {
  if (!dx) return;
  const long n = this->input_.size(), c = this->input_.c;
  const Act act = logits_ ? Act::Linear : act_;
  pass.pool->for_slices(batch, [&](int, long b0, long b1) {
    activate_backward(act, y + b0 * n, dy + b0 * n, (b1 - b0) * (n / c), c, alpha_);
    std::copy(dy + b0 * n, dy + b1 * n, dx + b0 * n);
  });
}

namespace {
// Element i is kept when u_i = hash(key + i)/2⁶⁴ ≥ rate. A separate function
// with restrict pointers and a select rather than a branch: inside the
// pool's closure the loop reloaded its captures after every store and
// mispredicted half its branches (17× slower at rate 0.5).
template <class T>
void dropout_slice(const T* __restrict x, T* __restrict y, T* __restrict mask, long begin, long end, std::uint64_t key,
                   double rate, T scale) {
  for (long i = begin; i < end; ++i) {
    const double u = static_cast<double>(mix64(key + static_cast<std::uint64_t>(i)) >> 11) * 0x1.0p-53;
    const T m = u >= rate ? scale : T(0);
    mask[i] = m;
    y[i] = x[i] * m;
  }
}
}  // namespace

template <class T>
Dropout<T>::Dropout(DropoutConfig config) : config_(config) {
  if (!(config_.rate >= 0 && config_.rate < 1)) throw std::invalid_argument("Dropout rate must be in [0, 1)");
}

template <class T>
void Dropout<T>::reserve(long batch, int) {
  const std::size_t need = static_cast<std::size_t>(batch * this->input_.size());
  if (mask_.size() < need) mask_.resize(need);
}

template <class T>
void Dropout<T>::forward(const T* x, T* y, long batch, const Pass& pass) {
  const long n = this->input_.size();
  last_training_ = pass.training && config_.rate > 0;
  if (!last_training_) {
    std::copy(x, x + batch * n, y);
    return;
  }
  const std::uint64_t key =
      mix64(mix64(pass.seed ^ config_.seed) ^ mix64(this->index()) ^ mix64(pass.counter + 0x5bd1e995ULL));
  const double rate = config_.rate;
  const T scale = static_cast<T>(1 / (1 - rate));
  T* mask = mask_.data();
  pass.pool->for_slices(batch,
                        [=](int, long b0, long b1) { dropout_slice(x, y, mask, b0 * n, b1 * n, key, rate, scale); });
}

template <class T>
void Dropout<T>::backward(const T*, const T*, T* dy, T* dx, long batch, const Pass& pass) {
  if (!dx) return;
  const long n = this->input_.size();
  if (!last_training_) {
    std::copy(dy, dy + batch * n, dx);
    return;
  }
  const T* mask = mask_.data();
  pass.pool->for_slices(batch, [=](int, long b0, long b1) {
    for (long i = b0 * n; i < b1 * n; ++i) dx[i] = dy[i] * mask[i];
  });
}

template class Flatten<float>;
template class Flatten<double>;
template class Activation<float>;
template class Activation<double>;
template class Dropout<float>;
template class Dropout<double>;

}  // namespace nn
