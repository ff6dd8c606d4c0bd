// Whole models from .h5 files: nn::load_model (architecture, weights,
// training config, optimizer state, history), as `descent evaluate`,
// `predict` and `train --resume` read them; then the model must predict.
#include <Eigen/Core>

#include "fuzz_input.hpp"
#include "nn/model_io.hpp"

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
