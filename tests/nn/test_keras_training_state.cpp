// Keras files' optimizer state becomes descent's: for each layout Keras
// writes, the first step after loading equals Keras' Adam step computed in
// NumPy from the m, v and step count stored in the file
// (tools/keras_check/first_step.py reads the .h5 itself). Fixtures:
// tools/keras/make_training_fixtures.py → tests/data/keras_training/.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "nn/model_io.hpp"

namespace fs = std::filesystem;

namespace {

const std::string kData = std::string(DESCENT_TEST_DATA) + "/keras_training/";
const std::string kTools = std::string(DESCENT_TEST_DATA) + "/../../tools/";

// g = 0.1·θ + 0.01 element-wise: no layout assumed by the check script.
class Linear : public optim::Objective<float> {
 public:
  float value_and_gradient(const optim::Vec<float>& theta, optim::Vec<float>& g) override {
    g = theta * 0.1f;
    g.array() += 0.01f;
    return 0;
  }
};

bool said(const nn::LoadedModel& m, const std::string& words) {
  for (const auto& n : m.training_notes)
    if (n.find(words) != std::string::npos) return true;
  return false;
}

bool have_h5py() {
  return std::system("/usr/bin/python3 -c 'import h5py, numpy' >/dev/null 2>&1") == 0;
}

fs::path temp_dir() {
  const fs::path d = fs::temp_directory_path() / ("descent_keras_state_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

// Loads `path`, takes one step, and has the script compare it with Keras' step.
void check_first_step(const std::string& path, const std::string& keras_optimizer) {
  INFO(path);
  nn::LoadedModel loaded = nn::load_model(path);
  REQUIRE(loaded.training_refused.empty());
  REQUIRE(loaded.optimizer);
  for (const auto& n : loaded.training_notes) INFO(n);
  CHECK(said(loaded, "continues Keras' " + keras_optimizer + " from step "));
  CHECK(loaded.optimizer->steps() > 0);
  CHECK(loaded.optimizer->get("eps_hat") == 1);
  Linear f;
  loaded.optimizer->step(f, loaded.model->params());
  if (!have_h5py()) {
    WARN("/usr/bin/python3 with h5py is absent: the step is not compared with Keras'");
    return;
  }
  const fs::path stepped = temp_dir() / (fs::path(path).stem().string() + "_stepped.h5");
  nn::save_weights(stepped.string(), *loaded.model);
  const std::string cmd = "/usr/bin/python3 " + kTools + "keras_check/first_step.py " + path + " " + stepped.string();
  CHECK(std::system(cmd.c_str()) == 0);
}

}  // namespace

TEST_CASE("Keras 3 Adam and AdamW state: the first step is Keras' step from the stored m, v and t") {
  check_first_step(kData + "keras3_adam.h5", "Adam");
  check_first_step(kData + "keras3_adamw.h5", "AdamW");
}

TEST_CASE("tf.keras 2.11+ Adam state (Custom>Adam, Adam/m/…): the first step is Keras' step") {
  check_first_step(kData + "keras214_adam.h5", "Adam");
}

TEST_CASE("tf.keras 2.x Adam state (Adam/<layer>/<weight>/m:0): the first step is Keras' step") {
  check_first_step(kData + "keras23tf_adam.h5", "Adam");
}

TEST_CASE("keras 2.2 Adam state (training/Adam/Variable_N:0): the first step is Keras' step") {
  check_first_step(kData + "keras224_adam.h5", "Adam");
}

TEST_CASE("Keras files' losses come with the model") {
  auto k3 = nn::load_model(kData + "keras3_adam.h5");
  CHECK(k3.model->loss() == nn::LossKind::SparseCategoricalCrossentropy);
  CHECK_FALSE(k3.model->from_logits());
  auto k214 = nn::load_model(kData + "keras214_adam.h5");
  CHECK(k214.model->loss() == nn::LossKind::SparseCategoricalCrossentropy);
  CHECK(k214.model->from_logits());
  CHECK(nn::load_model(kData + "keras224_adam.h5").model->loss() == nn::LossKind::CategoricalCrossentropy);
}

TEST_CASE("A file without optimizer state trains from a fresh optimizer, and says so") {
  auto loaded = nn::load_model(kData + "keras22tf_no_state.h5");
  CHECK(loaded.training_refused.empty());
  REQUIRE(loaded.optimizer);
  CHECK(loaded.optimizer->name() == "rmsprop");
  CHECK(loaded.optimizer->steps() == 0);
  CHECK(loaded.model->loss() == nn::LossKind::MeanSquaredError);
  CHECK(said(loaded, "holds no optimizer state: training starts fresh"));
}

TEST_CASE("State descent does not read (Keras 3 Nadam) leaves a fresh optimizer, and says why") {
  auto loaded = nn::load_model(kData + "keras3_nadam.h5");
  REQUIRE(loaded.optimizer);
  CHECK(loaded.optimizer->name() == "nadam");
  CHECK(loaded.optimizer->get("momentum_decay") == 1);
  CHECK(loaded.optimizer->steps() == 0);
  CHECK(loaded.optimizer->save_state().buffers.at(0).second.size() == 0);
  CHECK(said(loaded, "Nadam state is not supported"));
  CHECK(said(loaded, "training starts fresh"));
}

TEST_CASE("The shared Keras files' Adam state gives Keras' first step", "[shared]") {
  const fs::path shared = fs::path(DESCENT_TEST_DATA) / ".." / ".." / ".." / "shared" / "keras-models";
  if (!fs::is_directory(shared)) {
    WARN("no " << shared.string() << ": the shared Keras files are not checked");
    return;
  }
  int checked = 0;
  for (const char* name : {"02_crocodile001_Tensorflow.h5", "03_Adityavcm_fpga-mnist.h5", "22_Yaxit_ML-Playground.h5",
                           "26_SadiulArefin_FashionMNIST.h5"}) {
    const std::string path = (shared / name).string();
    if (!fs::exists(path)) continue;
    try {
      nn::load_model(path);
    } catch (const std::exception& e) {  // the model itself: the loader's side, not this test's
      WARN(name << " does not load yet: " << e.what());
      continue;
    }
    check_first_step(path, "Adam");
    ++checked;
  }
  INFO(checked << " shared files checked");
  SUCCEED();
}
