// nn/model_io.hpp — saving and loading models, Keras' way.
//
// Whole model (save_model): one HDF5 file in Keras' .h5 layout, so h5py users
// find what they expect:
//   /                     attrs model_config (architecture JSON), training_config
//                         (loss, optimizer and its hyperparameters), keras_version,
//                         backend, descent_state (epoch, history, seed, passes)
//   /model_weights        attr layer_names; one group per layer with attr
//                         weight_names, datasets <layer>/<layer>/kernel:0 … in
//                         Keras' shapes (Dense (C, F), Conv2D (kh, kw, C, F))
//   /optimizer_weights    attr weight_names; <optimizer>/<buffer>:0 datasets
//                         (flat over θ in Descent's own order) and scalars
// Weights alone (save_weights): the /model_weights part only, at the root, as
// Keras' save_weights(…h5) does. Architecture alone: the model_config JSON.
// Every write goes to a temporary file that is renamed into place.
//
// Reading takes what Keras 2.1 to 3.x write too: every model_config spelling
// (nn/architecture.cpp), weights found through each layer group's
// weight_names (Keras 2's "dense/kernel:0", Keras 3's
// "sequential/dense/kernel"), and a training_config descent does not fully
// understand, which leaves the model loadable (LoadedModel::training_notes).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nn/sequential.hpp"
#include "nn/trainer.hpp"
#include "optim/optimizer.hpp"

namespace nn {

// Keras' model_config JSON for a Sequential model.
std::string architecture_json(const Sequential<float>& model);
// A model rebuilt from that JSON (weights freshly initialized by `seed`).
std::unique_ptr<Sequential<float>> model_from_json(const std::string& json, std::uint64_t seed = 0);

void save_architecture(const std::string& path, const Sequential<float>& model);
std::unique_ptr<Sequential<float>> load_architecture(const std::string& path, std::uint64_t seed = 0);

void save_weights(const std::string& path, Sequential<float>& model);
// Requires the same architecture; throws std::runtime_error naming a mismatch.
void load_weights(const std::string& path, Sequential<float>& model);

// Everything needed to predict and to continue training, as of the
// trainer's epoch() and history().
void save_model(const std::string& path, Trainer& trainer);
// The same, recording `epoch` epochs completed with `history` (a checkpoint
// taken at the end of an epoch that the trainer has not yet counted).
void save_model(const std::string& path, Trainer& trainer, int epoch, const std::vector<Logs>& history);

struct LoadedModel {
  std::unique_ptr<Sequential<float>> model;
  std::unique_ptr<optim::Optimizer<float>> optimizer;  // hyperparameters and state restored
  int epoch = 0;                                       // epochs completed
  std::vector<Logs> history;
  FitOptions options;  // batch size, seed, split of the run
  std::vector<std::string> class_names;
  // Why the saved optimizer state was not restored (it does not fit the
  // weights, or is unreadable), or empty. The model can still predict and be
  // evaluated; continuing its training would not be the same run.
  std::string optimizer_state_problem;
  // A Keras file: what training will use instead of what Keras did, and
  // whether its state was imported (nn/keras_training_config.hpp), one line
  // each; and why training cannot continue (empty when it can). Neither
  // stops predicting or evaluating.
  std::vector<std::string> training_notes;
  std::string training_refused;
};
LoadedModel load_model(const std::string& path);

}  // namespace nn
