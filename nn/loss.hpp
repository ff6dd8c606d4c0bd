// nn/loss.hpp — losses over a batch, with their gradients.
//
//   Legend: B batch, K outputs per sample, y (B, K) predictions, t (B, K) targets
//   (for sparse_categorical_crossentropy, t (B) class indices held as T).
//   Each loss is the batch mean of a per-sample loss ℓ (Keras'
//   "sum over batch size"); element-wise ones average over K first.
//
//   categorical_crossentropy  ℓ = −Σ_k t_k·log p_k
//       fused with softmax: from logits z, log p = z − logsumexp(z) (stable),
//       and ∂ℓ/∂z = p·Σt − t  (= p − t for one-hot t)
//   sparse_categorical_crossentropy  the same with t the one-hot vector of
//       the class index c: ℓ = −log p_c; from logits ∂ℓ/∂z = p − onehot(c)
//   binary_crossentropy       ℓ = −mean_k [t·log p + (1 − t)·log(1 − p)]
//       from logits z (p = σ(z)): ℓ = mean_k [softplus(z) − t·z], exact and
//       unclipped, as Keras' from_logits and PyTorch's BCEWithLogitsLoss;
//       ∂ℓ/∂z = (σ(z) − t)/K
//   kl_divergence             ℓ = Σ_k t·log(t/p)
//   mean_squared_error        ℓ = mean_k (y − t)²
//   mean_absolute_error       ℓ = mean_k |y − t|
//   huber (δ = 1)             ℓ = mean_k [½e² if |e| ≤ δ else δ(|e| − ½δ)],  e = y − t
// Probabilities are clipped to [1e−7, 1 − 1e−7] as Keras does (not logits).
#pragma once

#include <string>

namespace nn {

enum class LossKind {
  CategoricalCrossentropy,
  SparseCategoricalCrossentropy,
  BinaryCrossentropy,
  KLDivergence,
  MeanSquaredError,
  MeanAbsoluteError,
  Huber
};

std::string loss_name(LossKind k);  // Keras' names: "categorical_crossentropy", …
LossKind loss_from_name(const std::string& name);
// Whether the loss compares probabilities with a class (categorical and
// sparse categorical cross-entropy): these take logits with from_logits.
bool is_crossentropy(LossKind k);
// Whether from_logits applies: the two above and binary cross-entropy.
bool takes_logits(LossKind k);
// Targets per sample: 1 (a class index) for sparse_categorical_crossentropy,
// else the number of outputs k.
long target_width(LossKind kind, long k);

// Returns the batch-mean loss; writes ∂L/∂y (already divided by B) into dy
// unless dy is nullptr. With from_logits (takes_logits losses only) y holds
// logits z and dy is ∂L/∂z. A class index outside [0, k) throws
// std::invalid_argument.
template <class T>
T loss_value_and_gradient(LossKind kind, const T* y, const T* t, T* dy, long batch, long k, bool from_logits);

}  // namespace nn
