// nn/keras_training_config.hpp — a model file's training_config: the loss and
// the optimizer it was compiled with.
//
// Reading it never stops a model from loading: what nn/ and optim/ do not
// understand is left unset and said in `notes`, so the model still
// evaluates and predicts; training from it needs both set.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "nn/loss.hpp"
#include "optim/optimizer.hpp"

namespace nn {

struct TrainingConfig {
  std::optional<LossKind> loss;                        // unset: a loss nn/ does not have
  std::unique_ptr<optim::Optimizer<float>> optimizer;  // null: an optimizer optim/ does not have
  std::vector<std::string> notes;                      // one line per thing not understood
};

// {"loss": …, "optimizer_config": {"class_name": …, "config": {…}}, …} as
// descent writes it (optim/'s names and hyperparameters).
TrainingConfig read_training_config(const nlohmann::json& training);

}  // namespace nn
