// tests/nn/tiny_idx.hpp — the smallest data set a model can train on: 4×4 gray
// images of three classes (class c lights every pixel k with k % 3 == c), 30
// for training and 12 for testing, written as the four IDX files of an MNIST
// folder.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "nn/idx.hpp"

namespace tests {

// Writes the four files into `folder` (created if needed) and returns it.
inline std::filesystem::path write_tiny_idx(const std::filesystem::path& folder) {
  std::filesystem::create_directories(folder);
  for (auto [name, n] : {std::pair<const char*, long>{"train", 30}, {"t10k", 12}}) {
    std::vector<std::uint8_t> images, labels;
    for (long i = 0; i < n; ++i) {
      labels.push_back(static_cast<std::uint8_t>(i % 3));
      for (int k = 0; k < 16; ++k) images.push_back(static_cast<std::uint8_t>(k % 3 == i % 3 ? 200 : 10));
    }
    nn::write_idx((folder / (std::string(name) + "-images-idx3-ubyte")).string(), {n, 4, 4}, images);
    nn::write_idx((folder / (std::string(name) + "-labels-idx1-ubyte")).string(), {n}, labels);
  }
  return folder;
}

}  // namespace tests
