// lab/cli/nn_common.hpp — what `descent train`, `evaluate` and `predict` share:
// the reference models, data loading with CLI-style errors, and the report.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nn/dataset.hpp"
#include "nn/model_io.hpp"
#include "nn/sequential.hpp"
#include "nn/trainer.hpp"

namespace lab::cli {

// "cnn": the classic Keras MNIST convnet — Conv2D(32, 3×3, relu), MaxPool 2,
// Conv2D(64, 3×3, relu), MaxPool 2, Flatten, Dropout 0.5, Dense(classes, softmax).
// "mlp": Flatten, Dense(128, relu), Dense(classes, softmax).
// Anything else is an architecture JSON file. Weights are initialized by `seed`.
std::unique_ptr<nn::Sequential<float>> make_model(const std::string& spec, const nn::Shape& input, int classes,
                                                  std::uint64_t seed);

// nn::load_model, with everything wrong in the file reported as a usage
// error (exit 2): the file is bad input, whatever HDF5 or a layer says of it.
nn::LoadedModel load_model_file(const std::string& path);

// load_dataset with errors sorted into usage errors (an unknown name) and
// runtime errors (a missing or malformed data set, which say how to fix it).
nn::DataSplit load_data(const std::string& spec, long h = 28, long w = 28, long channels = 1);

// The end-of-run block: test loss and accuracy, the per-class table, the
// confusion matrix.
void print_evaluation(const nn::Evaluation& ev, const std::vector<std::string>& names);
nlohmann::json evaluation_json(const nn::Evaluation& ev, const std::vector<std::string>& names);
nlohmann::json history_json(const std::vector<nn::Logs>& history);

// The number of threads: --threads, else 2 (or fewer on a smaller machine).
int default_threads();

}  // namespace lab::cli
