// Architecture JSON (Keras' model_config): nn::model_from_json, as
// `descent train --model arch.json` reads it.
#include "fuzz_input.hpp"
#include "nn/model_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto model = nn::model_from_json(std::string(reinterpret_cast<const char*>(data), size));
    if (!model) std::abort();
  } catch (const std::exception& e) {
    fuzz::check_refusal(e);
  }
  return 0;
}
