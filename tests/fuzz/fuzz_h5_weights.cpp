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

// HDF5 is C, built without sanitizers, and checks malloc's result: a corrupt
// header can make it ask for petabytes (found by fuzzing: 0xc000000000000
// bytes in H5C_protect), which fails cleanly in a release build ("cannot open
// group …", exit 2). So malloc may return null here as it does there, and
// what HDF5 leaks on those error paths (56 bytes) is HDF5's, not ours.
extern "C" const char* __asan_default_options() {
  return "allocator_may_return_null=1";
}
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libhdf5_serial.so\n";
}

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
