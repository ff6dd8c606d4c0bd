#include "lab/cli/nn_common.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "lab/cli/command.hpp"
#include "nn/model_io.hpp"
#include "nn/reference_models.hpp"

namespace lab::cli {

std::unique_ptr<nn::Sequential<float>> make_model(const std::string& spec, const nn::Shape& input, int classes,
                                                  std::uint64_t seed) {
  using namespace nn;
  std::unique_ptr<Sequential<float>> m = reference_model(spec, input, classes);
  if (!m) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(spec, ec))
      throw UsageError("--model: '" + spec + "' is neither cnn, mlp nor an architecture JSON file");
    try {
      m = load_architecture(spec, seed);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--model: ") + e.what());
    }
    if (!(m->input_shape() == input))
      throw UsageError("--model: the architecture takes " + m->input_shape().str() + " but the data's images are " +
                       input.str());
    if (m->output_shape().size() != classes)
      throw UsageError("--model: the architecture has " + std::to_string(m->output_shape().size()) +
                       " outputs but the data has " + std::to_string(classes) + " classes");
  }
  m->initialize(seed);
  return m;
}

nn::LoadedModel load_model_file(const std::string& path) {
  try {
    return nn::load_model(path);
  } catch (const std::exception& e) {
    throw UsageError(e.what());
  }
}

void warn_about_loaded(const char* command, const std::string& path, const nn::LoadedModel& loaded) {
  if (!loaded.optimizer_state_problem.empty())
    std::fprintf(stderr, "descent %s: %s: the optimizer state is ignored: %s\n", command, path.c_str(),
                 loaded.optimizer_state_problem.c_str());
  for (const std::string& note : loaded.training_notes)
    std::fprintf(stderr, "descent %s: %s: training_config: %s (evaluating and predicting are unaffected)\n", command,
                 path.c_str(), note.c_str());
}

CLI::Option* add_input_scale(CLI::App& app, long& into) {
  return add_integer(app, "input-scale", into, 1, 255,
                     "pixels are divided by 255 (the default: values in [0, 1]) or by 1 (raw 0–255, for models "
                     "trained on raw pixels)")
      ->type_name("255|1");
}

float input_divisor(long input_scale) {
  if (input_scale != 255 && input_scale != 1) throw UsageError("--input-scale must be 255 or 1");
  return static_cast<float>(input_scale);
}

nn::Shape image_shape_for(const nn::Shape& input, const std::string& path) {
  if (input.rank == 3) return input;
  const auto side = std::lround(std::sqrt(static_cast<double>(input.c)));
  if (side * side != input.c)
    throw UsageError(path + ": the model takes " + input.str() + ", which is no square image's pixels flattened");
  return nn::Shape::image(side, side, 1);
}

void hint_input_scale(const char* command, double accuracy, int classes, long input_scale) {
  if (classes < 2 || accuracy > 1.5 / classes) return;
  std::fprintf(stderr,
               "descent %s: hint: the accuracy is near chance (%.4f with %d classes); check the input scale: pixels "
               "were divided by %ld, try --input-scale %s\n",
               command, accuracy, classes, input_scale, input_scale == 255 ? "1" : "255");
}

nn::DataSplit load_data(const std::string& spec, long h, long w, long channels) {
  std::error_code ec;
  if (spec != "mnist" && spec != "fashion" && !std::filesystem::is_directory(spec, ec))
    throw UsageError("--data: '" + spec + "' is not mnist, fashion or a folder");
  return nn::load_dataset(spec, h, w, channels);  // DataError: exit 2 with its message
}

namespace {
std::string class_name(const std::vector<std::string>& names, int i) {
  return i < static_cast<int>(names.size()) ? names[static_cast<std::size_t>(i)] : std::to_string(i);
}
}  // namespace

void print_evaluation(const nn::Evaluation& ev, const std::vector<std::string>& names) {
  std::printf("\nTest loss: %.4f - test accuracy: %.4f (%ld of %ld wrong)\n\n", ev.loss, ev.accuracy(),
              ev.confusion.total() - std::lround(ev.accuracy() * static_cast<double>(ev.confusion.total())),
              ev.confusion.total());
  std::printf("%s\n%s", ev.confusion.table(names).c_str(), ev.confusion.matrix_text(names).c_str());
  std::fflush(stdout);
}

nlohmann::json evaluation_json(const nn::Evaluation& ev, const std::vector<std::string>& names) {
  nlohmann::json j;
  j["test_loss"] = ev.loss;
  j["test_accuracy"] = ev.accuracy();
  nlohmann::json per = nlohmann::json::array(), confusion = nlohmann::json::array();
  for (int c = 0; c < ev.confusion.classes(); ++c) {
    per.push_back({{"class", c},
                   {"name", class_name(names, c)},
                   {"precision", ev.confusion.precision(c)},
                   {"recall", ev.confusion.recall(c)},
                   {"errors", ev.confusion.errors(c)},
                   {"support", ev.confusion.support(c)}});
    nlohmann::json row = nlohmann::json::array();
    for (int k = 0; k < ev.confusion.classes(); ++k) row.push_back(ev.confusion.at(c, k));
    confusion.push_back(row);
  }
  j["per_class"] = per;
  j["confusion"] = confusion;
  return j;
}

nlohmann::json history_json(const std::vector<nn::Logs>& history) {
  nlohmann::json h = nlohmann::json::array();
  for (std::size_t e = 0; e < history.size(); ++e) {
    nlohmann::json row = {{"epoch", e + 1}};
    for (const auto& [k, v] : history[e]) row[k] = std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
    h.push_back(row);
  }
  return h;
}

int default_threads() {
  const unsigned hw = std::thread::hardware_concurrency();
  return hw >= 2 || hw == 0 ? 2 : 1;
}

}  // namespace lab::cli
