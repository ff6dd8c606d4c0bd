// nn/activation.hpp — element-wise and row-wise activations, applied in place.
//
// Every derivative is written in terms of the output y = σ(z), so a layer
// keeps only y (the course's δ rules):
//   relu       y = max(0, z)            ∂y/∂z = [y > 0]
//   leaky_relu y = z or α·z             ∂y/∂z = 1 or α            (α = 0.3, Keras)
//   sigmoid    y = 1/(1 + e^−z)          ∂y/∂z = y·(1 − y)
//   tanh       y = tanh z                ∂y/∂z = 1 − y²
//   softmax    y_k = e^{z_k}/Σ_j e^{z_j} (per row)  δz = y ⊙ (δy − ⟨δy, y⟩)
#pragma once

#include <string>

namespace nn {

enum class Act { Linear, Relu, LeakyRelu, Sigmoid, Tanh, Softmax };

// Keras' names: "linear", "relu", "leaky_relu", "sigmoid", "tanh", "softmax".
std::string act_name(Act a);
Act act_from_name(const std::string& name);  // throws std::invalid_argument

// y ← σ(y) over `rows` rows of `cols` (softmax normalizes each row).
template <class T>
void activate(Act a, T* y, long rows, long cols, T alpha = T(0.3));

// y ← σ(y + b) row by row, b of length `cols` (nullptr: no bias). One pass
// over y for linear and relu, the common cases after a GEMM.
template <class T>
void add_bias_activate(Act a, T* y, const T* b, long rows, long cols, T alpha = T(0.3));

// dy ← ∂L/∂z given dy = ∂L/∂y and the outputs y.
template <class T>
void activate_backward(Act a, const T* y, T* dy, long rows, long cols, T alpha = T(0.3));

}  // namespace nn
