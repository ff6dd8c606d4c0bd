// nn/keras_training_config.hpp — Keras' training_config as descent's loss and
// optimizer, in every spelling Keras 2.1 to 3 writes.
//
// Losses: "categorical_crossentropy", "sparse_categorical_crossentropy",
// "mse", … ; class names ("SparseCategoricalCrossentropy"); serialized
// objects {"class_name": …, "config": {"from_logits": true, …}} with Keras 3's
// "module" and "registered_name".
// Optimizers: "Adam", "Custom>Adam" (tf.keras 2.11+), "keras.optimizers.Adam",
// "adam", with Keras 2.1's "lr"/"decay" or later "learning_rate": Adam,
// AdamW, SGD, RMSprop, Adagrad, Adadelta, Adamax and Nadam become optim/'s
// methods with their hyperparameters converted to keep Keras' update rule:
//   Adam, AdamW  ε is Keras' ε̂, added to √v before bias correction → eps_hat
//   RMSprop      ρ → alpha; ε inside √ (Keras 3, tf.keras 2.11+ and tf.keras'
//                momentum kernels) or outside it (older rules) → eps_inside_sqrt;
//                Keras' momentum buffer holds ε·b (the same steps at a fixed rate)
//   Adagrad      ε inside √ (Keras 3, tf.keras 2.11+) or outside (older);
//                initial_accumulator_value as written (0 before tf.keras)
//   Adadelta     the same rule as PyTorch's: lr, ρ, ε as they are
//   Nadam        μₜ = β₁·(1 − ½·0.96^(t·ψ)): ψ = 1 in Keras 3 and tf.keras
//                2.11+, the schedule_decay (0.004) before → momentum_decay
//   SGD          Keras' m = −ε·b of PyTorch's b: the same steps at a fixed rate
//   Adamax       Keras adds ε after the max, PyTorch inside it (noted)
// What descent cannot honour is said in `notes` (training uses something
// else) or `refusal` (training cannot continue); loading, evaluating and
// predicting never depend on either.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <utility>
#include <vector>

#include "nn/loss.hpp"

namespace nn {

// Which of Keras' update rules wrote the file: they place ε differently.
enum class KerasRules {
  Standalone,   // keras 2.0–2.3 (the "lr" spelling)
  OptimizerV2,  // tf.keras up to 2.10 ("2.2.4-tf", "2.3.0-tf", "2.4" … "2.10", or is_legacy_optimizer)
  Keras3        // Keras 3, and tf.keras 2.11+'s optimizers, which Keras 3 continues
};

struct TrainingConfig {
  LossKind loss = LossKind::CategoricalCrossentropy;
  bool from_logits = false;
  KerasRules rules = KerasRules::Keras3;
  std::string keras_optimizer;                        // Keras' class, bare: "Adam" ("" when there is none)
  std::string optimizer;                              // optim/'s name: "adam" ("" when training cannot continue)
  std::vector<std::pair<std::string, double>> hyper;  // optim/'s names, Keras' values converted
  std::vector<std::string> notes;                     // what training uses instead of what Keras did
  std::string refusal;                                // why training cannot continue, or empty
};

// `keras_version` is the file's attribute ("2.2.4", "2.2.4-tf", "3.5.0"; ""
// when absent). Never throws on content: what it cannot read becomes a
// refusal, and the loss stays categorical_crossentropy.
TrainingConfig read_training_config(const nlohmann::json& training_config, const std::string& keras_version = "");
// What descent writes for Keras' loaders (Keras 3's legacy .h5 loader and
// tf.keras 2.x's): the optimizer in Keras' spelling ({"class_name": "Adam",
// "config": {"learning_rate": …, "beta_1": …}}) from optim/'s name and
// hyperparameters, or null for a method Keras does not have. Keras will use
// its own update rule (ε where Keras puts it); descent keeps its exact record
// elsewhere.
nlohmann::json keras_optimizer_config(const std::string& optimizer,
                                      const std::vector<std::pair<std::string, double>>& hyper);
// The loss by name, or as {"class_name": …, "config": {"from_logits": true}}.
nlohmann::json keras_loss_config(LossKind loss, bool from_logits);

// The loss alone (a name or a serialized object) into out.loss, out.from_logits
// and out.notes. Throws std::invalid_argument naming what it cannot read.
void read_keras_loss(const nlohmann::json& loss, TrainingConfig& out);

}  // namespace nn
