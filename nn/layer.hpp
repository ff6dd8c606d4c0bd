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
//
// Each layer class owns its Keras config, as Keras' layers do: get_config()
// writes the fields its class adds to Keras' common ones (name, trainable,
// dtype), and a static from_config(const KerasConfig&) reads them back and
// validates them (nn/keras_config.hpp). nn/layer_registry.hpp holds one row
// per Keras class name.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <utility>
#include <vector>

#include "nn/init.hpp"
#include "nn/shape.hpp"
#include "nn/thread_pool.hpp"

namespace nn {

class KerasConfig;

// One trainable tensor inside a layer's θ slice.
struct ParamInfo {
  std::string name;               // Keras' name: "kernel", "bias", "gamma", "beta"
  long rows = 1;                  // output units (1 for a vector)
  long cols = 1;                  // entries per unit (fan_in for a kernel)
  std::vector<long> keras_shape;  // as Keras stores it: Dense (C, F), Conv2D (kh, kw, C, F)
  bool transposed = false;        // keras_shape is the transpose of (rows, cols)
  Init init = Init::Zeros;
  long fan_in = 1, fan_out = 1;
  // The tensor's penalty λ₁·‖w‖₁ + λ₂·‖w‖², added to the loss (Keras' regularizer
  // of the weight: kernel_regularizer=L1L2(l1, l2)).
  double l1 = 0, l2 = 0;
  long size() const { return rows * cols; }
  // The tensor in θ's (rows, cols) order from Keras' row-major keras_shape
  // order: weights and the optimizer's per-weight buffers alike.
  template <class T, class U>
  void from_keras(const U* keras, T* theta) const {
    for (long r = 0; r < rows; ++r)
      for (long c = 0; c < cols; ++c)
        theta[r * cols + c] = static_cast<T>(keras[transposed ? c * rows + r : r * cols + c]);
  }
};

// What a pass needs besides the data.
struct Pass {
  ThreadPool* pool = nullptr;
  bool training = false;
  std::uint64_t seed = 0;     // dropout masks: a hash of (seed, layer, element)
  std::uint64_t counter = 0;  // training passes so far (advances every training forward)
  // Relu fused into max pooling's backward (nn/sequential.hpp), set per layer:
  bool relu_grad_by_next = false;   // this layer's relu' is applied by the next layer: skip it
  bool relu_grad_of_input = false;  // apply the previous layer's relu': δx = [y > 0]·…
};

template <class T>
class Layer {
 public:
  virtual ~Layer() = default;

  virtual std::string class_name() const = 0;  // Keras' class name: "Conv2D"
  const std::string& name() const { return name_; }
  void set_name(std::string name) { name_ = std::move(name); }

  // Fixes the input shape and the layer's position in its model (0 when it
  // runs alone), and returns the output shape.
  Shape build(const Shape& input, std::size_t index = 0) {
    input_ = input;
    index_ = index;
    output_ = infer(input);
    return output_;
  }
  const Shape& input_shape() const { return input_; }
  const Shape& output_shape() const { return output_; }
  std::size_t index() const { return index_; }

  // Keras' config fields of this layer's class ({"units": 10, "activation": …}).
  virtual nlohmann::json get_config() const = 0;

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

  // Fusions that Sequential decides where it builds the pair of layers:
  // softmax into categorical cross-entropy. Asked with on = true, a layer
  // whose σ is softmax outputs its logits z instead (the loss applies
  // softmax) and returns true; any other layer returns false.
  virtual bool output_logits(bool /*on*/) { return false; }
  // Relu into max pooling: a layer whose σ is relu can leave relu' to the
  // next layer (Pass::relu_grad_by_next), and max pooling can apply it for
  // free in its own backward (Pass::relu_grad_of_input).
  virtual bool relu_grad_deferrable() const { return false; }
  virtual bool applies_input_relu_grad() const { return false; }

  virtual void forward(const T* x, T* y, long batch, const Pass& pass) = 0;
  virtual void backward(const T* x, const T* y, T* dy, T* dx, long batch, const Pass& pass) = 0;

 protected:
  virtual Shape infer(const Shape& input) = 0;

  const T* theta_ = nullptr;
  std::vector<T*> grads_;
  Shape input_, output_;
  std::size_t index_ = 0;

 private:
  std::string name_;
};

}  // namespace nn
