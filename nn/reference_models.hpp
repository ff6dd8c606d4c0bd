// nn/reference_models.hpp — the course's two reference networks, built fresh.
//
//   cnn: the classic Keras MNIST convnet
//        Conv2D(32, 3×3, relu) → MaxPool 2×2 → Conv2D(64, 3×3, relu) → MaxPool 2×2
//        → Flatten → Dropout(0.5) → Dense(classes, softmax)
//   mlp: Flatten → Dense(128, relu) → Dense(classes, softmax)
//
// Weights are left uninitialized: call initialize(seed).
#pragma once

#include <memory>
#include <string>

#include "nn/sequential.hpp"

namespace nn {

std::unique_ptr<Sequential<float>> reference_cnn(const Shape& input, int classes);
std::unique_ptr<Sequential<float>> reference_mlp(const Shape& input, int classes);

// "cnn" or "mlp"; nullptr for any other name.
std::unique_ptr<Sequential<float>> reference_model(const std::string& name, const Shape& input, int classes);

}  // namespace nn
