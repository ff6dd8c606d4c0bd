// nn/keras_optimizer_state.cpp — Keras' optimizer_weights as descent's state (see the header).
#include "nn/keras_optimizer_state.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

namespace nn {

namespace {

// One of descent's buffers and the names Keras gives the same slot.
struct Slot {
  const char* buffer;              // descent's: "m"
  std::vector<std::string> keras;  // Keras 3's name first, then tf.keras': {"momentum", "m"}
  double scale = 1;                // descent's value = scale · Keras'
};

// The slots the configured optimizer keeps, or throws when descent does not read them.
std::vector<Slot> slots_of(const TrainingConfig& config, const optim::Optimizer<float>& opt) {
  const std::string& k = config.keras_optimizer;
  if (k == "Adam" || k == "AdamW") {
    std::vector<Slot> s = {{"m", {"momentum", "m"}}, {"s", {"velocity", "v"}}};
    if (opt.get("amsgrad") != 0) s.push_back({"s_max", {"velocity_hat", "vhat"}});
    return s;
  }
  if (k == "SGD") {
    if (opt.get("momentum") == 0) return {};
    return {{"b", {"momentum", "m"}, -1 / opt.get("lr")}};
  }
  if (k == "RMSprop") {
    std::vector<Slot> s = {{"s", {"velocity", "rms"}}};
    if (opt.get("centered") != 0) s.push_back({"g_avg", {"average_gradient", "mg"}});
    if (opt.get("momentum") != 0) s.push_back({"b", {"momentum"}, 1 / opt.get("lr")});
    return s;
  }
  if (k == "Adagrad") return {{"s", {"accumulator"}}};
  if (k == "Adadelta")
    return {{"s", {"accumulated_grad", "accum_grad"}}, {"u", {"accumulated_delta_var", "accum_var"}}};
  throw std::invalid_argument("reading Keras' " + k + " state is not supported");
}

std::string base_name(const std::string& name) {
  std::string b = name.substr(name.rfind('/') == std::string::npos ? 0 : name.rfind('/') + 1);
  if (b.size() > 2 && b.compare(b.size() - 2, 2, ":0") == 0) b.resize(b.size() - 2);
  return b;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The one name among `names` that is weight `layer`/`weight`'s `slot`, in any
// of the per-weight layouts, or "" when none is.
std::string find_slot(const std::vector<std::string>& names, const std::string& model, const std::string& layer,
                      const std::string& weight, const std::string& slot) {
  const std::string keras3 = "_" + layer + "_" + weight + "_" + slot;  // adam/<model>_<layer>_<weight>_<slot>
  const std::string tf211 = "/" + slot + "/" + layer + "/" + weight + ":0";
  const std::string tf2 = "/" + layer + "/" + weight + "/" + slot + ":0";
  std::string exact, found;
  int count = 0;
  for (const auto& n : names) {
    if (ends_with(n, "/" + model + keras3)) exact = n;
    if (ends_with(n, keras3) || ends_with(n, tf211) || ends_with(n, tf2)) {
      found = n;
      ++count;
    }
  }
  if (!exact.empty()) return exact;
  if (count > 1) throw std::invalid_argument("more than one tensor is " + layer + "/" + weight + "'s " + slot);
  return found;
}

struct Weight {
  std::string layer;
  const ParamInfo* info;
  long offset;  // in θ
};

}  // namespace

std::string import_keras_optimizer_state(const h5::File& f, hid_t group, Sequential<float>& model,
                                         const TrainingConfig& config, optim::Optimizer<float>& optimizer) {
  const std::vector<std::string> names = h5::read_string_list_attr(f, group, "weight_names");
  if (names.empty()) throw std::invalid_argument("optimizer_weights is empty");
  const std::vector<Slot> slots = slots_of(config, optimizer);

  // The model's trainable weights in θ's order, which is Keras' order of them.
  std::vector<std::vector<ParamInfo>> infos(model.size());
  std::vector<Weight> weights;
  for (std::size_t i = 0; i < model.size(); ++i) {
    infos[i] = model.layer(i).param_info();
    long at = model.offset(i);
    for (const auto& info : infos[i]) {
      weights.push_back({model.layer(i).name(), &info, at});
      at += info.size();
    }
  }

  // The step count: Keras 3 iteration, tf.keras iter, keras 2.0–2.3 iterations.
  std::string step_name;
  for (const auto& n : names) {
    const std::string b = base_name(n);
    if (b == "iteration" || b == "iter" || b == "iterations") step_name = n;
  }
  if (step_name.empty()) throw std::invalid_argument("optimizer_weights holds no step count");
  const double steps = h5::read_number(f, group, step_name);
  if (!(steps >= 0 && steps < 1e15 && steps == std::floor(steps)))
    throw std::invalid_argument(step_name + " is not a step count");

  // Per-weight names, or else keras 2.0–2.3's numbered variables: slot after slot.
  std::vector<std::string> numbered;
  for (const auto& n : names)
    if (n.find("/Variable") != std::string::npos) numbered.push_back(n);
  const bool by_number = !numbered.empty();
  if (by_number && numbered.size() < slots.size() * weights.size())
    throw std::invalid_argument("optimizer_weights holds " + std::to_string(numbered.size()) + " tensors for " +
                                std::to_string(weights.size()) + " weights");

  optim::OptimizerState<float> state = optimizer.save_state();
  const long n = model.params().size();
  std::vector<float> keras;
  for (std::size_t s = 0; s < slots.size(); ++s) {
    optim::Vec<float> buffer(n);
    buffer.setZero();
    for (std::size_t w = 0; w < weights.size(); ++w) {
      const Weight& wt = weights[w];
      std::string name;
      if (by_number) {
        name = numbered[s * weights.size() + w];
      } else {
        for (const auto& spelling : slots[s].keras) {
          name = find_slot(names, model.name(), wt.layer, wt.info->name, spelling);
          if (!name.empty()) break;
        }
        if (name.empty())
          throw std::invalid_argument("no " + slots[s].keras.front() + " for " + wt.layer + "/" + wt.info->name);
      }
      if (h5::dataset_shape(f, group, name) != wt.info->keras_shape)
        throw std::invalid_argument(name + " does not have the shape of " + wt.layer + "/" + wt.info->name);
      keras.resize(static_cast<std::size_t>(wt.info->size()));
      h5::read_floats(f, group, name, keras.data(), wt.info->size());
      if (slots[s].scale != 1)
        for (float& v : keras) v = static_cast<float>(slots[s].scale * static_cast<double>(v));
      wt.info->from_keras(keras.data(), buffer.data() + wt.offset);
    }
    bool placed = false;
    for (auto& [bname, b] : state.buffers)
      if (bname == slots[s].buffer) {
        b = std::move(buffer);
        placed = true;
      }
    if (!placed) throw std::invalid_argument(optimizer.name() + " has no buffer " + slots[s].buffer);
  }
  for (auto& [sname, v] : state.scalars)
    if (sname == "t") v = steps;
  optimizer.load_state(state);
  std::string what;
  for (const auto& slot : slots) what += (what.empty() ? "" : ", ") + std::string(slot.buffer);
  return "continues Keras' " + config.keras_optimizer + " from step " + std::to_string(static_cast<long long>(steps)) +
         (what.empty() ? "" : " with its " + what + " for " + std::to_string(weights.size()) + " weights");
}

}  // namespace nn
