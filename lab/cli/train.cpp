// lab/cli/train.cpp — `descent train`: the course's Keras workflow, headless.
//
// Loads a data set, builds (or resumes) a model, trains it with any optim/
// optimizer, shows Keras' progress bar, and ends with the test loss and
// accuracy, the per-class table and the confusion matrix.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <tuple>

#include "lab/cli/args.hpp"
#include "lab/cli/atomic_file.hpp"
#include "lab/cli/command.hpp"
#include "lab/cli/nn_common.hpp"
#include "lab/cli/optimizer_flags.hpp"
#include "nn/callbacks.hpp"
#include "nn/model_io.hpp"
#include "optim/registry.hpp"

namespace lab::cli {
namespace {

struct TrainOptions {
  std::string data, model, optimizer;  // optimizer: "" for adam, or the resumed model's
  int epochs = 1;
  std::optional<long> batch_size;
  std::optional<double> val_split;
  std::optional<std::uint64_t> seed;
  int threads = default_threads();
  std::string save, save_weights, save_architecture, checkpoint, csv_log, report, resume, initial_weights;
  bool save_best_only = false, save_weights_only = false, rgb = false, quiet = false, no_shuffle = false;
  long save_freq = 0;
  int early_stopping = -1, reduce_lr = -1;
  long h = 28, w = 28;
  std::unique_ptr<OptimizerFlags> hyper;
};

std::pair<long, long> parse_size(const std::string& text) {
  const auto x = text.find('x');
  if (x == std::string::npos) throw UsageError("--image-size: expected HxW such as 28x28, got '" + text + "'");
  return {parse_integer("image-size", text.substr(0, x), 1, 4096),
          parse_integer("image-size", text.substr(x + 1), 1, 4096)};
}

int run_train(const TrainOptions& o) {
  if (o.resume.empty() && o.model.empty()) throw UsageError("missing --model (cnn, mlp or FILE.json)");
  const std::optional<std::string> resume = o.resume.empty() ? std::nullopt : std::optional<std::string>(o.resume);
  const long channels = o.rgb ? 3 : 1;
  const int epochs = o.epochs, threads = o.threads;
  if (!o.checkpoint.empty()) {
    try {  // a bad pattern fails now, not after the first epoch
      nn::format_checkpoint_path(o.checkpoint, 0,
                                 {{"loss", 0}, {"accuracy", 0}, {"val_loss", 0}, {"val_accuracy", 0}, {"lr", 0}},
                                 o.save_freq > 0 ? 0 : -1);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--checkpoint: ") + e.what());
    }
  }

  // ---- data
  nn::DataSplit data = load_data(o.data, o.h, o.w, channels);
  const std::vector<std::string> names =
      !data.train.class_names.empty() ? data.train.class_names : std::vector<std::string>{};

  // ---- model and optimizer (fresh or resumed)
  std::unique_ptr<nn::Sequential<float>> model;
  std::unique_ptr<optim::Optimizer<float>> opt;
  nn::FitOptions fit;
  int start_epoch = 0;
  std::vector<nn::Logs> history;
  if (resume) {
    nn::LoadedModel loaded = load_model_file(*resume);
    if (!loaded.optimizer_state_problem.empty())
      throw UsageError("--resume: " + *resume +
                       ": the optimizer state does not fit the model: " + loaded.optimizer_state_problem);
    if (!loaded.training_refused.empty()) throw UsageError("--resume: " + *resume + ": " + loaded.training_refused);
    for (const auto& note : loaded.training_notes) std::fprintf(stderr, "descent train: %s\n", note.c_str());
    model = std::move(loaded.model);
    opt = std::move(loaded.optimizer);
    if (!opt) throw std::runtime_error(*resume + ": no training configuration to resume from");
    if (!o.optimizer.empty() && o.optimizer != opt->name())
      throw UsageError("--optimizer " + o.optimizer + " differs from the resumed model's " + opt->name());
    if (!o.model.empty()) std::fprintf(stderr, "descent train: --model is ignored with --resume\n");
    fit = loaded.options;
    start_epoch = loaded.epoch;
    history = loaded.history;
    if (!(model->input_shape() == data.train.shape))
      throw UsageError("--resume: the model takes " + model->input_shape().str() + " but the data's images are " +
                       data.train.shape.str());
  } else {
    try {
      opt = optim::make_optimizer<float>(o.optimizer.empty() ? "adam" : o.optimizer);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--optimizer: ") + e.what());
    }
    fit.seed = 1;
    fit.batch_size = 32;
    fit.validation_split = 0.1;
  }
  if (o.batch_size) fit.batch_size = *o.batch_size;
  if (o.seed) fit.seed = *o.seed;
  if (o.val_split) fit.validation_split = *o.val_split;
  fit.epochs = epochs;
  if (!resume) {
    model = make_model(o.model, data.train.shape, data.train.classes, fit.seed);
    model->set_seed(fit.seed);
    if (!o.initial_weights.empty()) {
      try {
        nn::load_weights(o.initial_weights, *model);
      } catch (const std::exception& e) {  // the file is bad input for this model
        throw UsageError(std::string("--initial-weights: ") + e.what());
      }
    }
  }
  // A resumed model's outputs must be the data's classes (a fresh one is built for them).
  for (const nn::Dataset* split : {&data.train, &data.test})
    if (const std::string problem = nn::data_mismatch(*model, *split); !problem.empty())
      throw UsageError((resume ? "--resume: " + *resume : "--model: " + o.model) + ": " + problem);
  if (o.no_shuffle) fit.shuffle = false;
  if (opt->name() == "newton") throw UsageError("newton needs an exact Hessian, which a network does not provide");
  o.hyper->apply(*opt);
  if (!resume) model->set_loss(nn::LossKind::CategoricalCrossentropy);  // a resumed model keeps its own
  model->set_threads(threads);

  const bool quiet = o.quiet;
  if (!quiet) {
    std::printf("Data: %s — %ld training, %ld test images %s, %d classes\n", data.name.c_str(), data.train.size(),
                data.test.size(), data.train.shape.str().c_str(), data.train.classes);
    std::printf("Optimizer: %s (lr %g), batch %ld, seed %llu, %d thread%s\n", opt->name().c_str(), opt->lr(),
                fit.batch_size, static_cast<unsigned long long>(fit.seed), threads, threads == 1 ? "" : "s");
    std::printf("%s", model->summary().c_str());
    if (resume) std::printf("Resuming %s after epoch %d\n", resume->c_str(), start_epoch);
  }

  // ---- callbacks
  nn::Trainer trainer(*model, *opt);
  trainer.set_epoch(start_epoch);
  trainer.set_history(history);
  trainer.class_names = names;
  const bool has_val = fit.validation_split > 0;
  const std::string monitor = has_val ? "val_loss" : "loss";
  std::vector<std::unique_ptr<nn::Callback>> owned;
  if (!quiet) owned.push_back(std::make_unique<nn::ProgressBar>());
  owned.push_back(std::make_unique<nn::TerminateOnNaN>());
  auto* nan_guard = static_cast<nn::TerminateOnNaN*>(owned.back().get());
  if (o.early_stopping >= 0)
    owned.push_back(std::make_unique<nn::EarlyStopping>(
        nn::EarlyStopping::Config{.monitor = monitor, .patience = o.early_stopping, .restore_best_weights = true}));
  if (o.reduce_lr >= 0)
    owned.push_back(std::make_unique<nn::ReduceLROnPlateau>(
        nn::ReduceLROnPlateau::Config{.monitor = monitor, .patience = o.reduce_lr}));
  if (!o.checkpoint.empty()) {
    owned.push_back(std::make_unique<nn::ModelCheckpoint>(nn::ModelCheckpoint::Config{
        .filepath = o.checkpoint,
        .monitor = o.save_freq > 0 ? "loss" : monitor,  // mid-epoch there is only the running loss
        .save_best_only = o.save_best_only,
        .save_weights_only = o.save_weights_only,
        .save_freq = o.save_freq}));
  }
  if (!o.csv_log.empty()) owned.push_back(std::make_unique<nn::CsvLogger>(o.csv_log, resume.has_value()));
  std::vector<nn::Callback*> callbacks;
  for (auto& c : owned) callbacks.push_back(c.get());

  // ---- train, evaluate, save
  const auto t0 = std::chrono::steady_clock::now();
  trainer.fit(data.train, nullptr, fit, callbacks);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const nn::Evaluation ev = trainer.evaluate(data.test);
  print_evaluation(ev, names);

  if (!o.save.empty()) {
    nn::save_model(o.save, trainer);
    if (!quiet) std::printf("Saved the model to %s\n", o.save.c_str());
  }
  if (!o.save_weights.empty()) nn::save_weights(o.save_weights, *model);
  if (!o.save_architecture.empty()) nn::save_architecture(o.save_architecture, *model);
  if (!o.report.empty()) {
    nlohmann::json r = evaluation_json(ev, names);
    r["data"] = data.name;
    r["model"] = resume ? *resume : o.model;
    nlohmann::json hyper = nlohmann::json::object();
    for (const auto& spec : opt->specs()) hyper[spec.name] = opt->get(spec.name);
    r["optimizer"] = {{"name", opt->name()}, {"hyperparameters", hyper}};
    r["epochs"] = trainer.epoch();
    r["batch_size"] = fit.batch_size;
    r["seed"] = fit.seed;
    r["threads"] = threads;
    r["validation_split"] = fit.validation_split;
    r["train_seconds"] = seconds;
    r["parameters"] = model->params().size();
    r["history"] = history_json(trainer.history());
    r["terminated_on_nan"] = nan_guard->terminated();
    write_file_atomic(o.report, r.dump(2) + "\n");
  }
  if (nan_guard->terminated()) throw DivergedError("the loss became NaN or infinite; training stopped");
  return 0;
}

std::function<int()> declare_train(CLI::App& app) {
  auto o = std::make_shared<TrainOptions>();
  app.description(
      "Trains a model with any optimizer of optim/, shows Keras' progress, and ends with the test loss\n"
      "and accuracy, the per-class table and the confusion matrix.");
  add_text(app, "data", o->data,
           "mnist (data/mnist, see tools/nn/setup_mnist.sh), fashion (Debian's dataset-fashion-mnist), or a folder: "
           "the four MNIST IDX files (plain or .gz), or one sub-folder of images per class (train/ and test/ inside it "
           "are used when present; otherwise a fifth is held out for test)")
      ->type_name("mnist|fashion|DIR")
      ->required();
  add_text(app, "model", o->model,
           "cnn: Conv2D(32,3x3,relu) MaxPool2 Conv2D(64,3x3,relu) MaxPool2 Flatten Dropout(0.5) Dense(softmax); "
           "mlp: Flatten Dense(128,relu) Dense(softmax); or a Keras architecture JSON file")
      ->type_name("cnn|mlp|FILE.json");
  add_text(app, "optimizer", o->optimizer,
           "any optimizer of `descent trace --list` (default adam), with its hyperparameters below")
      ->type_name("NAME");
  add_integer(app, "epochs", o->epochs, 0, 1'000'000,
              "total epochs (default 1; 0 only evaluates; with --resume, training continues up to this epoch)");
  add_parsed(
      app, "batch-size", "N",
      [o](const std::string& t) { o->batch_size = parse_integer("batch-size", t, 1, 1'000'000); },
      "mini-batch size (default 32)");
  add_parsed(
      app, "val-split", "F",
      [o](const std::string& t) {
        const double v = parse_number("val-split", t);
        if (!(v >= 0 && v < 1)) throw UsageError("--val-split: must be in [0, 1), got " + t);
        o->val_split = v;
      },
      "fraction held out for validation (default 0.1)");
  add_parsed(
      app, "seed", "S",
      [o](const std::string& t) { o->seed = static_cast<std::uint64_t>(parse_integer("seed", t, 0, 1L << 62)); },
      "weights, shuffling and dropout (default 1)");
  add_integer(app, "threads", o->threads, 1, 256, "batch split across T threads (default 2)");
  add_text(app, "save", o->save, "save the model (architecture, weights, optimizer state) as one Keras .h5");
  add_text(app, "save-weights", o->save_weights, "save the weights alone (.h5)");
  add_text(app, "save-architecture", o->save_architecture, "save the architecture as Keras JSON");
  auto* checkpoint = add_text(app, "checkpoint", o->checkpoint,
                              "ModelCheckpoint file pattern, e.g. 'ckpt-{epoch:02d}-{val_loss:.4f}.h5'")
                         ->type_name("PATTERN");
  app.add_flag("--save-best-only", o->save_best_only, "with --checkpoint: save only when the monitor improves")
      ->needs(checkpoint);
  app.add_flag("--save-weights-only", o->save_weights_only, "with --checkpoint: save the weights alone")
      ->needs(checkpoint);
  add_integer(app, "save-freq", o->save_freq, 1, 1L << 40,
              "with --checkpoint: save every N batches ({batch} in the pattern)")
      ->needs(checkpoint);
  add_integer(app, "early-stopping", o->early_stopping, 0, 1'000'000,
              "P: EarlyStopping(monitor=val_loss, patience=P, restore_best_weights=True)");
  add_integer(app, "reduce-lr", o->reduce_lr, 0, 1'000'000,
              "P: ReduceLROnPlateau(monitor=val_loss, factor=0.1, patience=P)");
  add_text(app, "csv-log", o->csv_log, "CSVLogger: one line per epoch to FILE");
  add_text(app, "report", o->report, "results and history as JSON");
  auto* initial_weights = add_text(app, "initial-weights", o->initial_weights,
                                   "start from these weights (Keras' model.load_weights before fit)");
  add_text(app, "resume", o->resume, "continue a model saved with --save (same seed and batch size unless given)")
      ->excludes(initial_weights);
  add_parsed(
      app, "image-size", "HxW", [o](const std::string& t) { std::tie(o->h, o->w) = parse_size(t); },
      "the images' size for a folder of images (default 28x28)");
  app.add_flag("--rgb", o->rgb, "read a folder's images in colour (default grayscale)");
  app.add_flag("--quiet", o->quiet, "no progress, summary or model table: only the final report");
  app.add_flag("--no-shuffle", o->no_shuffle, "keep the training images in file order (Keras' fit(shuffle=False))");
  o->hyper = std::make_unique<OptimizerFlags>(app);
  return [o] { return run_train(*o); };
}

const Registration kTrain{{"train", "train a CNN or MLP on MNIST, Fashion-MNIST or an image folder", declare_train}};

}  // namespace
}  // namespace lab::cli
