// nn/layer.hpp — what every layer is: a forward/backward pair over a batch.
//
// A layer maps x (B, input) to y (B, output), both NHWC (nn/shape.hpp).
// Its trainable parameters are not its own: they are a slice of the model's
// one flat θ (llm.c's lesson), bound afresh for every pass, so an optimizer
// may evaluate the network at any point (Nesterov's look-ahead) without
// copying. The layer declares its tensors in param_info(), output-major
// (Dense (F, C), Conv2D (F, kh, kw, C)), so optim's gradient centralization
// sees one row per output unit.
//
// Contracts:
//   forward(x, y, B)              requires bind() and reserve(≥ B); writes y.
//   backward(x, y, dy, dx, B)     requires the forward of the same x just before.
//                                 Adds ∂L/∂θ into the bound per-thread gradient
//                                 slices, writes ∂L/∂x into dx (skipped when dx
//                                 is nullptr), and may overwrite dy.
//   reserve(B, threads)           the only place a layer allocates.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "nn/init.hpp"
#include "nn/shape.hpp"
#include "nn/thread_pool.hpp"

namespace nn {

// One trainable tensor inside a layer's θ slice.
struct ParamInfo {
  std::string name;               // Keras' name: "kernel", "bias", "gamma", "beta"
  long rows = 1;                  // output units (1 for a vector)
  long cols = 1;                  // entries per unit (fan_in for a kernel)
  std::vector<long> keras_shape;  // as Keras stores it: Dense (C, F), Conv2D (kh, kw, C, F)
  bool transposed = false;        // keras_shape is the transpose of (rows, cols)
  Init init = Init::Zeros;
  long fan_in = 1, fan_out = 1;
  long size() const { return rows * cols; }
};

// What a pass needs besides the data.
struct Pass {
  ThreadPool* pool = nullptr;
  bool training = false;
  std::uint64_t seed = 0;     // dropout masks: a hash of (seed, layer, element)
  std::uint64_t counter = 0;  // training passes so far (advances every training forward)
};

template <class T>
class Layer {
 public:
  virtual ~Layer() = default;

  virtual std::string class_name() const = 0;  // Keras' class name: "Conv2D"
  const std::string& name() const { return name_; }
  void set_name(std::string name) { name_ = std::move(name); }

  // Fixes the input shape and returns the output shape.
  Shape build(const Shape& input) {
    input_ = input;
    output_ = infer(input);
    return output_;
  }
  const Shape& input_shape() const { return input_; }
  const Shape& output_shape() const { return output_; }

  virtual std::vector<ParamInfo> param_info() const { return {}; }
  long param_count() const {
    long n = 0;
    for (const auto& p : param_info()) n += p.size();
    return n;
  }
  // Non-trainable state kept by the layer (BatchNormalization's moving averages).
  virtual std::vector<std::pair<std::string, std::vector<T>*>> state() { return {}; }

  // θ slice and one gradient slice per thread, valid for the next passes.
  void bind(const T* theta, const std::vector<T*>& grads) {
    theta_ = theta;
    grads_.assign(grads.begin(), grads.end());  // keeps its capacity: no allocation per pass
  }
  virtual void reserve(long /*batch*/, int /*threads*/) {}

  virtual void forward(const T* x, T* y, long batch, const Pass& pass) = 0;
  virtual void backward(const T* x, const T* y, T* dy, T* dx, long batch, const Pass& pass) = 0;

 protected:
  virtual Shape infer(const Shape& input) = 0;

  const T* theta_ = nullptr;
  std::vector<T*> grads_;
  Shape input_, output_;

 private:
  std::string name_;
};

}  // namespace nn
