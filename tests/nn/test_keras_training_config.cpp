// Keras' training_config in every spelling: losses, optimizers and their
// hyperparameters converted to keep Keras' meaning. The conversions are
// checked against Keras' own update rules, written in NumPy from Keras'
// source (tools/keras/keras_rules.py → tests/data/keras_training/optimizer_steps.json).
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "nn/keras_training_config.hpp"
#include "optim/registry.hpp"

using json = nlohmann::json;

namespace {

double hyper(const nn::TrainingConfig& c, const std::string& name) {
  for (const auto& [k, v] : c.hyper)
    if (k == name) return v;
  FAIL("no hyperparameter " << name);
  return 0;
}

nn::TrainingConfig with_loss(const json& loss) {
  return nn::read_training_config(
      {{"loss", loss}, {"optimizer_config", {{"class_name", "SGD"}, {"config", json::object()}}}});
}

nn::TrainingConfig with_optimizer(const json& oc, const std::string& version = "3.5.0") {
  return nn::read_training_config({{"loss", "categorical_crossentropy"}, {"optimizer_config", oc}}, version);
}

// Gradients handed out one per step, whatever θ is.
class Replay : public optim::Objective<float> {
 public:
  explicit Replay(const json& grads) : grads_(grads) {}
  float value_and_gradient(const optim::Vec<float>& theta, optim::Vec<float>& g) override {
    const json& row = grads_.at(next_++);
    g.resize(theta.size());
    for (long i = 0; i < theta.size(); ++i) g[i] = row.at(static_cast<std::size_t>(i)).get<float>();
    return 0;
  }

 private:
  const json& grads_;
  std::size_t next_ = 0;
};

}  // namespace

TEST_CASE("Losses in every Keras spelling") {
  using nn::LossKind;
  struct Case {
    json loss;
    LossKind kind;
    bool from_logits;
  };
  const Case cases[] = {
      {"categorical_crossentropy", LossKind::CategoricalCrossentropy, false},
      {"sparse_categorical_crossentropy", LossKind::SparseCategoricalCrossentropy, false},
      {"CategoricalCrossentropy", LossKind::CategoricalCrossentropy, false},
      {"SparseCategoricalCrossentropy", LossKind::SparseCategoricalCrossentropy, false},
      {"mse", LossKind::MeanSquaredError, false},
      {"mean_squared_error", LossKind::MeanSquaredError, false},
      {"MeanSquaredError", LossKind::MeanSquaredError, false},
      {{{"class_name", "SparseCategoricalCrossentropy"},
        {"config", {{"reduction", "auto"}, {"name", "sparse_categorical_crossentropy"}, {"from_logits", true}}}},
       LossKind::SparseCategoricalCrossentropy,
       true},
      {{{"module", "keras.losses"},
        {"class_name", "CategoricalCrossentropy"},
        {"config", {{"name", "categorical_crossentropy"}, {"from_logits", false}, {"label_smoothing", 0.0}}},
        {"registered_name", nullptr}},
       LossKind::CategoricalCrossentropy,
       false},
      {{{"module", "keras.losses"}, {"class_name", "function"}, {"config", "mse"}, {"registered_name", "mse"}},
       LossKind::MeanSquaredError,
       false},
      {{{"class_name", "MeanSquaredError"}, {"config", {{"reduction", "sum_over_batch_size"}}}},
       LossKind::MeanSquaredError,
       false},
  };
  for (const auto& c : cases) {
    INFO(c.loss.dump());
    const auto config = with_loss(c.loss);
    CHECK(config.refusal.empty());
    CHECK(config.loss == c.kind);
    CHECK(config.from_logits == c.from_logits);
  }
}

TEST_CASE("A loss descent cannot train with is a refusal, never an exception") {
  for (const json& loss : {json("poisson"), json::array({"mse", "mse"}), json({{"class_name", 3}}),
                           json({{"class_name", "MeanSquaredError"}, {"config", {{"from_logits", true}}}})}) {
    INFO(loss.dump());
    const auto config = with_loss(loss);
    CHECK(config.refusal.rfind("loss: ", 0) == 0);
    CHECK(config.loss == nn::LossKind::CategoricalCrossentropy);
    CHECK_FALSE(config.from_logits);
  }
  CHECK_FALSE(nn::read_training_config(json::array()).refusal.empty());
  const auto smoothing = with_loss(
      {{"class_name", "CategoricalCrossentropy"}, {"config", {{"from_logits", true}, {"label_smoothing", 0.1}}}});
  CHECK(smoothing.refusal.empty());
  REQUIRE(smoothing.notes.size() == 1);
  CHECK(smoothing.notes[0].find("label_smoothing") != std::string::npos);
}

TEST_CASE("Optimizers in every Keras spelling map to optim/'s") {
  const std::pair<std::string, std::string> names[] = {
      {"Adam", "adam"},         {"Custom>Adam", "adam"}, {"keras.optimizers.Adam", "adam"},
      {"adam", "adam"},         {"AdamW", "adamw"},      {"SGD", "sgd"},
      {"RMSprop", "rmsprop"},   {"Adagrad", "adagrad"},  {"Adadelta", "adadelta"},
      {"Adamax", "adamax"},     {"Nadam", "nadam"},      {"keras.optimizers.legacy.RMSprop", "rmsprop"},
      {"Custom>AdamW", "adamw"}};
  for (const auto& [keras, descent] : names) {
    INFO(keras);
    const auto config = with_optimizer({{"class_name", keras}, {"config", json::object()}});
    CHECK(config.refusal.empty());
    CHECK(config.optimizer == descent);
    auto opt = optim::make_optimizer<float>(config.optimizer);
    for (const auto& [k, v] : config.hyper) CHECK_NOTHROW(opt->set(k, v));
  }
}

TEST_CASE("Keras' hyperparameters keep their meaning") {
  // Keras 2.1's lr; Adam's ε is ε̂.
  auto adam =
      with_optimizer({{"class_name", "Adam"}, {"config", {{"lr", 0.002}, {"epsilon", 1e-7}, {"decay", 0.0}}}}, "2.1.6");
  CHECK(adam.rules == nn::KerasRules::Standalone);
  CHECK(hyper(adam, "lr") == 0.002);
  CHECK(hyper(adam, "eps_hat") == 1);
  CHECK(adam.notes.empty());
  // RMSprop's ρ is PyTorch's alpha; ε inside √ for Keras 3, outside for tf.keras without momentum.
  auto rms3 = with_optimizer({{"class_name", "RMSprop"}, {"config", {{"rho", 0.8}}}}, "3.5.0");
  CHECK(hyper(rms3, "alpha") == 0.8);
  CHECK(hyper(rms3, "eps_inside_sqrt") == 1);
  CHECK(hyper(with_optimizer({{"class_name", "RMSprop"}, {"config", {{"rho", 0.9}}}}, "2.2.4-tf"), "eps_inside_sqrt") ==
        0);
  CHECK(hyper(with_optimizer({{"class_name", "RMSprop"}, {"config", {{"momentum", 0.9}}}}, "2.2.4-tf"),
              "eps_inside_sqrt") == 1);
  // is_legacy_optimizer decides over the version.
  CHECK(with_optimizer({{"class_name", "Adagrad"}, {"config", {{"is_legacy_optimizer", true}}}}, "2.12.0").rules ==
        nn::KerasRules::OptimizerV2);
  // Nadam: ψ = 1 in Keras 3, schedule_decay before.
  CHECK(hyper(with_optimizer({{"class_name", "Nadam"}, {"config", json::object()}}, "3.1.0"), "momentum_decay") == 1);
  CHECK(hyper(with_optimizer({{"class_name", "Nadam"}, {"config", {{"schedule_decay", 0.004}}}}, "2.2.4"),
              "momentum_decay") == 0.004);
  // Keras 3 Adam with weight_decay is AdamW.
  auto decayed = with_optimizer({{"class_name", "Adam"}, {"config", {{"weight_decay", 0.01}}}});
  CHECK(decayed.optimizer == "adamw");
  CHECK(hyper(decayed, "weight_decay") == 0.01);
  CHECK(hyper(with_optimizer({{"class_name", "AdamW"}, {"config", json::object()}}), "weight_decay") == 0.004);
  // global_clipnorm is descent's max_grad_norm exactly.
  CHECK(hyper(with_optimizer({{"class_name", "SGD"}, {"config", {{"global_clipnorm", 1.5}}}}), "max_grad_norm") == 1.5);
}

TEST_CASE("What training cannot honour is said, and training goes on without it") {
  auto c = with_optimizer(
      {{"class_name", "Adam"},
       {"config",
        {{"learning_rate", {{"class_name", "ExponentialDecay"}, {"config", {{"initial_learning_rate", 0.05}}}}},
         {"clipnorm", 1.0},
         {"clipvalue", 0.5},
         {"use_ema", true},
         {"decay", 0.01}}}},
      "2.9.0");
  CHECK(c.refusal.empty());
  CHECK(c.optimizer == "adam");
  CHECK(hyper(c, "lr") == 0.05);
  CHECK(hyper(c, "max_grad_norm") == 1.0);
  for (const char* word : {"ExponentialDecay", "clips each tensor", "clipvalue", "use_ema", "decay"}) {
    bool said = false;
    for (const auto& n : c.notes) said = said || n.find(word) != std::string::npos;
    INFO(word);
    CHECK(said);
  }
}

TEST_CASE("An optimizer descent does not have is a refusal that names it") {
  for (const json& oc : {json({{"class_name", "Ftrl"}, {"config", json::object()}}), json(42),
                         json({{"class_name", "Adam"}, {"config", {{"beta_1", "high"}}}})}) {
    INFO(oc.dump());
    const auto c = with_optimizer(oc);
    CHECK(c.optimizer.empty());
    CHECK(c.refusal.rfind("optimizer: ", 0) == 0);
  }
  CHECK(with_optimizer({{"class_name", "Ftrl"}}).refusal.find("Ftrl") != std::string::npos);
  CHECK_FALSE(nn::read_training_config({{"loss", "mse"}}).refusal.empty());
}

TEST_CASE("Each converted optimizer steps as Keras' rule does (NumPy golden from Keras' source)") {
  std::ifstream in(std::string(DESCENT_TEST_DATA) + "/keras_training/optimizer_steps.json");
  REQUIRE(in);
  const json cases = json::parse(in);
  REQUIRE(cases.size() >= 20);
  for (const auto& c : cases) {
    const std::string label = c["label"];
    INFO(label);
    const auto config = with_optimizer(c["optimizer_config"], c["keras_version"]);
    REQUIRE(config.refusal.empty());
    auto opt = optim::make_optimizer<float>(config.optimizer);
    for (const auto& [k, v] : config.hyper) opt->set(k, v);
    optim::Vec<float> theta(static_cast<long>(c["theta0"].size()));
    for (long i = 0; i < theta.size(); ++i) theta[i] = c["theta0"][static_cast<std::size_t>(i)].get<float>();
    Replay replay(c["grads"]);
    for (std::size_t step = 0; step < c["theta"].size(); ++step) {
      opt->step(replay, theta);
      for (long i = 0; i < theta.size(); ++i) {
        const double expected = c["theta"][step][static_cast<std::size_t>(i)].get<double>();
        INFO("step " << step + 1 << ", θ[" << i << "]");
        CHECK(std::abs(static_cast<double>(theta[i]) - expected) <= 1e-6 * std::max(1.0, std::abs(expected)));
      }
    }
  }
}
