// Whole models from .h5 files: nn::load_model (architecture, weights,
// training config, optimizer state, history), as `descent evaluate`,
// `predict` and `train --resume` read them; then the model must predict.
#include <Eigen/Core>

#include "fuzz_input.hpp"
#include "nn/model_io.hpp"

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
  const std::string path = fuzz::write_input(data, size, ".h5");
  try {
    nn::LoadedModel m = nn::load_model(path);
    if (!m.model) std::abort();
  } catch (const std::exception& e) {
    fuzz::check_refusal(e);
  }
  return 0;
}
