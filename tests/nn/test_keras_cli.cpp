// `descent evaluate` and `predict` on Keras files: --input-scale, the hint
// near chance, flat (None, 784) inputs, and one-line refusals.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "cli/run_command.hpp"

namespace fs = std::filesystem;
using test_cli::run_descent;

namespace {

// A shared real Keras file (tests/nn/test_keras_models.cpp), or "" when the folder is absent.
std::string shared_model(const std::string& file) {
  const char* env = std::getenv("DESCENT_KERAS_MODELS");
  const fs::path folder =
      env ? fs::path(env) : fs::path(DESCENT_TEST_DATA) / ".." / ".." / ".." / "shared" / "keras-models";
  return fs::is_regular_file(folder / file) ? (folder / file).string() : "";
}

}  // namespace

TEST_CASE("evaluate on a model trained on raw pixels hints at --input-scale, and scores with --input-scale 1") {
  const std::string lenet = shared_model("07_IllusiManaz_Digit-Recognition-CNN-Model.h5");
  if (lenet.empty()) {
    WARN("skipped: the shared Keras models are absent");
    return;
  }
  // Its first layer is Rescaling(1/255): pixels /255 reach it near 0.
  auto r = run_descent("evaluate '" + lenet + "' --data mnist");
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("test accuracy: 0.0945"));
  CHECK_THAT(r.err, Catch::Contains("hint: the accuracy is near chance (0.0945 with 10 classes); check the input "
                                    "scale: pixels were divided by 255, try --input-scale 1"));
  r = run_descent("evaluate '" + lenet + "' --data mnist --input-scale 1");
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("test accuracy: 0.9965"));
  CHECK_THAT(r.err, !Catch::Contains("hint"));
}

TEST_CASE("evaluate feeds an MLP on (None, 784) the images flattened") {
  const std::string mlp = shared_model("03_Adityavcm_fpga-mnist.h5");
  if (mlp.empty()) {
    WARN("skipped: the shared Keras models are absent");
    return;
  }
  const auto r = run_descent("evaluate '" + mlp + "' --data mnist");
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("test accuracy: 0.9215"));
}

TEST_CASE("A bad --input-scale and a Keras file that does not hold together are refused in one line") {
  const std::string fixtures = std::string(DESCENT_TEST_DATA) + "/keras/";
  auto r = run_descent("evaluate " + fixtures + "keras3_functional.h5 --data mnist --input-scale 7");
  CHECK(r.code == 2);
  CHECK(r.err == "descent evaluate: --input-scale must be 255 or 1\n");
  r = run_descent("evaluate " + fixtures + "hostile_missing_weight.h5 --data mnist");
  CHECK(r.code == 2);
  CHECK(test_cli::count_lines(r.err) == 1);
  CHECK_THAT(r.err,
             Catch::Contains("layer 'dense': weight_names names sequential/dense/bias, which is not in the file"));
}
