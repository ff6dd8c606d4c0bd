#include "nn/keras_training_config.hpp"

#include <stdexcept>

#include "optim/registry.hpp"

namespace nn {

using json = nlohmann::json;

TrainingConfig read_training_config(const json& training) {
  TrainingConfig out;
  if (!training.is_object()) {
    out.notes.push_back("training_config is not an object");
    return out;
  }
  const auto loss = training.find("loss");
  if (loss == training.end() || !loss->is_string()) {
    out.notes.push_back("the loss is not one descent knows by name");
  } else {
    try {
      out.loss = loss_from_name(loss->get<std::string>());
    } catch (const std::invalid_argument& e) {
      out.notes.push_back(std::string("loss: ") + e.what());
    }
  }
  // Looked up with find(): json's const operator[] on a missing key is undefined.
  const auto oc = training.find("optimizer_config");
  if (oc == training.end() || !oc->is_object() || !oc->contains("class_name") || !(*oc)["class_name"].is_string()) {
    out.notes.push_back("optimizer_config must be {\"class_name\": …, \"config\": {…}}");
    return out;
  }
  try {
    out.optimizer = optim::make_optimizer<float>((*oc)["class_name"].get<std::string>());
    const auto hyper = oc->find("config");
    if (hyper != oc->end() && hyper->is_object())
      for (const auto& [k, v] : hyper->items())
        if (out.optimizer->has(k) && v.is_number()) out.optimizer->set(k, v.get<double>());
  } catch (const std::invalid_argument& e) {
    out.optimizer.reset();
    out.notes.push_back(std::string("optimizer: ") + e.what());
  }
  return out;
}

}  // namespace nn
