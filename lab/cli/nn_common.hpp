// lab/cli/nn_common.hpp — what `descent train`, `evaluate` and `predict` share:
// the reference models, data loading with CLI-style errors, and the report.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lab/cli/args.hpp"
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

// The loaded model's warnings on stderr, "descent COMMAND: PATH: …": an
// optimizer state that is ignored, a loss or optimizer descent lacks.
void warn_about_loaded(const char* command, const std::string& path, const nn::LoadedModel& loaded);

// --input-scale 255|1: what pixels are divided by before they reach the
// model (255, the default: values in [0, 1]; 1: raw 0–255 pixels).
CLI::Option* add_input_scale(CLI::App& app, long& into);
// What a pixel byte is divided by for --input-scale `input_scale` (UsageError
// for a value but 255 or 1).
float input_divisor(long input_scale);

// The image shape to read data in for a model taking `input`: its own for
// an image; for a flat input (None, n) the square grayscale image of n
// pixels, flattened when fed (an MLP on MNIST's 784). Throws UsageError when
// there is none.
nn::Shape image_shape_for(const nn::Shape& input, const std::string& path);

// A hint on stderr when `accuracy` is near chance (≤ 1.5/classes): the
// usual cause is pixels scaled otherwise than the model was trained on.
void hint_input_scale(const char* command, double accuracy, int classes, long input_scale);

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
