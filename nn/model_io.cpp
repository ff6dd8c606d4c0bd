// nn/model_io.cpp — whole models and weights in Keras' .h5 layout (see model_io.hpp).
#include "nn/model_io.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "nn/atomic_file.hpp"
#include "nn/h5.hpp"
#include "nn/keras_optimizer_state.hpp"
#include "nn/keras_training_config.hpp"
#include "optim/registry.hpp"

namespace nn {

using json = nlohmann::json;

namespace {

constexpr const char* kKerasVersion = "2.11.0";

// Builds the file in memory through `fill`, then writes its bytes the way
// every file is written (write_file_atomic): the disk's errors are the
// system's, named with `path`, and a failed write leaves nothing behind.
template <class F>
void atomic_h5(const std::string& path, F&& fill) {
  check_replaceable(path);
  std::string bytes;
  {
    h5::File f = h5::File::create_in_memory(path);
    fill(f);
    bytes = f.image();
  }
  write_file_atomic(path, bytes);
}

// One layer's tensors, in Keras' order and shapes.
struct Tensor {
  std::string name;  // "kernel"
  std::vector<long> shape;
  std::vector<float> values;
};

std::vector<Tensor> layer_tensors(Sequential<float>& model, std::size_t i) {
  std::vector<Tensor> out;
  Layer<float>& l = model.layer(i);
  const float* p = model.params().data() + model.offset(i);
  for (const auto& info : l.param_info()) {
    Tensor t{.name = info.name,
             .shape = info.keras_shape,
             .values = std::vector<float>(static_cast<std::size_t>(info.size()))};
    for (long r = 0; r < info.rows; ++r)
      for (long c = 0; c < info.cols; ++c)
        t.values[static_cast<std::size_t>(info.transposed ? c * info.rows + r : r * info.cols + c)] =
            p[r * info.cols + c];
    p += info.size();
    out.push_back(std::move(t));
  }
  for (auto& [name, v] : l.state())
    out.push_back({.name = name, .shape = {static_cast<long>(v->size())}, .values = *v});
  return out;
}

void write_weights(const h5::File& f, hid_t root, Sequential<float>& model) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < model.size(); ++i) names.push_back(model.layer(i).name());
  h5::write_string_list_attr(f, root, "layer_names", names);
  h5::write_string_attr(f, root, "backend", "tensorflow");
  h5::write_string_attr(f, root, "keras_version", kKerasVersion);
  for (std::size_t i = 0; i < model.size(); ++i) {
    const std::string& ln = model.layer(i).name();
    h5::Handle g = h5::create_group(f, root, ln);
    std::vector<std::string> weight_names;
    for (const auto& t : layer_tensors(model, i)) {
      const std::string wn = ln + "/" + t.name + ":0";
      weight_names.push_back(wn);
      h5::write_floats(f, g.id(), wn, t.shape, t.values.data());
    }
    h5::write_string_list_attr(f, g.id(), "weight_names", weight_names);
  }
}

std::string shape_text(const std::vector<long>& s) {
  std::string out = "(";
  for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + (s.size() == 1 ? ",)" : ")");
}

// The weight `name` ("kernel", "moving_mean") among a layer group's
// weight_names, as each Keras writes them: Keras 2's "dense/kernel:0", Keras
// 3's "sequential/dense/kernel", descent's "dense/kernel:0". The dataset is at
// that path inside the layer's group; nothing else is guessed.
std::string weight_path(const std::vector<std::string>& weight_names, const std::string& name) {
  for (const auto& wn : weight_names) {
    const std::size_t slash = wn.rfind('/');
    std::string base = wn.substr(slash == std::string::npos ? 0 : slash + 1);
    if (base.size() > 2 && base.compare(base.size() - 2, 2, ":0") == 0) base.resize(base.size() - 2);
    if (base == name) return wn;
  }
  return "";
}

// A layer group's weight_names. Keras splits an attribute past HDF5's 64 KB
// object header into weight_names0, weight_names1, …; those are joined.
std::vector<std::string> read_weight_names(const h5::File& f, hid_t group, const std::string& layer) {
  if (h5::has_attr(f, group, "weight_names")) return h5::read_string_list_attr(f, group, "weight_names");
  constexpr int kMaxChunks = 1024;  // 64 MB of names: far more than any model within nn/limits.hpp has
  std::vector<std::string> names;
  int chunk = 0;
  for (; chunk < kMaxChunks && h5::has_attr(f, group, "weight_names" + std::to_string(chunk)); ++chunk)
    for (auto& n : h5::read_string_list_attr(f, group, "weight_names" + std::to_string(chunk)))
      names.push_back(std::move(n));
  if (chunk == 0) throw std::runtime_error(f.path() + ": layer '" + layer + "' has no weight_names attribute");
  return names;
}

// Each layer's tensors from its group under `root` (/model_weights, or the
// root of a weights-only file), by the group's weight_names, every shape
// checked against the built layer before anything is read.
void read_weights(const h5::File& f, hid_t root, Sequential<float>& model) {
  for (std::size_t i = 0; i < model.size(); ++i) {
    Layer<float>& l = model.layer(i);
    const auto infos = l.param_info();
    auto state = l.state();
    if (infos.empty() && state.empty()) continue;
    if (!h5::exists(root, l.name())) throw std::runtime_error(f.path() + ": no weights for layer '" + l.name() + "'");
    h5::Handle g = h5::open_group(f, root, l.name());
    const auto weight_names = read_weight_names(f, g.id(), l.name());
    // The dataset of weight `name`, its shape checked against `expected`.
    auto locate = [&](const std::string& name, const std::vector<long>& expected) {
      const std::string wn = weight_path(weight_names, name);
      if (wn.empty())
        throw std::runtime_error(f.path() + ": layer '" + l.name() + "' has no weight '" + name +
                                 "' in its weight_names");
      if (!h5::exists(g.id(), wn))
        throw std::runtime_error(f.path() + ": layer '" + l.name() + "': weight_names names " + wn +
                                 ", which is not in the file");
      const auto found = h5::dataset_shape(f, g.id(), wn);
      if (found != expected)
        throw std::runtime_error(f.path() + ": layer '" + l.name() + "', weight '" + name +
                                 "' does not fit the model: expected shape " + shape_text(expected) + ", found " +
                                 shape_text(found));
      return wn;
    };
    float* p = model.params().data() + model.offset(i);
    for (const auto& info : infos) {
      const std::string wn = locate(info.name, info.keras_shape);
      std::vector<float> v(static_cast<std::size_t>(info.size()));
      h5::read_floats(f, g.id(), wn, v.data(), info.size());
      for (long r = 0; r < info.rows; ++r)
        for (long c = 0; c < info.cols; ++c)
          p[r * info.cols + c] = v[static_cast<std::size_t>(info.transposed ? c * info.rows + r : r * info.cols + c)];
      p += info.size();
    }
    for (auto& [name, v] : state) {
      const std::string wn = locate(name, {static_cast<long>(v->size())});
      h5::read_floats(f, g.id(), wn, v->data(), static_cast<long>(v->size()));
    }
  }
}

std::string clean(std::string name) {
  for (char& c : name)
    if (c == '/') c = '_';
  return name;
}

json logs_json(const std::vector<Logs>& history) {
  json h = json::array();
  for (const auto& logs : history) {
    json e = json::object();
    for (const auto& [k, v] : logs) e[k] = std::isfinite(v) ? json(v) : json(nullptr);
    h.push_back(e);
  }
  return h;
}

// The optimizer's buffers and scalars from /optimizer_weights. Throws
// std::invalid_argument naming what does not fit the model's `params`
// parameters (checked before a buffer is allocated), std::runtime_error for a
// file HDF5 cannot read.
void load_optimizer_state(const h5::File& f, optim::Optimizer<float>& optimizer, long params) {
  h5::Handle g = h5::open_group(f, f.id(), "optimizer_weights");
  if (!h5::has_attr(f, g.id(), "descent_buffers")) return;
  auto names = [&](const char* attr) {
    json list;
    try {
      list = json::parse(h5::read_string_attr(f, g.id(), attr));
    } catch (const json::exception&) {
      throw std::invalid_argument(std::string(attr) + " is not JSON");
    }
    if (!list.is_array()) throw std::invalid_argument(std::string(attr) + " is not a list");
    std::vector<std::string> out;
    for (const auto& n : list) {
      if (!n.is_string()) throw std::invalid_argument(std::string(attr) + " holds a name that is not a string");
      out.push_back(n.get<std::string>());
    }
    return out;
  };
  optim::OptimizerState<float> state = optimizer.save_state();  // hyperparameters as already set
  json info;
  try {
    info = json::parse(h5::read_string_attr(f, g.id(), "descent_optimizer"));
  } catch (const json::exception&) {
  }
  if (!info.is_object() || !info.contains("name") || !info["name"].is_string() || !info.contains("version") ||
      !info["version"].is_number_integer())
    throw std::invalid_argument("descent_optimizer must be {\"name\": …, \"version\": …}");
  state.optimizer = info["name"].get<std::string>();
  state.version = info["version"].get<int>();
  const std::string prefix = clean(state.optimizer) + "/";
  state.buffers.clear();
  for (const std::string& n : names("descent_buffers")) {
    const std::string wn = prefix + clean(n) + ":0";
    const auto shape = h5::dataset_shape(f, g.id(), wn);
    // Empty until the optimizer's first step; else one value per parameter.
    if (shape.size() != 1 || (shape[0] != params && shape[0] != 0))
      throw std::invalid_argument("buffer " + n + " has " +
                                  (shape.size() == 1 ? std::to_string(shape[0]) + " values" : "not one dimension") +
                                  " but the model has " + std::to_string(params) + " parameters");
    optim::Vec<float> v(shape[0]);
    h5::read_floats(f, g.id(), wn, v.data(), shape[0]);
    state.buffers.emplace_back(n, std::move(v));
  }
  state.scalars.clear();
  for (const std::string& n : names("descent_scalars")) {
    double v = 0;
    h5::read_doubles(f, g.id(), prefix + clean(n) + ":0", &v, 1);
    state.scalars.emplace_back(n, v);
  }
  optimizer.load_state(state);
}

// A file Keras wrote: its loss and optimizer in Keras' spellings and meaning,
// and its optimizer state where it holds one.
void read_keras_training(const h5::File& f, const json& training, LoadedModel& out) {
  std::string version;
  try {
    if (h5::has_attr(f, f.id(), "keras_version")) version = h5::read_string_attr(f, f.id(), "keras_version");
  } catch (const std::runtime_error&) {
  }
  const TrainingConfig config = read_training_config(training, version);
  out.model->set_loss(config.loss, config.from_logits);
  out.training_notes = config.notes;
  out.training_refused = config.refusal;
  if (config.optimizer.empty()) return;
  try {
    out.optimizer = optim::make_optimizer<float>(config.optimizer);
    for (const auto& [k, v] : config.hyper) out.optimizer->set(k, v);
  } catch (const std::invalid_argument& e) {
    out.optimizer.reset();
    out.training_refused = "optimizer " + config.keras_optimizer + ": " + e.what();
    return;
  }
  if (!h5::exists(f.id(), "optimizer_weights")) {
    out.training_notes.push_back("the file holds no optimizer state: training starts fresh");
    return;
  }
  try {
    h5::Handle g = h5::open_group(f, f.id(), "optimizer_weights");
    out.training_notes.push_back(import_keras_optimizer_state(f, g.id(), *out.model, config, *out.optimizer));
  } catch (const std::exception& e) {  // unusable state: the weights still train, from step 0
    out.optimizer->reset();
    out.training_notes.push_back(std::string("Keras' optimizer state is not used (") + e.what() +
                                 "): training starts fresh");
  }
}

// `key` of descent_state as a whole number in [lo, hi], or `fallback` when absent.
long bounded(const json& progress, const char* key, long fallback, long lo, long hi) {
  if (!progress.contains(key)) return fallback;
  const json& v = progress[key];
  // Compared as the type JSON holds, before any conversion that could wrap.
  if (v.is_number_unsigned() && v.get<std::uint64_t>() <= static_cast<std::uint64_t>(hi)) {
    const long n = static_cast<long>(v.get<std::uint64_t>());
    if (n >= lo) return n;
  } else if (v.is_number_integer() && !v.is_number_unsigned()) {
    const long n = v.get<long>();
    if (n >= lo && n <= hi) return n;
  }
  throw std::invalid_argument(std::string(key) + " must be a whole number from " + std::to_string(lo) + " to " +
                              std::to_string(hi));
}

// Where training stood: epoch, run options, counters and history.
void read_progress(const json& progress, LoadedModel& out) {
  constexpr long kMaxEpochs = 1000000, kMaxBatch = 1L << 20, kMaxThreads = 1024;
  out.epoch = static_cast<int>(bounded(progress, "epoch", 0, 0, kMaxEpochs));
  out.options.seed = progress.value("seed", std::uint64_t{0});
  out.options.batch_size = bounded(progress, "batch_size", 32, 1, kMaxBatch);
  out.options.validation_split = progress.value("validation_split", 0.0);
  if (!(out.options.validation_split >= 0 && out.options.validation_split < 1))
    throw std::invalid_argument("validation_split must be in [0, 1)");
  out.options.shuffle = progress.value("shuffle", true);
  out.model->set_pass_counter(progress.value("pass_counter", std::uint64_t{0}));
  out.model->set_seed(progress.value("model_seed", std::uint64_t{0}));
  out.model->set_threads(static_cast<int>(bounded(progress, "threads", 1, 1, kMaxThreads)));
  if (progress.contains("class_names") && progress["class_names"].is_array())
    for (const auto& n : progress["class_names"])
      if (n.is_string()) out.class_names.push_back(n.get<std::string>());
  for (const auto& e : progress.value("history", json::array())) {
    if (!e.is_object()) throw std::invalid_argument("history holds an epoch that is not an object");
    Logs logs;
    for (const auto& [k, v] : e.items()) logs[k] = v.is_number() ? v.get<double>() : std::nan("");
    out.history.push_back(logs);
  }
}

}  // namespace

void save_weights(const std::string& path, Sequential<float>& model) {
  atomic_h5(path, [&](const h5::File& f) { write_weights(f, f.id(), model); });
}

void load_weights(const std::string& path, Sequential<float>& model) {
  h5::File f = h5::File::open(path);
  const hid_t root = f.id();
  if (h5::exists(root, "model_weights")) {
    h5::Handle g = h5::open_group(f, root, "model_weights");
    read_weights(f, g.id(), model);
  } else {
    read_weights(f, root, model);
  }
}

void save_model(const std::string& path, Trainer& trainer) {
  save_model(path, trainer, trainer.epoch(), trainer.history());
}

void save_model(const std::string& path, Trainer& trainer, int epoch, const std::vector<Logs>& history) {
  Sequential<float>& model = trainer.model();
  const optim::Optimizer<float>& opt = trainer.optimizer();
  const optim::OptimizerState<float> state = opt.save_state();
  atomic_h5(path, [&](const h5::File& f) {
    const hid_t root = f.id();
    h5::write_string_attr(f, root, "keras_version", kKerasVersion);
    h5::write_string_attr(f, root, "backend", "tensorflow");
    h5::write_string_attr(f, root, "model_config", architecture_json(model));
    json hyper = json::object();
    for (const auto& [k, v] : state.hyper) hyper[k] = v;
    // Keras' spellings for Keras' loaders; descent's own optimizer record
    // (exact, methods Keras lacks included) goes in descent_state.
    json keras_optimizer = keras_optimizer_config(opt.name(), state.hyper);
    if (keras_optimizer.is_null()) keras_optimizer = {{"class_name", opt.name()}, {"config", hyper}};
    json training = {{"loss", keras_loss_config(model.loss(), model.from_logits())},
                     {"metrics", {"accuracy"}},
                     {"weighted_metrics", nullptr},
                     {"loss_weights", nullptr},
                     {"optimizer_config", keras_optimizer}};
    h5::write_string_attr(f, root, "training_config", training.dump());
    const FitOptions& o = trainer.options();
    json progress = {{"format", "descent-nn"},
                     {"version", 1},
                     {"epoch", epoch},
                     {"seed", o.seed},
                     {"batch_size", o.batch_size},
                     {"validation_split", o.validation_split},
                     {"shuffle", o.shuffle},
                     {"pass_counter", model.pass_counter()},
                     {"model_seed", model.seed()},
                     {"threads", model.threads()},
                     {"class_names", trainer.class_names},
                     {"history", logs_json(history)},
                     {"optimizer", {{"class_name", opt.name()}, {"config", hyper}}}};
    h5::write_string_attr(f, root, "descent_state", progress.dump());
    {
      h5::Handle g = h5::create_group(f, root, "model_weights");
      write_weights(f, g.id(), model);
    }
    // Optimizer state: Keras' optimizer_weights group, one dataset per named
    // buffer (flat over θ) and per scalar (t, schedule counters, …).
    h5::Handle g = h5::create_group(f, root, "optimizer_weights");
    std::vector<std::string> names, buffers, scalars;
    const std::string prefix = clean(opt.name()) + "/";
    for (const auto& [name, v] : state.buffers) {
      const std::string wn = prefix + clean(name) + ":0";
      h5::write_floats(f, g.id(), wn, {static_cast<long>(v.size())}, v.data());
      names.push_back(wn);
      buffers.push_back(name);
    }
    for (const auto& [name, v] : state.scalars) {
      const std::string wn = prefix + clean(name) + ":0";
      h5::write_doubles(f, g.id(), wn, {}, &v);
      names.push_back(wn);
      scalars.push_back(name);
    }
    h5::write_string_list_attr(f, g.id(), "weight_names", names);
    h5::write_string_attr(f, g.id(), "descent_buffers", json(buffers).dump());
    h5::write_string_attr(f, g.id(), "descent_scalars", json(scalars).dump());
    h5::write_string_attr(f, g.id(), "descent_optimizer",
                          json({{"name", state.optimizer}, {"version", state.version}}).dump());
  });
}

LoadedModel load_model(const std::string& path) {
  h5::File f = h5::File::open(path);
  const hid_t root = f.id();
  LoadedModel out;
  if (!h5::has_attr(f, root, "model_config"))
    throw std::runtime_error(path + ": no model_config (a weights-only file?)");
  try {
    out.model = model_from_json(h5::read_string_attr(f, root, "model_config"));
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(path + ": model_config: " + e.what());
  }
  {
    h5::Handle g = h5::open_group(f, root, "model_weights");
    read_weights(f, g.id(), *out.model);
  }
  json training, progress;
  try {
    if (h5::has_attr(f, root, "training_config"))
      training = json::parse(h5::read_string_attr(f, root, "training_config"));
    if (h5::has_attr(f, root, "descent_state")) progress = json::parse(h5::read_string_attr(f, root, "descent_state"));
  } catch (const json::exception& e) {
    throw std::runtime_error(path + ": bad training_config or descent_state: " + e.what());
  }
  if (training.is_object() && !progress.is_object()) {
    read_keras_training(f, training, out);
  } else if (training.is_object()) {
    try {
      TrainingConfig loss;
      if (training.contains("loss")) read_keras_loss(training["loss"], loss);
      out.model->set_loss(loss.loss, loss.from_logits);
      // Looked up with find(): json's const operator[] on a missing key is undefined.
      // descent's own record; files written before it kept descent's names in optimizer_config.
      const bool own = progress.contains("optimizer");
      const json& record = own ? progress : training;
      const auto oc = record.find(own ? "optimizer" : "optimizer_config");
      if (oc == record.end() || !oc->is_object()) throw std::invalid_argument("optimizer_config must be an object");
      out.optimizer = optim::make_optimizer<float>(oc->value("class_name", "adam"));
      const auto hyper = oc->find("config");
      if (hyper != oc->end() && hyper->is_object())
        for (const auto& [k, v] : hyper->items())
          if (out.optimizer->has(k) && v.is_number()) out.optimizer->set(k, v.get<double>());
    } catch (const std::exception& e) {
      throw std::runtime_error(path + ": training_config: " + e.what());
    }
  }
  if (out.optimizer && h5::exists(root, "optimizer_weights")) {
    try {
      load_optimizer_state(f, *out.optimizer, out.model->params().size());
    } catch (const std::invalid_argument& e) {
      // The weights are whole: the model can still predict, not continue training.
      out.optimizer_state_problem = e.what();
    }
  }
  if (progress.is_object()) {
    try {
      read_progress(progress, out);
    } catch (const json::exception& e) {
      throw std::runtime_error(path + ": descent_state: " + e.what());
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(path + ": descent_state: " + e.what());
    }
  }
  return out;
}

}  // namespace nn
