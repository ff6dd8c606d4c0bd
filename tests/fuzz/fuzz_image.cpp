// One image of an image folder: nn::load_image (header checked against the
// limits with stbi_info, decoded, resized to 28×28 gray), which
// load_image_folder calls for every file.
#include "fuzz_input.hpp"
#include "nn/dataset.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = fuzz::write_input(data, size, ".png");
  try {
    const auto pixels = nn::load_image(path, 28, 28, size % 2 ? 3 : 1);
    if (pixels.size() != 28u * 28u * (size % 2 ? 3u : 1u)) std::abort();
  } catch (const std::exception& e) {
    fuzz::check_refusal(e);
  }
  return 0;
}
