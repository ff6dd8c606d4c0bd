// Real Keras models, as Keras users saved them (Keras 2.1.6 to 3.11): every
// file that ../shared/keras-models/index.csv lists loads, and scores on its
// data set's test images, pixels /255, the accuracy an independent NumPy
// forward pass got (reference_accuracy), to four decimals.
//
// The folder sits beside the checkout in CI; $DESCENT_KERAS_MODELS names
// another. Where it is absent (a fresh clone elsewhere) the tests say so and
// check nothing.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "nn/dataset.hpp"
#include "nn/model_io.hpp"
#include "nn/trainer.hpp"
#include "optim/registry.hpp"

namespace fs = std::filesystem;

namespace {

fs::path models_folder() {
  if (const char* env = std::getenv("DESCENT_KERAS_MODELS")) return env;
  return fs::path(DESCENT_TEST_DATA) / ".." / ".." / ".." / "shared" / "keras-models";
}

// One CSV line's fields; a field in double quotes may hold commas.
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (char ch : line) {
    if (ch == '"')
      quoted = !quoted;
    else if (ch == ',' && !quoted)
      out.emplace_back();
    else if (ch != '\r')
      out.back() += ch;
  }
  return out;
}

// index.csv's rows, each as {column: value}.
std::vector<std::map<std::string, std::string>> index_rows(const fs::path& csv) {
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  const auto header = csv_fields(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto fields = csv_fields(line);
    REQUIRE(fields.size() == header.size());
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = fields[i];
    rows.push_back(row);
  }
  return rows;
}

// Every listed file of `dataset` scores its reference accuracy.
void check_models_on(const std::string& dataset) {
  const fs::path folder = models_folder();
  if (!fs::is_regular_file(folder / "index.csv")) {
    WARN("skipped: no Keras models at " << folder.string()
                                        << " (set DESCENT_KERAS_MODELS to the folder holding index.csv)");
    return;
  }
  nn::DataSplit data;
  try {
    data = nn::load_dataset(dataset);
  } catch (const nn::DataError& e) {
    WARN("skipped: " << e.what());
    return;
  }
  int checked = 0;
  for (const auto& row : index_rows(folder / "index.csv")) {
    if (row.at("dataset") != dataset) continue;
    const std::string file = row.at("file");
    INFO(file << " (Keras " << row.at("keras_version") << ")");
    nn::LoadedModel loaded;
    REQUIRE_NOTHROW(loaded = nn::load_model((folder / file).string()));
    nn::Sequential<float>& model = *loaded.model;
    model.set_threads(2);
    nn::Dataset test = data.test;
    REQUIRE(test.shape.size() == model.input_shape().size());
    test.shape = model.input_shape();  // an MLP on (None, 784) takes the pixels flattened
    auto sgd = optim::make_optimizer<float>("sgd");
    nn::Trainer trainer(model, loaded.optimizer ? *loaded.optimizer : *sgd);
    const double accuracy = trainer.evaluate(test).accuracy();
    const double reference = std::stod(row.at("reference_accuracy"));
    INFO("accuracy " << accuracy << ", reference " << reference);
    CHECK(std::abs(accuracy - reference) < 0.5e-4);
    ++checked;
  }
  CHECK(checked > 0);
}

}  // namespace

TEST_CASE("Every shared Keras MNIST model scores its reference accuracy") {
  check_models_on("mnist");
}

TEST_CASE("Every shared Keras Fashion-MNIST model scores its reference accuracy") {
  check_models_on("fashion");
}
