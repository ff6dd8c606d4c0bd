// tests/nn/layer_harness.hpp — one layer run alone, for the property and
// golden tests: its θ, per-thread gradients, forward and backward.
#pragma once

#include <cmath>
#include <memory>
#include <vector>

#include "nn/layer.hpp"

namespace nn_test {

// fill(n, tag, scale)[i] = scale·sin(0.37·i + tag), the inputs both sides of
// the golden data make (tools/nn/make_golden.py).
inline std::vector<double> fill(long n, double tag, double scale = 1.0) {
  std::vector<double> v(static_cast<std::size_t>(n));
  for (long i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = scale * std::sin(0.37 * static_cast<double>(i) + tag);
  return v;
}

template <class T>
struct Harness {
  std::unique_ptr<nn::Layer<T>> layer;
  long batch;
  nn::ThreadPool pool;
  nn::Pass pass;
  std::vector<T> theta;
  std::vector<std::vector<T>> grads;

  Harness(std::unique_ptr<nn::Layer<T>> l, nn::Shape in, long b, int threads = 2, bool training = true)
      : layer(std::move(l)), batch(b), pool(threads) {
    layer->build(in);
    layer->reserve(batch, threads);
    theta.assign(static_cast<std::size_t>(layer->param_count()), T(0));
    grads.assign(static_cast<std::size_t>(threads), std::vector<T>(theta.size(), T(0)));
    pass.pool = &pool;
    pass.training = training;
    pass.seed = 7;
    pass.counter = 3;
  }
  long in_size() const { return batch * layer->input_shape().size(); }
  long out_size() const { return batch * layer->output_shape().size(); }
  void bind() {
    std::vector<T*> g;
    for (auto& v : grads) g.push_back(v.data());
    layer->bind(theta.data(), g);
  }
  std::vector<T> forward(const std::vector<T>& x) {
    bind();
    std::vector<T> y(static_cast<std::size_t>(out_size()));
    layer->forward(x.data(), y.data(), batch, pass);
    return y;
  }
  // Σ r ⊙ y, the scalar whose gradient backward() computes for δy = r.
  double project(const std::vector<T>& x, const std::vector<T>& r) {
    auto y = forward(x);
    double s = 0;
    for (std::size_t i = 0; i < y.size(); ++i) s += static_cast<double>(y[i] * r[i]);
    return s;
  }
  // Returns ∂(Σ r ⊙ y)/∂x and puts ∂/∂θ (summed over threads) in dtheta.
  std::vector<T> backward(const std::vector<T>& x, const std::vector<T>& r, std::vector<T>& dtheta) {
    for (auto& g : grads) std::fill(g.begin(), g.end(), T(0));
    auto y = forward(x);
    std::vector<T> dy = r, dx(static_cast<std::size_t>(in_size()));
    layer->backward(x.data(), y.data(), dy.data(), dx.data(), batch, pass);
    dtheta.assign(theta.size(), T(0));
    for (auto& g : grads)
      for (std::size_t i = 0; i < g.size(); ++i) dtheta[i] += g[i];
    return dx;
  }
};

}  // namespace nn_test
