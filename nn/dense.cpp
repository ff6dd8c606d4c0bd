#include "nn/dense.hpp"

#include <stdexcept>

#include "nn/eigen_maps.hpp"
#include "nn/keras_config.hpp"
#include "nn/limits.hpp"

namespace nn {

template <class T>
Shape Dense<T>::infer(const Shape& input) {
  if (input.rank != 1)
    throw std::invalid_argument("Dense needs a flat input " + input.str() + ": add Flatten before it");
  if (config_.units < 1) throw std::invalid_argument("Dense needs units ≥ 1");
  return Shape::vector(config_.units);
}

template <class T>
nlohmann::json Dense<T>::get_config() const {
  nlohmann::json c = {{"units", config_.units}};
  write_kernel_fields(c, config_);
  return c;
}

template <class T>
std::unique_ptr<Layer<T>> Dense<T>::from_config(const KerasConfig& c) {
  DenseConfig k{.units = c.count("units", 0, limits::kMaxWidth)};
  read_kernel_fields(c, k);
  return std::make_unique<Dense<T>>(k);
}

template <class T>
std::vector<ParamInfo> Dense<T>::param_info() const {
  const long c = this->input_.size(), f = config_.units;
  std::vector<ParamInfo> p;
  p.push_back({.name = "kernel",
               .rows = f,
               .cols = c,
               .keras_shape = {c, f},
               .transposed = true,
               .init = config_.kernel_initializer,
               .fan_in = c,
               .fan_out = f,
               .l1 = config_.l1,
               .l2 = config_.l2});
  if (config_.use_bias)
    p.push_back(
        {.name = "bias", .rows = 1, .cols = f, .keras_shape = {f}, .init = Init::Zeros, .fan_in = c, .fan_out = f});
  return p;
}

template <class T>
void Dense<T>::forward(const T* x, T* y, long batch, const Pass& pass) {
  const long c = this->input_.size(), f = config_.units;
  CMapR<T> W(this->theta_, f, c);
  const Act act = logits_ ? Act::Linear : config_.activation;
  pass.pool->for_slices(batch, [&](int, long b0, long b1) {
    if (b1 <= b0) return;
    CMapR<T> X(x + b0 * c, b1 - b0, c);
    MapR<T> Y(y + b0 * f, b1 - b0, f);
    Y.noalias() = X * W.transpose();
    add_bias_activate(act, Y.data(), config_.use_bias ? this->theta_ + f * c : nullptr, b1 - b0, f);
  });
}

template <class T>
void Dense<T>::backward(const T* x, const T* y, T* dy, T* dx, long batch, const Pass& pass) {
  const long c = this->input_.size(), f = config_.units;
  CMapR<T> W(this->theta_, f, c);
  const Act act = logits_ ? Act::Linear : config_.activation;
  pass.pool->for_slices(batch, [&](int t, long b0, long b1) {
    if (b1 <= b0) return;
    const long n = b1 - b0;
    activate_backward(act, y + b0 * f, dy + b0 * f, n, f);
    MapR<T> dZ(dy + b0 * f, n, f);
    CMapR<T> X(x + b0 * c, n, c);
    MapR<T> dW(this->grads_[static_cast<std::size_t>(t)], f, c);
    dW.noalias() += dZ.transpose() * X;
    if (config_.use_bias) add_column_sums(dZ.data(), n, f, this->grads_[static_cast<std::size_t>(t)] + f * c);
    if (dx) MapR<T>(dx + b0 * c, n, c).noalias() = dZ * W;
  });
}

template class Dense<float>;
template class Dense<double>;

}  // namespace nn
