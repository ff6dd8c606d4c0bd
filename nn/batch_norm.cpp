#include "nn/batch_norm.hpp"

#include <cmath>
#include <stdexcept>

#include "nn/keras_config.hpp"

namespace nn {

template <class T>
nlohmann::json BatchNormalization<T>::get_config() const {
  return {{"axis", nlohmann::json::array({this->input_.rank == 3 ? 3 : 1})},
          {"momentum", config_.momentum},
          {"epsilon", config_.epsilon},
          {"center", true},
          {"scale", true},
          {"beta_initializer", initializer_json(Init::Zeros)},
          {"gamma_initializer", initializer_json(Init::Ones)},
          {"moving_mean_initializer", initializer_json(Init::Zeros)},
          {"moving_variance_initializer", initializer_json(Init::Ones)}};
}

template <class T>
std::unique_ptr<Layer<T>> BatchNormalization<T>::from_config(const KerasConfig& c) {
  return std::make_unique<BatchNormalization<T>>(
      BatchNormConfig{.momentum = c.get<double>("momentum", 0.99), .epsilon = c.get<double>("epsilon", 1e-3)});
}

template <class T>
Shape BatchNormalization<T>::infer(const Shape& input) {
  if (!(config_.momentum >= 0 && config_.momentum <= 1) || !(config_.epsilon > 0))
    throw std::invalid_argument("BatchNormalization needs momentum in [0, 1] and epsilon > 0");
  moving_mean_.assign(static_cast<std::size_t>(input.c), T(0));
  moving_var_.assign(static_cast<std::size_t>(input.c), T(1));
  inv_std_.assign(static_cast<std::size_t>(input.c), T(1));
  return input;
}

template <class T>
std::vector<ParamInfo> BatchNormalization<T>::param_info() const {
  const long c = this->input_.c;
  return {{.name = "gamma", .rows = 1, .cols = c, .keras_shape = {c}, .init = Init::Ones, .fan_in = c, .fan_out = c},
          {.name = "beta", .rows = 1, .cols = c, .keras_shape = {c}, .init = Init::Zeros, .fan_in = c, .fan_out = c}};
}

template <class T>
void BatchNormalization<T>::reserve(long batch, int threads) {
  const std::size_t need = static_cast<std::size_t>(batch * this->input_.size());
  if (xhat_.size() < need) xhat_.resize(need);
  partial_.resize(static_cast<std::size_t>(threads));
  for (auto& p : partial_) p.assign(static_cast<std::size_t>(2 * this->input_.c), 0.0);
}

// out[2c], out[2c+1] = Σ over rows of f(row, c) → pair.
template <class T>
template <class F>
void BatchNormalization<T>::channel_sums(long rows, const Pass& pass, F&& f, std::vector<double>& out) {
  const long C = this->input_.c;
  pass.pool->run([&](int t) {
    auto [r0, r1] = pass.pool->slice(rows, t);
    auto& acc = partial_[static_cast<std::size_t>(t)];
    std::fill(acc.begin(), acc.end(), 0.0);
    for (long r = r0; r < r1; ++r)
      for (long c = 0; c < C; ++c) {
        const auto [a, b] = f(r, c);
        acc[static_cast<std::size_t>(2 * c)] += a;
        acc[static_cast<std::size_t>(2 * c + 1)] += b;
      }
  });
  out.assign(static_cast<std::size_t>(2 * C), 0.0);
  for (const auto& acc : partial_)  // fixed order: deterministic
    for (std::size_t i = 0; i < out.size(); ++i) out[i] += acc[i];
}

template <class T>
void BatchNormalization<T>::forward(const T* x, T* y, long batch, const Pass& pass) {
  const long C = this->input_.c, rows = batch * this->input_.size() / C;
  const T* gamma = this->theta_;
  const T* beta = this->theta_ + C;
  last_training_ = pass.training;
  std::vector<T>& mean = mean_;
  mean.resize(static_cast<std::size_t>(C));
  if (pass.training) {
    channel_sums(
        rows, pass, [&](long r, long c) { return std::pair<double, double>(x[r * C + c], 0.0); }, sum_a_);
    for (long c = 0; c < C; ++c)
      mean[static_cast<std::size_t>(c)] =
          static_cast<T>(sum_a_[static_cast<std::size_t>(2 * c)] / static_cast<double>(rows));
    channel_sums(
        rows, pass,
        [&](long r, long c) {
          const double d = static_cast<double>(x[r * C + c] - mean[static_cast<std::size_t>(c)]);
          return std::pair<double, double>(d * d, 0.0);
        },
        sum_b_);
    const T m = static_cast<T>(config_.momentum);
    for (long c = 0; c < C; ++c) {
      const std::size_t k = static_cast<std::size_t>(c);
      const double var = sum_b_[2 * k] / static_cast<double>(rows);
      inv_std_[k] = static_cast<T>(1 / std::sqrt(var + config_.epsilon));
      moving_mean_[k] = m * moving_mean_[k] + (T(1) - m) * mean[k];
      moving_var_[k] = m * moving_var_[k] + (T(1) - m) * static_cast<T>(var);
    }
  } else {
    for (long c = 0; c < C; ++c) {
      const std::size_t k = static_cast<std::size_t>(c);
      mean[k] = moving_mean_[k];
      inv_std_[k] = static_cast<T>(1 / std::sqrt(static_cast<double>(moving_var_[k]) + config_.epsilon));
    }
  }
  pass.pool->run([&](int t) {
    auto [r0, r1] = pass.pool->slice(rows, t);
    for (long r = r0; r < r1; ++r)
      for (long c = 0; c < C; ++c) {
        const std::size_t k = static_cast<std::size_t>(c);
        const T xh = (x[r * C + c] - mean[k]) * inv_std_[k];
        xhat_[static_cast<std::size_t>(r * C + c)] = xh;
        y[r * C + c] = gamma[c] * xh + beta[c];
      }
  });
}

template <class T>
void BatchNormalization<T>::backward(const T*, const T*, T* dy, T* dx, long batch, const Pass& pass) {
  const long C = this->input_.c, rows = batch * this->input_.size() / C;
  const T* gamma = this->theta_;
  channel_sums(
      rows, pass,
      [&](long r, long c) {
        const double g = static_cast<double>(dy[r * C + c]);
        return std::pair<double, double>(g, g * static_cast<double>(xhat_[static_cast<std::size_t>(r * C + c)]));
      },
      sum_a_);
  // Parameter gradients: thread 0's slice takes the whole sum (already reduced).
  T* g0 = this->grads_[0];
  for (long c = 0; c < C; ++c) {
    g0[c] += static_cast<T>(sum_a_[static_cast<std::size_t>(2 * c + 1)]);  // γ
    g0[C + c] += static_cast<T>(sum_a_[static_cast<std::size_t>(2 * c)]);  // β
  }
  if (!dx) return;
  const T n = static_cast<T>(rows);
  pass.pool->run([&](int t) {
    auto [r0, r1] = pass.pool->slice(rows, t);
    for (long r = r0; r < r1; ++r)
      for (long c = 0; c < C; ++c) {
        const std::size_t k = static_cast<std::size_t>(c), i = static_cast<std::size_t>(r * C + c);
        if (last_training_) {
          const T sdy = static_cast<T>(sum_a_[2 * k]), sdyx = static_cast<T>(sum_a_[2 * k + 1]);
          dx[r * C + c] = gamma[c] * inv_std_[k] / n * (n * dy[r * C + c] - sdy - xhat_[i] * sdyx);
        } else {
          dx[r * C + c] = gamma[c] * inv_std_[k] * dy[r * C + c];
        }
      }
  });
}

template class BatchNormalization<float>;
template class BatchNormalization<double>;

}  // namespace nn
