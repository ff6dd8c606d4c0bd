// lab/cli/evaluate.cpp — `descent evaluate MODEL.h5 --data NAME`: a saved
// model's test loss, accuracy, per-class table and confusion matrix.
#include <cstdio>

#include "lab/cli/args.hpp"
#include "lab/cli/atomic_file.hpp"
#include "lab/cli/command.hpp"
#include "lab/cli/nn_common.hpp"
#include "nn/model_io.hpp"
#include "optim/registry.hpp"

namespace lab::cli {
namespace {

const char* const kUsage =
    "usage: descent evaluate MODEL.h5 --data mnist|fashion|DIR [--report FILE.json] [--threads T]\n"
    "  MODEL.h5 is a model saved by `descent train --save` (or a Keras .h5 of a supported Sequential model).";

int run_evaluate(const std::vector<std::string>& args) {
  const ParsedArgs parsed = parse_args(args, [](std::string_view) { return false; });
  if (parsed.positional.size() != 1) throw UsageError("expected one MODEL.h5");
  for (const auto& [option, value] : parsed.options)
    if (option != "data" && option != "report" && option != "threads") throw UsageError("unknown option --" + option);
  const std::string path = parsed.positional[0];
  const std::string spec = parsed.required("data");
  const int threads = static_cast<int>(
      parse_integer("threads", parsed.value("threads").value_or(std::to_string(default_threads())), 1, 256));
  nn::LoadedModel loaded = nn::load_model(path);
  const nn::Shape in = loaded.model->input_shape();
  if (in.rank != 3) throw UsageError(path + ": the model does not take images");
  nn::DataSplit data = load_data(spec, in.h, in.w, in.c);
  if (!(data.test.shape == in))
    throw UsageError("the data's images are " + data.test.shape.str() + " but the model takes " + in.str());
  loaded.model->set_threads(threads);
  std::unique_ptr<optim::Optimizer<float>> opt =
      loaded.optimizer ? std::move(loaded.optimizer) : optim::make_optimizer<float>("sgd");
  nn::Trainer trainer(*loaded.model, *opt);
  const nn::Evaluation ev = trainer.evaluate(data.test);
  const auto& names = !data.test.class_names.empty() ? data.test.class_names : loaded.class_names;
  std::printf("Model %s on %s: %ld test images\n", path.c_str(), data.name.c_str(), data.test.size());
  print_evaluation(ev, names);
  if (auto p = parsed.value("report")) {
    nlohmann::json r = evaluation_json(ev, names);
    r["model"] = path;
    r["data"] = data.name;
    r["history"] = history_json(loaded.history);
    write_file_atomic(*p, r.dump(2) + "\n");
  }
  return 0;
}

const Registration kEvaluate{
    {"evaluate", "test accuracy, per-class errors and confusion matrix of a saved model", kUsage, run_evaluate}};

}  // namespace
}  // namespace lab::cli
