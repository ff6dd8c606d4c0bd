// IDX files, plain: nn::read_idx, as `descent train --data DIR` reads them.
#include "fuzz_input.hpp"
#include "nn/idx.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = fuzz::write_input(data, size, "-images-idx3-ubyte");
  try {
    nn::read_idx(path);
  } catch (const std::exception& e) {
    fuzz::check_refusal(e);
  }
  return 0;
}
