// nn/keras_training_config.cpp — Keras' losses and optimizers as descent's (see the header).
#include "nn/keras_training_config.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace nn {

namespace {

using json = nlohmann::json;

// "keras.optimizers.legacy.Adam", "Custom>Adam", "Addons>AdamW" → "Adam".
std::string bare_class(const std::string& name) {
  const std::size_t cut = name.find_last_of(">.");
  return cut == std::string::npos ? name : name.substr(cut + 1);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Keras' loss classes by their function's name.
LossKind loss_by_keras_name(const std::string& spelled) {
  const std::string name = bare_class(spelled);
  static const std::pair<const char*, LossKind> classes[] = {
      {"CategoricalCrossentropy", LossKind::CategoricalCrossentropy},
      {"SparseCategoricalCrossentropy", LossKind::SparseCategoricalCrossentropy},
      {"BinaryCrossentropy", LossKind::BinaryCrossentropy},
      {"KLDivergence", LossKind::KLDivergence},
      {"KLD", LossKind::KLDivergence},
      {"MeanSquaredError", LossKind::MeanSquaredError},
      {"MSE", LossKind::MeanSquaredError},
      {"MeanAbsoluteError", LossKind::MeanAbsoluteError},
      {"MAE", LossKind::MeanAbsoluteError},
      {"Huber", LossKind::Huber}};
  for (const auto& [cls, kind] : classes)
    if (name == cls) return kind;
  return loss_from_name(name);  // snake case, or throws naming the known ones
}

}  // namespace

void read_keras_loss(const json& loss, TrainingConfig& out) {
  if (loss.is_string()) {
    out.loss = loss_by_keras_name(loss.get<std::string>());
    return;
  }
  if (!loss.is_object() || !loss.contains("class_name") || !loss["class_name"].is_string())
    throw std::invalid_argument("the loss is neither a name nor one {\"class_name\": …} object (one loss per output?)");
  const json& config = loss.contains("config") ? loss["config"] : json();
  // Keras 3 writes a plain function as {"class_name": "function", "config": "mse"}.
  if (loss["class_name"] == "function" && config.is_string()) {
    out.loss = loss_by_keras_name(config.get<std::string>());
    return;
  }
  out.loss = loss_by_keras_name(loss["class_name"].get<std::string>());
  if (!config.is_object()) return;
  if (config.contains("from_logits") && config["from_logits"].is_boolean())
    out.from_logits = config["from_logits"].get<bool>();
  if (out.from_logits && !takes_logits(out.loss)) {
    out.from_logits = false;
    throw std::invalid_argument("from_logits with " + loss_name(out.loss) + " is not supported");
  }
  if (config.contains("label_smoothing") && config["label_smoothing"].is_number() &&
      config["label_smoothing"].get<double>() != 0)
    out.notes.push_back("the loss's label_smoothing " + number(config["label_smoothing"].get<double>()) +
                        " is not supported: training uses hard labels");
  if (out.loss == LossKind::Huber && config.contains("delta") && config["delta"].is_number() &&
      config["delta"].get<double>() != 1)
    out.notes.push_back("Huber's delta " + number(config["delta"].get<double>()) +
                        " is not supported: training uses 1");
  if (config.contains("ignore_class") && !config["ignore_class"].is_null())
    out.notes.push_back("the loss's ignore_class is not supported: training counts every class");
}

namespace {

// major·100 + minor of "2.2.4-tf", or -1.
int version_number(const std::string& v) {
  int major = 0, minor = 0;
  if (std::sscanf(v.c_str(), "%d.%d", &major, &minor) != 2) return -1;
  return major * 100 + minor;
}

KerasRules rules_of(const std::string& keras_version, const json& config) {
  if (config.contains("is_legacy_optimizer") && config["is_legacy_optimizer"].is_boolean())
    return config["is_legacy_optimizer"].get<bool>() ? KerasRules::OptimizerV2 : KerasRules::Keras3;
  const int v = version_number(keras_version);
  const bool tf = keras_version.find("-tf") != std::string::npos;
  if (v < 0) return config.contains("lr") ? KerasRules::Standalone : KerasRules::Keras3;
  if (v >= 211) return KerasRules::Keras3;
  if (v >= 204 || tf) return KerasRules::OptimizerV2;
  return KerasRules::Standalone;
}

// Hyperparameters as Keras wrote them: numbers, booleans, a schedule object.
class KerasHyper {
 public:
  KerasHyper(const json& config, TrainingConfig& out) : config_(config), out_(out) {}
  bool has(const char* key) const { return config_.contains(key) && !config_[key].is_null(); }
  double number(const char* key, double fallback) const {
    if (!has(key)) return fallback;
    const json& v = config_[key];
    if (v.is_boolean()) return v.get<bool>() ? 1 : 0;
    if (v.is_number()) return v.get<double>();
    throw std::invalid_argument(std::string("the optimizer's ") + key + " is not a number");
  }
  // learning_rate (lr before Keras 2.3), a number or a schedule's initial rate.
  double learning_rate(double fallback) const {
    const char* key = has("learning_rate") ? "learning_rate" : "lr";
    if (has(key) && config_[key].is_object()) {
      const json& s = config_[key];
      const json c = s.value("config", json::object());
      const std::string name = s.value("class_name", std::string("schedule"));
      if (c.is_object() && c.contains("initial_learning_rate") && c["initial_learning_rate"].is_number()) {
        const double lr = c["initial_learning_rate"].get<double>();
        out_.notes.push_back("the learning-rate schedule " + name +
                             " is not supported: training uses its initial rate " + nn::number(lr));
        return lr;
      }
      throw std::invalid_argument("the learning rate is a schedule (" + name + ") without an initial_learning_rate");
    }
    return number(key, fallback);
  }

 private:
  const json& config_;
  TrainingConfig& out_;
};

void set(TrainingConfig& out, const char* name, double value) {
  out.hyper.emplace_back(name, value);
}

// What Adam, AdamW, Adamax and Nadam share: the rate, β₁, β₂ and ε, by Keras' names.
void set_adam_moments(TrainingConfig& out, const KerasHyper& h, double default_lr, double eps) {
  set(out, "lr", h.learning_rate(default_lr));
  set(out, "beta1", h.number("beta_1", 0.9));
  set(out, "beta2", h.number("beta_2", 0.999));
  set(out, "eps", eps);
}

// The options every Keras optimizer has besides its own.
void read_common(const KerasHyper& h, const std::string& cls, TrainingConfig& out) {
  if (h.number("decay", 0) != 0 && cls != "Nadam")
    out.notes.push_back("Keras' learning-rate decay " + number(h.number("decay", 0)) +
                        " (ε/(1 + decay·t)) is not supported: training uses a constant rate");
  if (h.has("global_clipnorm")) set(out, "max_grad_norm", h.number("global_clipnorm", 0));
  if (h.has("clipnorm")) {
    if (!h.has("global_clipnorm")) set(out, "max_grad_norm", h.number("clipnorm", 0));
    out.notes.push_back("Keras clips each tensor's gradient to norm " + number(h.number("clipnorm", 0)) +
                        "; training clips the whole gradient's norm instead");
  }
  if (h.has("clipvalue"))
    out.notes.push_back("clipvalue " + number(h.number("clipvalue", 0)) +
                        " is not supported: training does not clip values");
  if (h.number("use_ema", 0) != 0)
    out.notes.push_back("use_ema is not supported: training keeps no moving average of the weights");
  if (h.has("loss_scale_factor"))
    out.notes.push_back("loss_scale_factor is not supported: training does not scale the loss");
  if (h.number("gradient_accumulation_steps", 1) > 1)
    out.notes.push_back("gradient_accumulation_steps is not supported: training steps on every batch");
  if (cls != "AdamW" && cls != "Adam" && h.number("weight_decay", 0) != 0)
    out.notes.push_back("Keras' decoupled weight_decay on " + cls + " is not supported: training uses none");
}

void read_optimizer(const json& oc, const std::string& keras_version, TrainingConfig& out) {
  if (oc.is_string()) {  // compile(optimizer="adam") as some writers keep it
    read_optimizer(json{{"class_name", oc}, {"config", json::object()}}, keras_version, out);
    return;
  }
  if (!oc.is_object() || !oc.contains("class_name") || !oc["class_name"].is_string())
    throw std::invalid_argument("optimizer_config must be {\"class_name\": …, \"config\": {…}}");
  const json config = oc.contains("config") && oc["config"].is_object() ? oc["config"] : json::object();
  const std::string spelled = bare_class(oc["class_name"].get<std::string>());
  static const char* const known[] = {"Adam", "AdamW", "SGD", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam"};
  std::string cls;
  for (const char* k : known)
    if (lower(spelled) == lower(k)) cls = k;
  out.keras_optimizer = cls.empty() ? spelled : cls;
  if (cls.empty())
    throw std::invalid_argument(
        "Keras' optimizer " + spelled +
        " is not one descent has (Adam, AdamW, SGD, RMSprop, Adagrad, Adadelta, Adamax, Nadam)");
  out.rules = rules_of(keras_version, config);
  const bool keras3 = out.rules == KerasRules::Keras3;
  const KerasHyper h(config, out);
  read_common(h, cls, out);
  const double eps = h.number("epsilon", 1e-7);
  if (cls == "Adam" || cls == "AdamW") {
    const double wd = h.number("weight_decay", cls == "AdamW" ? 0.004 : 0);
    out.optimizer = wd != 0 || cls == "AdamW" ? "adamw" : "adam";
    set_adam_moments(out, h, 1e-3, eps);
    set(out, "eps_hat", 1);
    set(out, "amsgrad", h.number("amsgrad", 0));
    set(out, "weight_decay", wd);  // decoupled, as Keras 3's base optimizer applies it
  } else if (cls == "SGD") {
    out.optimizer = "sgd";
    set(out, "lr", h.learning_rate(1e-2));
    set(out, "momentum", h.number("momentum", 0));
    set(out, "nesterov", h.number("nesterov", 0));
  } else if (cls == "RMSprop") {
    out.optimizer = "rmsprop";
    const double momentum = h.number("momentum", 0);
    set(out, "lr", h.learning_rate(1e-3));
    set(out, "alpha", h.number("rho", 0.9));
    set(out, "eps", eps);
    set(out, "momentum", momentum);
    set(out, "centered", h.number("centered", 0));
    // tf.keras 2.x's fused kernels (used with momentum) put ε inside √, its own code outside.
    set(out, "eps_inside_sqrt", keras3 || (out.rules == KerasRules::OptimizerV2 && momentum > 0) ? 1 : 0);
  } else if (cls == "Adagrad") {
    out.optimizer = "adagrad";
    set(out, "lr", h.learning_rate(out.rules == KerasRules::Standalone ? 1e-2 : 1e-3));
    set(out, "initial_accumulator_value",
        h.number("initial_accumulator_value", out.rules == KerasRules::Standalone ? 0 : 0.1));
    set(out, "eps", eps);
    set(out, "eps_inside_sqrt", keras3 ? 1 : 0);
  } else if (cls == "Adadelta") {
    out.optimizer = "adadelta";
    set(out, "lr", h.learning_rate(out.rules == KerasRules::Standalone ? 1.0 : 1e-3));
    set(out, "rho", h.number("rho", 0.95));
    set(out, "eps", eps);
  } else if (cls == "Adamax") {
    out.optimizer = "adamax";
    set_adam_moments(out, h, out.rules == KerasRules::Standalone ? 2e-3 : 1e-3, eps);
    out.notes.push_back(
        "Adamax: Keras adds epsilon after max(β₂·u, |g|), descent (as PyTorch) to |g| inside it; "
        "steps differ by about epsilon/u");
  } else if (cls == "Nadam") {
    out.optimizer = "nadam";
    set_adam_moments(out, h, out.rules == KerasRules::Standalone ? 2e-3 : 1e-3, eps);
    // μₜ = β₁·(1 − ½·0.96^(t·ψ)): Keras 3 writes 0.96ᵗ; older Keras ψ = schedule_decay
    // (tf.keras 2.x calls it decay, and also divides the rate by 1 + decay·t).
    const double psi = keras3 ? 1.0 : h.number("schedule_decay", h.number("decay", 0.004));
    set(out, "momentum_decay", psi);
    if (out.rules == KerasRules::OptimizerV2 && psi != 0)
      out.notes.push_back("tf.keras' Nadam also divides its rate by 1 + " + number(psi) +
                          "·t: training uses a constant rate");
  }
}

}  // namespace

TrainingConfig read_training_config(const json& training_config, const std::string& keras_version) {
  TrainingConfig out;
  if (!training_config.is_object()) {
    out.refusal = "training_config is not an object";
    return out;
  }
  try {
    if (training_config.contains("loss")) read_keras_loss(training_config["loss"], out);
  } catch (const std::exception& e) {
    out.loss = LossKind::CategoricalCrossentropy;
    out.from_logits = false;
    out.refusal = std::string("loss: ") + e.what();
  }
  try {
    if (!training_config.contains("optimizer_config")) throw std::invalid_argument("training_config has no optimizer");
    read_optimizer(training_config["optimizer_config"], keras_version, out);
  } catch (const std::exception& e) {
    out.optimizer.clear();
    out.hyper.clear();
    if (out.refusal.empty()) out.refusal = std::string("optimizer: ") + e.what();
  }
  return out;
}

json keras_optimizer_config(const std::string& optimizer, const std::vector<std::pair<std::string, double>>& hyper) {
  auto get = [&](const char* name, double fallback) {
    for (const auto& [k, v] : hyper)
      if (k == name) return v;
    return fallback;
  };
  json c = {{"name", optimizer}, {"learning_rate", get("lr", 1e-3)}};
  std::string cls;
  if (optimizer == "adam" || optimizer == "adamw" || optimizer == "amsgrad") {
    cls = optimizer == "adamw" ? "AdamW" : "Adam";
    c["beta_1"] = get("beta1", 0.9);
    c["beta_2"] = get("beta2", 0.999);
    c["epsilon"] = get("eps", 1e-8);
    c["amsgrad"] = get("amsgrad", 0) != 0;
    if (optimizer == "adamw") c["weight_decay"] = get("weight_decay", 0.01);
  } else if (optimizer == "sgd") {
    cls = "SGD";
    c["momentum"] = get("momentum", 0);
    c["nesterov"] = get("nesterov", 0) != 0;
  } else if (optimizer == "rmsprop") {
    cls = "RMSprop";
    c["rho"] = get("alpha", 0.99);
    c["momentum"] = get("momentum", 0);
    c["epsilon"] = get("eps", 1e-8);
    c["centered"] = get("centered", 0) != 0;
  } else if (optimizer == "adagrad") {
    cls = "Adagrad";
    c["initial_accumulator_value"] = get("initial_accumulator_value", 0);
    c["epsilon"] = get("eps", 1e-10);
  } else if (optimizer == "adadelta") {
    cls = "Adadelta";
    c["rho"] = get("rho", 0.9);
    c["epsilon"] = get("eps", 1e-6);
  } else if (optimizer == "adamax" || optimizer == "nadam") {
    cls = optimizer == "adamax" ? "Adamax" : "Nadam";
    c["beta_1"] = get("beta1", 0.9);
    c["beta_2"] = get("beta2", 0.999);
    c["epsilon"] = get("eps", 1e-8);
  } else {
    return nullptr;
  }
  return {{"class_name", cls}, {"config", c}};
}

json keras_loss_config(LossKind loss, bool from_logits) {
  if (!from_logits) return loss_name(loss);
  const char* cls = loss == LossKind::SparseCategoricalCrossentropy ? "SparseCategoricalCrossentropy"
                    : loss == LossKind::BinaryCrossentropy          ? "BinaryCrossentropy"
                                                                    : "CategoricalCrossentropy";
  return {{"class_name", cls},
          {"config", {{"name", loss_name(loss)}, {"reduction", "sum_over_batch_size"}, {"from_logits", true}}}};
}

}  // namespace nn
