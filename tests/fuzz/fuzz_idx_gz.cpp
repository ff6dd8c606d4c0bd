// IDX files, gzip-compressed: nn::read_idx on a .gz name, the decompression
// bounded by the header's sizes and the data-set limits.
#include "fuzz_input.hpp"
#include "nn/idx.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = fuzz::write_input(data, size, "-images-idx3-ubyte.gz");
  try {
    nn::read_idx(path);
  } catch (const std::exception& e) {
    fuzz::check_refusal(e);
  }
  return 0;
}
