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

struct EvaluateOptions {
  std::vector<std::string> files;  // MODEL.h5
  std::string data, report;
  int threads = default_threads();
  long input_scale = 255;
};

int run_evaluate(const EvaluateOptions& o) {
  if (o.files.size() != 1) throw UsageError("expected one MODEL.h5");
  if (o.data.empty()) throw UsageError("missing --data");  // after MODEL.h5, which comes first
  const std::string& path = o.files.front();
  const int threads = o.threads;
  const float divisor = input_divisor(o.input_scale);
  nn::LoadedModel loaded = load_model_file(path);
  warn_about_loaded("evaluate", path, loaded);
  const nn::Shape in = loaded.model->input_shape();
  const nn::Shape image = image_shape_for(in, path);
  nn::DataSplit data = load_data(o.data, image.h, image.w, image.c);
  if (!(data.test.shape == image))
    throw UsageError("the data's images are " + data.test.shape.str() + " but the model takes " + in.str());
  data.test.shape = in;  // a flat input takes the same pixels, flattened (NHWC order, as Keras flattens)
  if (const std::string problem = nn::data_mismatch(*loaded.model, data.test); !problem.empty())
    throw UsageError(path + ": " + problem);
  loaded.model->set_threads(threads);
  std::unique_ptr<optim::Optimizer<float>> opt =
      loaded.optimizer ? std::move(loaded.optimizer) : optim::make_optimizer<float>("sgd");
  nn::Trainer trainer(*loaded.model, *opt);
  trainer.pixel_scale = 1.0f / divisor;
  const nn::Evaluation ev = trainer.evaluate(data.test);
  const auto& names = !data.test.class_names.empty() ? data.test.class_names : loaded.class_names;
  std::printf("Model %s on %s: %ld test images\n", path.c_str(), data.name.c_str(), data.test.size());
  print_evaluation(ev, names);
  hint_input_scale("evaluate", ev.accuracy(), ev.confusion.classes(), o.input_scale);
  if (!o.report.empty()) {
    nlohmann::json r = evaluation_json(ev, names);
    r["model"] = path;
    r["data"] = data.name;
    r["history"] = history_json(loaded.history);
    write_file_atomic(o.report, r.dump(2) + "\n");
  }
  return 0;
}

std::function<int()> declare_evaluate(CLI::App& app) {
  auto o = std::make_shared<EvaluateOptions>();
  app.add_option("model", o->files, "a model saved by `descent train --save`, or a Keras 2.x/3.x .h5 whole-model file")
      ->type_name("MODEL.h5");
  add_text(app, "data", o->data, "mnist, fashion or a folder (as in descent train); required")
      ->type_name("mnist|fashion|DIR");
  add_text(app, "report", o->report, "the results as JSON");
  add_integer(app, "threads", o->threads, 1, 256, "batch split across T threads (default 2)");
  add_input_scale(app, o->input_scale);
  return [o] { return run_evaluate(*o); };
}

const Registration kEvaluate{
    {"evaluate", "test accuracy, per-class errors and confusion matrix of a saved model", declare_evaluate}};

}  // namespace
}  // namespace lab::cli
