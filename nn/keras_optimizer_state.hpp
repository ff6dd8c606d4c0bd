// nn/keras_optimizer_state.hpp — the optimizer state a Keras .h5 file holds
// (/optimizer_weights) as descent's, so that training continues from it.
//
// Keras writes one tensor per weight and slot, in the weight's shape; descent
// keeps one buffer per slot, flat over θ. Each tensor goes to its weight's
// slice of θ in θ's order, as the weights themselves do. The layouts:
//   Keras 3         adam/iteration, adam/<model>_<layer>_<weight>_momentum, …_velocity
//   tf.keras 2.11+  iteration:0, Adam/m/<layer>/<weight>:0, Adam/v/…
//   tf.keras ≤ 2.10 Adam/iter:0, Adam/<layer>/<weight>/m:0, …/v:0
//   keras 2.0–2.3   Adam/iterations:0, training/Adam/Variable_N:0: the slots
//                   one after another (all m, then all v, then v̂), each in
//                   the order of the model's trainable weights
// Slots by optimizer (Keras 3 / tf.keras names → descent's buffer):
//   Adam, AdamW  momentum|m → m, velocity|v → s, velocity_hat|vhat → s_max
//   SGD          momentum|m → b = −m/ε (Keras keeps ε·b, negated)
//   RMSprop      velocity|rms → s, average_gradient|mg → g_avg, momentum → b = m/ε
//   Adagrad      accumulator → s
//   Adadelta     accumulated_grad|accum_grad → s, accumulated_delta_var|accum_var → u
// The step count t is Keras' iteration(s). Adamax and Nadam state is not read
// (training starts fresh and says so).
#pragma once

#include <string>

#include "nn/h5.hpp"
#include "nn/keras_training_config.hpp"
#include "nn/sequential.hpp"
#include "optim/optimizer.hpp"

namespace nn {

// Loads the state under `group` into `optimizer` (made from `config`, with
// its hyperparameters set). Returns one line saying what was imported.
// Throws std::invalid_argument saying why the state cannot be used (a slot
// missing, a shape that does not fit); the optimizer is then unchanged.
std::string import_keras_optimizer_state(const h5::File& f, hid_t group, Sequential<float>& model,
                                         const TrainingConfig& config, optim::Optimizer<float>& optimizer);

}  // namespace nn
