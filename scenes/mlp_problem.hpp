// scenes/mlp_problem.hpp — a small network's training loss as an optimizer's objective.
//
//   f(θ) = mean over step k's batch of ℓ(MLP_θ(x), y) + λ·Σ_layers ‖W‖²
//
// The network is nn's Sequential<double>: inputs (x1, x2, then the extra
// features in order), hidden Dense layers of one activation, and an output
// Dense layer — softmax fused with cross-entropy for classes, linear with the
// mean squared error (Keras' mean over the batch) for regression. Two
// classes may instead have one output, σ(z) = P(class 1), with binary
// cross-entropy taken exactly from the logit z: softplus(z) − y·z
// (MlpSpec::binary_output, PyTorch's BCEWithLogitsLoss). Without
// MlpSpec::bias, no layer has a bias: θ is the kernels alone. L2 (λ =
// MlpSpec::l2) applies to every Dense kernel W, hidden and output, and to no
// bias: Keras' kernel_regularizer=l2(λ), which adds λ·‖W‖² (not λ/2).
//
// Initial weights: Glorot uniform kernels (Keras' default), zero biases,
// drawn from init_seed and rounded to float32, so that the float32 .h5
// written for them (nn/model_io) holds them exactly.
//
// Batches: "step k uses batch k". Full batch (batch_size 0) uses the whole
// training set at every step. Otherwise the training indices are shuffled
// once per epoch from (batch_seed, epoch), and step k ≥ 1 takes the
// ((k − 1) mod m)-th slice of B of that epoch's order, m = ⌈n/B⌉ (the last
// slice may be shorter). Every evaluation until the next set_step() — all of
// a line search's probes — uses that batch, so every optimizer sees the same
// batch at step k, and any step's batch can be recomputed without history.
// One order serves every batch size: the epoch's shuffle depends on the seed
// and the epoch only, so a caller may ask for step k at another size B (one
// runner at batch 8 racing another at full batch) and every caller asking
// for the same (k, B) gets the same batch.
//
// Passes allocate nothing after construction.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nn/activation.hpp"
#include "nn/sequential.hpp"
#include "optim/objective.hpp"
#include "scenes/network_datasets.hpp"

namespace scenes {

// The extra inputs, as TensorFlow Playground offers them.
enum class Feature { X1Squared, X2Squared, X1X2, SinX1, SinX2 };
std::string feature_name(Feature f);                 // "x2", "y2", "xy", "sinx", "siny"
Feature feature_from_name(const std::string& name);  // throws std::invalid_argument

inline constexpr int kMaxHiddenLayers = 6;
inline constexpr int kMaxHiddenUnits = 32;

struct MlpSpec {
  std::vector<int> hidden = {8, 8};    // units per hidden layer: ≤ 6 layers of 1…32
  nn::Act activation = nn::Act::Tanh;  // Linear, Relu, LeakyRelu (α = 0.3), Sigmoid, Tanh
  std::vector<Feature> features = {};  // extra inputs after x1 (and x2)
  double l2 = 0;                       // λ on every kernel
  bool bias = true;                    // false: no Dense layer has a bias
  bool binary_output = false;          // two classes: one logit, binary cross-entropy
  long batch_size = 0;                 // 0: full batch
  std::uint64_t init_seed = 1;
  std::uint64_t batch_seed = 1;
};

// The Sequential for `inputs` → spec.hidden → `outputs` (softmax when
// classes, linear otherwise: logits when spec.binary_output), weights not
// yet set. float for the .h5 writer.
template <class T>
std::unique_ptr<nn::Sequential<T>> build_mlp(int inputs, int outputs, bool classes, const MlpSpec& spec);

class MlpProblem : public optim::Objective<double> {
 public:
  // Throws std::invalid_argument naming what does not fit (sizes, a feature of
  // x2 on a 1-D set, an activation that is not offered, a binary output for
  // other than two classes).
  MlpProblem(const NetworkDataset& data, const MlpSpec& spec);

  const NetworkDataset& data() const { return data_; }
  const MlpSpec& spec() const { return spec_; }
  int inputs() const { return inputs_; }    // after the extra features
  int outputs() const { return outputs_; }  // classes, or 1 (regression, binary output)
  long parameter_count() const { return initial_.size(); }
  const optim::Vec<double>& initial_weights() const { return initial_; }
  std::vector<optim::Segment> layout() const { return model_->layout(); }
  nn::Sequential<double>& model() { return *model_; }
  // The training set as the network sees it: (n, inputs()) row-major, extra features included.
  const nn::AlignedBuffer<double>& training_inputs() const { return train_x_; }

  // ---- batches (batch_size 0: full batch; without one, the spec's)
  void set_step(long k) { set_step(k, spec_.batch_size); }  // k ≥ 1; gathers step k's batch
  // Throws std::invalid_argument for k < 1 or batch_size < 0.
  void set_step(long k, long batch_size);
  long step() const { return step_; }
  long batch_size() const { return batch_size_; }  // the current step's
  long batch_count_per_epoch() const { return batch_count_per_epoch(spec_.batch_size); }
  long batch_count_per_epoch(long batch_size) const;
  // Training-set indices of step k's batch, in the order the batch holds them.
  std::vector<long> batch_indices(long k) const { return batch_indices(k, spec_.batch_size); }
  std::vector<long> batch_indices(long k, long batch_size) const;

  // f and ∇f on the current step's batch.
  double value_and_gradient(const optim::Vec<double>& theta, optim::Vec<double>& g) override;

  // ---- measures at θ, over whole sets (L2 included in the losses)
  double training_loss(const optim::Vec<double>& theta);
  double test_loss(const optim::Vec<double>& theta);       // NaN without test points
  double train_accuracy(const optim::Vec<double>& theta);  // NaN for regression
  double test_accuracy(const optim::Vec<double>& theta);   // NaN for regression or no test points
  struct Measures {
    double train_loss = 0, train_accuracy = 0, test_loss = 0, test_accuracy = 0;
  };
  // The four above with one forward pass over each set.
  Measures measure(const optim::Vec<double>& theta);
  // ‖g‖ over each Dense layer's kernel and bias, input layer first.
  std::vector<double> layer_gradient_norms(const optim::Vec<double>& g) const;

  // The network's input rows for n raw points (n, data().inputs), row-major:
  // x1 (and x2), then the extra features in order, as training sees them.
  void network_inputs(const std::vector<double>& points, long n, nn::AlignedBuffer<double>& x) const {
    expand(points, n, x);
  }

 private:
  void expand(const std::vector<double>& points, long n, nn::AlignedBuffer<double>& x) const;
  void targets(const std::vector<double>& labels, nn::AlignedBuffer<double>& t) const;
  void order_of_epoch(long epoch, std::vector<long>& order) const;
  // The share of rows whose largest output is the label's (argmax of logits = of softmax);
  // with one binary output, whose z > 0 (logits) or σ(z) > 0.5 says class 1.
  double share_right(const double* outputs, const std::vector<double>& labels, bool logits) const;

  NetworkDataset data_;
  MlpSpec spec_;
  int inputs_ = 0, outputs_ = 0;
  std::unique_ptr<nn::Sequential<double>> model_;
  optim::Vec<double> initial_;
  // Aligned, so that a problem rebuilt elsewhere in memory sums in the same order.
  nn::AlignedBuffer<double> train_x_, train_t_, test_x_, test_t_;  // network inputs and targets
  // The current batch: gathered rows, or the whole training set when full.
  long step_ = 1;
  long batch_size_ = 0;
  long epoch_ = -1;
  std::vector<long> order_;
  nn::AlignedBuffer<double> batch_x_, batch_t_;
  long batch_rows_ = 0;
};

}  // namespace scenes
