// nn/sequential.hpp — a stack of layers with one flat parameter vector.
//
//   θ = [layer₁'s tensors | layer₂'s tensors | …]   (one allocation, llm.c style)
//   forward:  a₀ = x,  a_l = layer_l(a_{l−1})
//   backward: δa_L = ∂L/∂a_L,  δa_{l−1} = layer_lᵀ(δa_l),  ∂L/∂θ summed over threads
//
// Passes take θ as a pointer, so the optimizer may evaluate the network at a
// point of its choosing without copying or disturbing params(). Buffers are
// sized by reserve(B); after that, passes with batch ≤ B allocate nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nn/aligned_buffer.hpp"
#include "nn/layer.hpp"
#include "nn/loss.hpp"
#include "optim/objective.hpp"

namespace nn {

// 1234567 → "1,234,567", as Keras' summary() prints parameter counts.
std::string with_commas(long n);
// Throws std::invalid_argument unless `s` is within nn/limits.hpp's bounds
// for a model's input (every Sequential's constructor checks its own).
void check_input_shape(const Shape& s);

template <class T>
class Sequential {
 public:
  explicit Sequential(Shape input, std::string name = "sequential");
  Sequential(const Sequential&) = delete;
  Sequential& operator=(const Sequential&) = delete;

  // Adds a layer; it gets a Keras-style default name ("conv2d_1") when unnamed.
  // Throws std::invalid_argument when it does not fit the previous output.
  // Fusions are decided here: relu into max pooling's backward (Conv2D(relu)
  // → MaxPooling2D: the convolution skips its pass over δ, the pooling
  // applies [y > 0] in its own), and softmax into the loss (set_loss).
  Layer<T>& add(std::unique_ptr<Layer<T>> layer);

  const std::string& name() const { return name_; }
  const Shape& input_shape() const { return input_; }
  const Shape& output_shape() const;
  std::size_t size() const { return layers_.size(); }
  // Whether layer i's relu derivative is applied by max pooling after it:
  // the fusion is decided once, where the pair is built (add).
  bool relu_grad_by_next(std::size_t i) const { return relu_grad_by_next_[i]; }
  Layer<T>& layer(std::size_t i) { return *layers_[i]; }
  const Layer<T>& layer(std::size_t i) const { return *layers_[i]; }
  long offset(std::size_t i) const { return offsets_[i]; }  // layer i's start in θ

  // θ and its split into tensors (for optim's gradient centralization).
  optim::Vec<T>& params() { return theta_; }
  const optim::Vec<T>& params() const { return theta_; }
  std::vector<optim::Segment> layout() const;
  long non_trainable_count() const;

  // Fresh weights from the layers' initializers, seeded.
  void initialize(std::uint64_t seed);

  // Keras' model.summary() table.
  std::string summary() const;

  // ---- passes
  void set_threads(int threads);
  int threads() const { return pool_->size(); }
  void reserve(long batch);
  // The seed of dropout masks and the count of training passes so far.
  void set_seed(std::uint64_t seed) { seed_ = seed; }
  std::uint64_t seed() const { return seed_; }
  std::uint64_t pass_counter() const { return counter_; }
  void set_pass_counter(std::uint64_t c) { counter_ = c; }

  // Fuses softmax into categorical cross-entropy (sparse or not) when the
  // last layer's activation is softmax; other losses use the outputs as they
  // are. With from_logits (Keras' option of the cross-entropies, binary
  // included) the outputs are logits: the loss applies the softmax (the
  // sigmoid, for binary cross-entropy), and nothing is fused.
  void set_loss(LossKind loss, bool from_logits = false);
  LossKind loss() const { return loss_; }
  bool from_logits() const { return from_logits_; }
  bool fused_softmax() const { return fused_; }
  // Targets per sample that train_batch and eval_batch read (loss.hpp).
  long target_width() const { return nn::target_width(loss_, output_shape().size()); }

  // Outputs for x (B, input) at θ, inference mode, probabilities (softmax
  // applied even when fused, and to the logits of a from_logits loss; the
  // sigmoid to those of binary cross-entropy). Returns a pointer to (B, output), valid until
  // the next pass.
  const T* predict(const T* theta, const T* x, long batch);

  // Training pass at θ: forward (training mode), loss against targets t
  // (B, target_width()), backward. Writes ∂L/∂θ into grad (θ's size) and returns L,
  // kernel penalties included. outputs() then holds the last outputs
  // (logits when fused).
  T train_batch(const T* theta, const T* x, const T* t, long batch, T* grad);
  // Loss at θ in inference mode, without gradient (validation).
  T eval_batch(const T* theta, const T* x, const T* t, long batch);
  const T* outputs() const { return acts_.back().data(); }
  // Layer i's outputs (B, layer(i).output_shape()) from the last forward
  // pass, valid until the next one: the lab draws a small network's hidden
  // activations as per-neuron maps and a CNN's conv layers as feature maps.
  const T* layer_output(std::size_t i) const { return acts_[i].data(); }

  // Wall time of each layer's forward and backward pass in train_batch,
  // added up per layer while a LayerTimes is attached (nullptr detaches).
  // `descent bench train --layers` reads it.
  struct LayerTimes {
    std::vector<double> forward, backward;  // seconds, per layer
    long passes = 0;
  };
  void time_layers(LayerTimes* times) { times_ = times; }

 private:
  void bind(const T* theta, T* grad);
  const T* run_forward(const T* x, long batch, bool training);
  T penalty(const T* theta, T* grad) const;

  std::string name_;
  Shape input_;
  std::vector<std::unique_ptr<Layer<T>>> layers_;
  std::vector<long> offsets_;
  // relu_grad_by_next_[i]: layer i's relu' is applied by layer i + 1's
  // backward (Conv2D(relu) → MaxPooling2D), decided when i + 1 was added.
  std::vector<bool> relu_grad_by_next_;
  // The tensors with a penalty λ₁·‖w‖₁ + λ₂·‖w‖² (ParamInfo's l1, l2), in θ.
  struct Penalty {
    long offset = 0, size = 0;
    double l1 = 0, l2 = 0;
  };
  std::vector<Penalty> penalties_;
  optim::Vec<T> theta_;
  std::unique_ptr<ThreadPool> pool_;
  long reserved_ = 0;
  std::vector<AlignedBuffer<T>> acts_, deltas_;  // per layer output
  std::vector<AlignedBuffer<T>> thread_grads_;   // threads 1…: θ-sized partial gradients
  std::vector<T*> bind_grads_;                   // bind()'s scratch list of gradient slices
  AlignedBuffer<T> out_probs_;
  LossKind loss_ = LossKind::CategoricalCrossentropy;
  bool fused_ = false;
  bool from_logits_ = false;
  LayerTimes* times_ = nullptr;
  std::uint64_t seed_ = 0;
  std::uint64_t counter_ = 0;
};

// A Keras-style name for a layer class: "Conv2D" → "conv2d", "MaxPooling2D" → "max_pooling2d".
std::string snake_name(const std::string& class_name);

extern template class Sequential<float>;
extern template class Sequential<double>;

}  // namespace nn
