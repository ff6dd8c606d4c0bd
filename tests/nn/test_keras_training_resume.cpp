// `descent train --resume` on Keras files: it continues from the optimizer
// state the file holds and says so, starts fresh (saying so) where the file
// holds none, and keeps the file's loss. Data: a 4×4 MNIST-format folder
// written here, for the fixtures' Conv2D(4×4×1) → Dense(3) model.
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/run_command.hpp"

namespace fs = std::filesystem;
using test_cli::run_descent;

namespace {

const std::string kData = std::string(DESCENT_TEST_DATA) + "/keras_training/";

void write_be32(std::ofstream& out, std::uint32_t v) {
  const char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                     static_cast<char>(v)};
  out.write(b, 4);
}

// train-/t10k- IDX files of n 4×4 images, class i % classes bright in row i % 3.
std::string idx_folder(int classes = 3) {
  const fs::path dir = fs::temp_directory_path() /
                       ("descent_keras_resume_" + std::to_string(::getpid()) + "_" + std::to_string(classes));
  fs::create_directories(dir);
  for (const auto& [split, n] : {std::pair<std::string, int>{"train", 24}, {"t10k", 12}}) {
    std::ofstream images(dir / (split + "-images-idx3-ubyte"), std::ios::binary);
    std::ofstream labels(dir / (split + "-labels-idx1-ubyte"), std::ios::binary);
    write_be32(images, 0x803);
    write_be32(images, static_cast<std::uint32_t>(n));
    write_be32(images, 4);
    write_be32(images, 4);
    write_be32(labels, 0x801);
    write_be32(labels, static_cast<std::uint32_t>(n));
    for (int i = 0; i < n; ++i) {
      for (int p = 0; p < 16; ++p) images.put(static_cast<char>(p / 4 == i % 3 ? 200 : (p * 7 + i) % 60));
      labels.put(static_cast<char>(i % classes));
    }
  }
  return dir.string();
}

}  // namespace

TEST_CASE("train --resume continues Keras 2 and Keras 3 Adam from the file's state") {
  const std::string data = idx_folder();
  for (const char* file : {"keras3_adam.h5", "keras23tf_adam.h5", "keras224_adam.h5", "keras214_adam.h5"}) {
    INFO(file);
    const auto r = run_descent("train --resume " + kData + file + " --data " + data + " --epochs 1 --batch-size 6");
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK(r.err.find("continues Keras' Adam from step 7") != std::string::npos);
    CHECK(r.out.find("Test loss") != std::string::npos);
  }
}

TEST_CASE("train --resume on a Keras file without optimizer state starts fresh and says so") {
  const auto r = run_descent("train --resume " + kData + "keras22tf_no_state.h5 --data " + idx_folder() +
                             " --epochs 1 --batch-size 6");
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.err.find("holds no optimizer state: training starts fresh") != std::string::npos);
}

TEST_CASE("train --resume and evaluate refuse a model whose outputs are not the data's classes") {
  // The fixtures' model has 3 outputs: data with 4 classes, or with 2, does not fit it.
  for (const int classes : {4, 2}) {
    const std::string data = idx_folder(classes);
    const std::string expected = "the model has 3 outputs but the data has " + std::to_string(classes) + " classes";
    for (const std::string& command :
         {"train --resume " + kData + "keras3_adam.h5 --data " + data + " --epochs 1 --batch-size 6",
          "evaluate " + kData + "keras3_adam.h5 --data " + data}) {
      INFO(command);
      const auto r = run_descent(command);
      INFO(r.err);
      CHECK(r.code == 2);
      CHECK(r.err.find(expected) != std::string::npos);
    }
  }
}
