// Keras layouts the shared real files lack, in fixtures that
// tools/keras/make_fixtures.py writes from the layout facts: each loads, and
// its forward pass gives what the script's NumPy forward pass gave
// (NAME.json beside NAME.h5).
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "nn/model_io.hpp"

using json = nlohmann::json;

namespace {

std::string fixture(const std::string& name) {
  return std::string(DESCENT_TEST_DATA) + "/keras/" + name;
}

// The model's outputs for the stored inputs equal the stored outputs.
void check_forward(nn::Sequential<float>& model, const std::string& name) {
  std::ifstream in(fixture(name + ".json"));
  REQUIRE(in);
  const json expected = json::parse(in);
  const long batch = expected["batch"].get<long>();
  const auto x = expected["input"].get<std::vector<float>>();
  const auto y = expected["output"].get<std::vector<double>>();
  REQUIRE(static_cast<long>(x.size()) == batch * model.input_shape().size());
  REQUIRE(static_cast<long>(y.size()) == batch * model.output_shape().size());
  const float* out = model.predict(model.params().data(), x.data(), batch);
  double worst = 0;
  for (std::size_t i = 0; i < y.size(); ++i) worst = std::max(worst, std::abs(static_cast<double>(out[i]) - y[i]));
  INFO(name << ": worst difference from NumPy " << worst);
  CHECK(worst < 1e-5);
}

}  // namespace

TEST_CASE("A Keras 3 functional chain loads and computes NumPy's forward pass") {
  nn::LoadedModel loaded = nn::load_model(fixture("keras3_functional.h5"));
  nn::Sequential<float>& m = *loaded.model;
  CHECK(m.name() == "functional");
  REQUIRE(m.size() == 6);
  CHECK(m.layer(0).class_name() == "Rescaling");
  CHECK(m.layer(2).class_name() == "LeakyReLU");
  CHECK(m.layer(3).class_name() == "GlobalAveragePooling2D");
  CHECK(m.layer(5).class_name() == "Softmax");
  CHECK(m.input_shape() == nn::Shape::image(8, 8, 1));
  check_forward(m, "keras3_functional");
}

TEST_CASE("A Keras 3 Sequential with Reshape on a flat input loads and computes NumPy's forward pass") {
  nn::LoadedModel loaded = nn::load_model(fixture("keras3_reshape.h5"));
  nn::Sequential<float>& m = *loaded.model;
  CHECK(m.input_shape() == nn::Shape::vector(36));
  REQUIRE(m.size() == 6);
  CHECK(m.layer(0).output_shape() == nn::Shape::image(6, 6, 1));
  CHECK(m.layer(5).class_name() == "ReLU");
  check_forward(m, "keras3_reshape");
}

TEST_CASE("A Keras 2 weights-only file, BatchNormalization's four tensors by name, loads into its architecture") {
  auto m = nn::load_architecture(fixture("keras2_weights_only.model.json"));
  nn::load_weights(fixture("keras2_weights_only.h5"), *m);
  check_forward(*m, "keras2_weights_only");
}

TEST_CASE("A layer read from Keras is saved with its own class and config, and reads back the same") {
  nn::LoadedModel loaded = nn::load_model(fixture("keras3_functional.h5"));
  const json written = json::parse(nn::architecture_json(*loaded.model));
  const json& layers = written["config"]["layers"];
  // InputLayer, then the chain.
  CHECK(layers[1]["class_name"] == "Rescaling");
  CHECK(layers[1]["config"]["scale"] == 0.5);
  CHECK(layers[1]["config"]["offset"] == -0.25);
  CHECK(layers[3]["class_name"] == "LeakyReLU");
  CHECK(std::abs(layers[3]["config"]["alpha"].get<double>() - 0.1) < 1e-7);  // α survives the round trip
  auto again = nn::model_from_json(written.dump());
  CHECK(nn::architecture_json(*again) == written.dump());
}
