// lab/cli/train.cpp — `descent train`: the course's Keras workflow, headless.
//
// Loads a data set, builds (or resumes) a model, trains it with any optim/
// optimizer, shows Keras' progress bar, and ends with the test loss and
// accuracy, the per-class table and the confusion matrix.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>

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

const char* const kUsage =
    "usage: descent train --data mnist|fashion|DIR --model cnn|mlp|FILE.json [--optimizer NAME] [optimizer flags]\n"
    "                     [--epochs N] [--batch-size B] [--val-split F] [--seed S] [--threads T]\n"
    "                     [--save MODEL.h5] [--save-weights W.h5] [--save-architecture A.json]\n"
    "                     [--checkpoint PATTERN [--save-best-only] [--save-weights-only] [--save-freq N]]\n"
    "                     [--early-stopping PATIENCE] [--reduce-lr PATIENCE] [--csv-log FILE] [--report FILE.json]\n"
    "                     [--resume MODEL.h5] [--image-size HxW] [--rgb] [--initial-weights W.h5] [--no-shuffle]\n"
    "\n"
    "  --data        mnist (data/mnist, see tools/nn/setup_mnist.sh), fashion (Debian's dataset-fashion-mnist),\n"
    "                or a folder: the four MNIST IDX files (plain or .gz), or one sub-folder of images per class\n"
    "                (train/ and test/ inside it are used when present; otherwise a fifth is held out for test)\n"
    "  --model       cnn: Conv2D(32,3x3,relu) MaxPool2 Conv2D(64,3x3,relu) MaxPool2 Flatten Dropout(0.5) "
    "Dense(softmax)\n"
    "                mlp: Flatten Dense(128,relu) Dense(softmax); or a Keras architecture JSON file\n"
    "  --optimizer   any optimizer of `descent trace --list` (default adam), with its flags: --lr 0.001 …\n"
    "  --epochs      total epochs (default 1; 0 only evaluates; with --resume, training continues up to this epoch)\n"
    "  --batch-size  mini-batch size (default 32)      --val-split  fraction held out for validation (default 0.1)\n"
    "  --seed        weights, shuffling and dropout (default 1)  --threads  batch split across T threads (default 2)\n"
    "  --checkpoint  ModelCheckpoint file pattern, e.g. 'ckpt-{epoch:02d}-{val_loss:.4f}.h5'; --save-best-only and\n"
    "                --save-weights-only as in Keras; --save-freq N saves every N batches ({batch} in the pattern)\n"
    "  --early-stopping P   EarlyStopping(monitor=val_loss, patience=P, restore_best_weights=True)\n"
    "  --reduce-lr P        ReduceLROnPlateau(monitor=val_loss, factor=0.1, patience=P)\n"
    "  --csv-log FILE       CSVLogger      --report FILE.json   results and history as JSON\n"
    "  --resume MODEL.h5    continue a model saved with --save (same seed and batch size unless given)\n"
    "  --initial-weights W.h5  start from these weights (Keras' model.load_weights before fit)\n"
    "  --no-shuffle         keep the training images in file order (Keras' fit(shuffle=False))";

bool is_train_flag(std::string_view option) {
  return option == "save-best-only" || option == "save-weights-only" || option == "rgb" || option == "quiet" ||
         option == "no-shuffle" || is_optimizer_flag(option);
}

std::pair<long, long> parse_size(const std::string& text) {
  const auto x = text.find('x');
  if (x == std::string::npos) throw UsageError("--image-size: expected HxW such as 28x28, got '" + text + "'");
  return {parse_integer("image-size", text.substr(0, x), 1, 4096),
          parse_integer("image-size", text.substr(x + 1), 1, 4096)};
}

int run_train(const std::vector<std::string>& args) {
  const ParsedArgs parsed = parse_args(args, is_train_flag);
  if (!parsed.positional.empty()) throw UsageError("unexpected argument '" + parsed.positional.front() + "'");
  static const std::vector<std::string> kOwn = {"data",
                                                "model",
                                                "optimizer",
                                                "epochs",
                                                "batch-size",
                                                "val-split",
                                                "seed",
                                                "threads",
                                                "save",
                                                "save-weights",
                                                "save-architecture",
                                                "checkpoint",
                                                "save-best-only",
                                                "save-weights-only",
                                                "save-freq",
                                                "early-stopping",
                                                "reduce-lr",
                                                "csv-log",
                                                "report",
                                                "resume",
                                                "image-size",
                                                "rgb",
                                                "quiet",
                                                "initial-weights",
                                                "no-shuffle"};
  const auto resume = parsed.value("resume");
  const std::string data_spec = parsed.required("data");
  if (!resume && !parsed.has("model")) throw UsageError("missing --model (cnn, mlp or FILE.json)");
  if (resume && parsed.has("initial-weights"))
    throw UsageError("--initial-weights and --resume exclude each other: a resumed model has its own weights");

  // ---- numbers
  const int epochs = static_cast<int>(parse_integer("epochs", parsed.value("epochs").value_or("1"), 0, 1'000'000));
  const int threads = static_cast<int>(
      parse_integer("threads", parsed.value("threads").value_or(std::to_string(default_threads())), 1, 256));
  long h = 28, w = 28;
  if (auto s = parsed.value("image-size")) std::tie(h, w) = parse_size(*s);
  const long channels = parsed.has("rgb") ? 3 : 1;
  auto optional_number = [&](const char* name) -> std::optional<std::string> { return parsed.value(name); };
  const auto batch_text = optional_number("batch-size");
  const auto split_text = optional_number("val-split");
  const auto seed_text = optional_number("seed");
  double val_split = 0.1;
  if (split_text) {
    val_split = parse_number("val-split", *split_text);
    if (!(val_split >= 0 && val_split < 1)) throw UsageError("--val-split: must be in [0, 1), got " + *split_text);
  }
  auto patience = [&](const char* name) -> int {
    auto v = parsed.value(name);
    return v ? static_cast<int>(parse_integer(name, *v, 0, 1'000'000)) : -1;
  };
  const int early = patience("early-stopping"), reduce = patience("reduce-lr");
  for (const char* option : {"save-best-only", "save-weights-only", "save-freq"})
    if (parsed.has(option) && !parsed.has("checkpoint"))
      throw UsageError(std::string("--") + option + " needs --checkpoint PATTERN");
  const long save_freq =
      parsed.has("save-freq") ? parse_integer("save-freq", parsed.value("save-freq").value(), 1, 1L << 40) : 0;
  if (auto c = parsed.value("checkpoint")) {
    if (c->empty()) throw UsageError("--checkpoint: empty pattern");
    try {  // a bad pattern fails now, not after the first epoch
      nn::format_checkpoint_path(*c, 0, {{"loss", 0}, {"accuracy", 0}, {"val_loss", 0}, {"val_accuracy", 0}, {"lr", 0}},
                                 save_freq > 0 ? 0 : -1);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--checkpoint: ") + e.what());
    }
  }

  // ---- data
  nn::DataSplit data = load_data(data_spec, h, w, channels);
  const std::vector<std::string> names =
      !data.train.class_names.empty() ? data.train.class_names : std::vector<std::string>{};

  // ---- model and optimizer (fresh or resumed)
  std::unique_ptr<nn::Sequential<float>> model;
  std::unique_ptr<optim::Optimizer<float>> opt;
  nn::FitOptions fit;
  int start_epoch = 0;
  std::vector<nn::Logs> history;
  if (resume) {
    nn::LoadedModel loaded;
    try {
      loaded = nn::load_model(*resume);
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(e.what());
    }
    model = std::move(loaded.model);
    opt = std::move(loaded.optimizer);
    if (!opt) throw std::runtime_error(*resume + ": no training configuration to resume from");
    if (auto o = parsed.value("optimizer"); o && *o != opt->name())
      throw UsageError("--optimizer " + *o + " differs from the resumed model's " + opt->name());
    if (auto m = parsed.value("model"); m) std::fprintf(stderr, "descent train: --model is ignored with --resume\n");
    fit = loaded.options;
    start_epoch = loaded.epoch;
    history = loaded.history;
    if (!(model->input_shape() == data.train.shape))
      throw UsageError("--resume: the model takes " + model->input_shape().str() + " but the data's images are " +
                       data.train.shape.str());
  } else {
    const std::string name = parsed.value("optimizer").value_or("adam");
    try {
      opt = optim::make_optimizer<float>(name);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--optimizer: ") + e.what());
    }
    fit.seed = 1;
    fit.batch_size = 32;
    fit.validation_split = val_split;
  }
  if (batch_text) fit.batch_size = parse_integer("batch-size", *batch_text, 1, 1'000'000);
  if (seed_text) fit.seed = static_cast<std::uint64_t>(parse_integer("seed", *seed_text, 0, 1L << 62));
  if (split_text) fit.validation_split = val_split;
  fit.epochs = epochs;
  if (!resume) {
    model = make_model(parsed.value("model").value(), data.train.shape, data.train.classes, fit.seed);
    model->set_seed(fit.seed);
    if (auto w = parsed.value("initial-weights")) nn::load_weights(*w, *model);
  }
  if (parsed.has("no-shuffle")) fit.shuffle = false;
  if (opt->name() == "newton") throw UsageError("newton needs an exact Hessian, which a network does not provide");
  for (const auto& [option, value] : parsed.options) {
    if (std::find(kOwn.begin(), kOwn.end(), option) != kOwn.end()) continue;
    if (!apply_optimizer_option(*opt, option, value))
      throw UsageError("unknown option --" + option + " for " + opt->name() + " (see descent trace --list)");
  }
  model->set_loss(nn::LossKind::CategoricalCrossentropy);
  model->set_threads(threads);

  const bool quiet = parsed.has("quiet");
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
  if (early >= 0)
    owned.push_back(std::make_unique<nn::EarlyStopping>(
        nn::EarlyStopping::Config{.monitor = monitor, .patience = early, .restore_best_weights = true}));
  if (reduce >= 0)
    owned.push_back(
        std::make_unique<nn::ReduceLROnPlateau>(nn::ReduceLROnPlateau::Config{.monitor = monitor, .patience = reduce}));
  if (auto pattern = parsed.value("checkpoint")) {
    owned.push_back(std::make_unique<nn::ModelCheckpoint>(nn::ModelCheckpoint::Config{
        .filepath = *pattern,
        .monitor = save_freq > 0 ? "loss" : monitor,  // mid-epoch there is only the running loss
        .save_best_only = parsed.has("save-best-only"),
        .save_weights_only = parsed.has("save-weights-only"),
        .save_freq = save_freq}));
  }
  if (auto csv = parsed.value("csv-log")) owned.push_back(std::make_unique<nn::CsvLogger>(*csv, resume.has_value()));
  std::vector<nn::Callback*> callbacks;
  for (auto& c : owned) callbacks.push_back(c.get());

  // ---- train, evaluate, save
  const auto t0 = std::chrono::steady_clock::now();
  trainer.fit(data.train, nullptr, fit, callbacks);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const nn::Evaluation ev = trainer.evaluate(data.test);
  print_evaluation(ev, names);

  if (auto p = parsed.value("save")) {
    nn::save_model(*p, trainer);
    if (!quiet) std::printf("Saved the model to %s\n", p->c_str());
  }
  if (auto p = parsed.value("save-weights")) nn::save_weights(*p, *model);
  if (auto p = parsed.value("save-architecture")) nn::save_architecture(*p, *model);
  if (auto p = parsed.value("report")) {
    nlohmann::json r = evaluation_json(ev, names);
    r["data"] = data.name;
    r["model"] = resume ? *resume : parsed.value("model").value();
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
    write_file_atomic(*p, r.dump(2) + "\n");
  }
  if (nan_guard->terminated()) throw DivergedError("the loss became NaN or infinite; training stopped");
  return 0;
}

const Registration kTrain{
    {"train", "train a CNN or MLP on MNIST, Fashion-MNIST or an image folder", kUsage, run_train}};

}  // namespace
}  // namespace lab::cli
