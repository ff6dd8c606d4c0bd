// Weights alone from .h5 files: nn::load_weights into a small fixed model
// (Conv2D, BatchNormalization, pooling, Dense), as `--initial-weights` loads
// descent's and Keras' save_weights files.
#include <memory>

#include "fuzz_input.hpp"
#include "nn/model_io.hpp"

namespace {
// The seeds' architecture: "cnn" of tools/fuzz/make_corpus.py (keep the two alike).
const char* kArchitecture = R"({"class_name": "Sequential", "config": {"name": "tiny_cnn", "layers": [
  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 8, 8, 1], "name": "input_1"}},
  {"class_name": "Conv2D", "config": {"name": "conv2d", "filters": 2, "kernel_size": [3, 3], "activation": "relu",
                                      "padding": "same"}},
  {"class_name": "BatchNormalization", "config": {"name": "bn"}},
  {"class_name": "MaxPooling2D", "config": {"name": "pool", "pool_size": [2, 2]}},
  {"class_name": "Flatten", "config": {"name": "flatten"}},
  {"class_name": "Dropout", "config": {"name": "dropout", "rate": 0.25}},
  {"class_name": "Dense", "config": {"name": "dense", "units": 3, "activation": "softmax"}}]}})";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::unique_ptr<nn::Sequential<float>> model = nn::model_from_json(kArchitecture);
  const std::string path = fuzz::write_input(data, size, ".weights.h5");
  try {
    nn::load_weights(path, *model);
  } catch (const std::exception& e) {
    fuzz::check_refusal(e);
  }
  return 0;
}
