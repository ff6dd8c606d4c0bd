// Experiment JSON: lab::model::experiment_from_bytes, what `descent --load`
// and the lab's Open do with a file's bytes (scene, formula, runners, the
// steps up to the saved cursor).
#include "fuzz_input.hpp"
#include "lab/model/experiment_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    lab::model::experiment_from_bytes(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json");
  } catch (const std::exception& e) {
    fuzz::check_refusal(e);
  }
  return 0;
}
