// nn/architecture.cpp — a Sequential model as Keras' model_config JSON, and back.
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "nn/batch_norm.hpp"
#include "nn/conv2d.hpp"
#include "nn/dense.hpp"
#include "nn/model_io.hpp"
#include "nn/pooling.hpp"
#include "nn/simple_layers.hpp"

namespace nn {

using json = nlohmann::json;

namespace {

json initializer(Init i) {
  return {{"class_name", init_name(i)}, {"config", json::object({{"seed", nullptr}})}};
}

json regularizer(double l1, double l2) {
  if (l1 == 0 && l2 == 0) return nullptr;
  return {{"class_name", "L1L2"}, {"config", {{"l1", l1}, {"l2", l2}}}};
}

// The fields Keras' Dense and Conv2D configs share.
template <class Config>
void add_kernel_fields(json& c, const Config& k) {
  c["activation"] = act_name(k.activation);
  c["use_bias"] = k.use_bias;
  c["kernel_initializer"] = initializer(k.kernel_initializer);
  c["bias_initializer"] = initializer(Init::Zeros);
  c["kernel_regularizer"] = regularizer(k.l1, k.l2);
  c["bias_regularizer"] = nullptr;
}

json layer_json(const Layer<float>& l) {
  json c = {{"name", l.name()}, {"trainable", true}, {"dtype", "float32"}};
  if (auto* d = dynamic_cast<const Dense<float>*>(&l)) {
    const auto& k = d->config();
    c["units"] = k.units;
    add_kernel_fields(c, k);
  } else if (auto* v = dynamic_cast<const Conv2D<float>*>(&l)) {
    const auto& k = v->config();
    c["filters"] = k.filters;
    c["kernel_size"] = {k.kernel_h, k.kernel_w};
    c["strides"] = {k.stride_h, k.stride_w};
    c["padding"] = k.padding == Padding::Valid ? "valid" : "same";
    c["data_format"] = "channels_last";
    c["dilation_rate"] = {1, 1};
    c["groups"] = 1;
    add_kernel_fields(c, k);
  } else if (auto* p = dynamic_cast<const Pool2D<float>*>(&l)) {
    const auto& k = p->config();
    c["pool_size"] = {k.pool_h, k.pool_w};
    c["padding"] = k.padding == Padding::Valid ? "valid" : "same";
    c["strides"] = {k.stride_h, k.stride_w};
    c["data_format"] = "channels_last";
  } else if (dynamic_cast<const Flatten<float>*>(&l)) {
    c["data_format"] = "channels_last";
  } else if (auto* a = dynamic_cast<const Activation<float>*>(&l)) {
    c["activation"] = act_name(a->activation());
  } else if (auto* o = dynamic_cast<const Dropout<float>*>(&l)) {
    c["rate"] = o->config().rate;
    c["noise_shape"] = nullptr;
    c["seed"] = o->config().seed;
  } else if (auto* b = dynamic_cast<const BatchNormalization<float>*>(&l)) {
    c["axis"] = {l.input_shape().rank == 3 ? 3 : 1};
    c["momentum"] = b->config().momentum;
    c["epsilon"] = b->config().epsilon;
    c["center"] = true;
    c["scale"] = true;
    c["beta_initializer"] = initializer(Init::Zeros);
    c["gamma_initializer"] = initializer(Init::Ones);
    c["moving_mean_initializer"] = initializer(Init::Zeros);
    c["moving_variance_initializer"] = initializer(Init::Ones);
  } else {
    throw std::logic_error("no JSON form for layer class " + l.class_name());
  }
  return {{"class_name", l.class_name()}, {"config", c}};
}

// Reading: fields are checked with messages that name the layer.
struct Reader {
  const json& c;
  std::string where;
  template <class V>
  V get(const char* key, V fallback) const {
    if (!c.contains(key) || c[key].is_null()) return fallback;
    try {
      return c[key].get<V>();
    } catch (const json::exception&) {
      throw std::invalid_argument(where + ": field '" + key + "' has the wrong type");
    }
  }
  std::pair<long, long> pair(const char* key, std::pair<long, long> fallback) const {
    if (!c.contains(key) || c[key].is_null()) return fallback;
    const json& v = c[key];
    if (v.is_number_integer()) return {v.get<long>(), v.get<long>()};
    if (v.is_array() && v.size() == 2 && v[0].is_number_integer() && v[1].is_number_integer())
      return {v[0].get<long>(), v[1].get<long>()};
    throw std::invalid_argument(where + ": field '" + std::string(key) + "' must be an integer or a pair");
  }
  Padding padding() const {
    const std::string p = get<std::string>("padding", "valid");
    if (p == "valid") return Padding::Valid;
    if (p == "same") return Padding::Same;
    throw std::invalid_argument(where + ": padding must be 'valid' or 'same', got '" + p + "'");
  }
  Act activation() const {
    const json& a = c.contains("activation") ? c["activation"] : json("linear");
    if (a.is_null()) return Act::Linear;
    if (!a.is_string()) throw std::invalid_argument(where + ": activation must be a name");
    return act_from_name(a.get<std::string>());
  }
  Init init(const char* key, Init fallback) const {
    if (!c.contains(key) || c[key].is_null()) return fallback;
    const json& v = c[key];
    if (v.is_string()) return init_from_name(v.get<std::string>());
    if (v.is_object() && v.contains("class_name")) return init_from_name(v["class_name"].get<std::string>());
    throw std::invalid_argument(where + ": " + key + " must be an initializer");
  }
  void penalties(double& l1, double& l2) const {
    if (!c.contains("kernel_regularizer") || c["kernel_regularizer"].is_null()) return;
    const json& r = c["kernel_regularizer"];
    const json& rc = r.contains("config") ? r["config"] : r;
    l1 = rc.value("l1", 0.0);
    l2 = rc.value("l2", 0.0);
  }
  void channels_last() const {
    if (get<std::string>("data_format", "channels_last") != "channels_last")
      throw std::invalid_argument(where + ": only data_format 'channels_last' is supported");
  }
};

std::unique_ptr<Layer<float>> layer_from_json(const json& j, std::size_t index) {
  if (!j.is_object() || !j.contains("class_name") || !j["class_name"].is_string())
    throw std::invalid_argument("layer " + std::to_string(index) + ": missing class_name");
  const std::string cls = j["class_name"].get<std::string>();
  static const json empty = json::object();
  const json& c = j.contains("config") && j["config"].is_object() ? j["config"] : empty;
  Reader r{c, "layer " + std::to_string(index) + " (" + cls + ")"};
  std::unique_ptr<Layer<float>> l;
  if (cls == "Dense") {
    DenseConfig k;
    k.units = r.get<long>("units", 0);
    k.activation = r.activation();
    k.use_bias = r.get<bool>("use_bias", true);
    k.kernel_initializer = r.init("kernel_initializer", Init::GlorotUniform);
    r.penalties(k.l1, k.l2);
    l = std::make_unique<Dense<float>>(k);
  } else if (cls == "Conv2D") {
    r.channels_last();
    if (r.pair("dilation_rate", {1, 1}) != std::pair<long, long>{1, 1} || r.get<long>("groups", 1) != 1)
      throw std::invalid_argument(r.where + ": dilation and groups are not supported");
    Conv2DConfig k;
    k.filters = r.get<long>("filters", 0);
    std::tie(k.kernel_h, k.kernel_w) = r.pair("kernel_size", {0, 0});
    std::tie(k.stride_h, k.stride_w) = r.pair("strides", {1, 1});
    k.padding = r.padding();
    k.activation = r.activation();
    k.use_bias = r.get<bool>("use_bias", true);
    k.kernel_initializer = r.init("kernel_initializer", Init::GlorotUniform);
    r.penalties(k.l1, k.l2);
    l = std::make_unique<Conv2D<float>>(k);
  } else if (cls == "MaxPooling2D" || cls == "AveragePooling2D") {
    r.channels_last();
    PoolConfig k;
    std::tie(k.pool_h, k.pool_w) = r.pair("pool_size", {2, 2});
    std::tie(k.stride_h, k.stride_w) = r.pair("strides", {k.pool_h, k.pool_w});
    k.padding = r.padding();
    l = std::make_unique<Pool2D<float>>(cls == "MaxPooling2D" ? Pool2D<float>::Kind::Max : Pool2D<float>::Kind::Average,
                                        k);
  } else if (cls == "Flatten") {
    l = std::make_unique<Flatten<float>>();
  } else if (cls == "Activation") {
    l = std::make_unique<Activation<float>>(r.activation());
  } else if (cls == "ReLU") {
    l = std::make_unique<Activation<float>>(Act::Relu);
  } else if (cls == "LeakyReLU") {
    l = std::make_unique<Activation<float>>(Act::LeakyRelu, static_cast<float>(r.get<double>("alpha", 0.3)));
  } else if (cls == "Softmax") {
    l = std::make_unique<Activation<float>>(Act::Softmax);
  } else if (cls == "Dropout") {
    DropoutConfig k;
    k.rate = r.get<double>("rate", 0.5);
    k.seed = r.get<std::uint64_t>("seed", 0);
    l = std::make_unique<Dropout<float>>(k);
  } else if (cls == "BatchNormalization") {
    BatchNormConfig k;
    k.momentum = r.get<double>("momentum", 0.99);
    k.epsilon = r.get<double>("epsilon", 1e-3);
    l = std::make_unique<BatchNormalization<float>>(k);
  } else {
    throw std::invalid_argument("layer " + std::to_string(index) + ": unsupported class '" + cls +
                                "' (supported: Dense, Conv2D, MaxPooling2D, AveragePooling2D, Flatten, Dropout, "
                                "BatchNormalization, Activation, ReLU, LeakyReLU, Softmax)");
  }
  if (c.contains("name") && c["name"].is_string()) l->set_name(c["name"].get<std::string>());
  return l;
}

}  // namespace

std::string architecture_json(const Sequential<float>& model) {
  const Shape& in = model.input_shape();
  json shape = in.rank == 3 ? json{nullptr, in.h, in.w, in.c} : json{nullptr, in.c};
  json layers = json::array();
  layers.push_back({{"class_name", "InputLayer"},
                    {"config",
                     {{"batch_input_shape", shape},
                      {"dtype", "float32"},
                      {"sparse", false},
                      {"ragged", false},
                      {"name", "input_1"}}}});
  for (std::size_t i = 0; i < model.size(); ++i) layers.push_back(layer_json(model.layer(i)));
  json j = {{"class_name", "Sequential"}, {"config", {{"name", model.name()}, {"layers", layers}}}};
  return j.dump();
}

std::unique_ptr<Sequential<float>> model_from_json(const std::string& text, std::uint64_t seed) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw std::invalid_argument(std::string("not valid JSON: ") + e.what());
  }
  if (!j.is_object() || j.value("class_name", "") != "Sequential" || !j.contains("config"))
    throw std::invalid_argument(
        "the architecture must be a Keras Sequential model ({\"class_name\": \"Sequential\", …})");
  const json& config = j["config"];
  const json& layers = config.is_object() && config.contains("layers") ? config["layers"] : config;
  if (!layers.is_array() || layers.empty()) throw std::invalid_argument("the model has no layers");
  // The input shape: an InputLayer, or batch_input_shape on the first layer.
  auto shape_of = [](const json& s) -> Shape {
    if (!s.is_array() || (s.size() != 2 && s.size() != 4))
      throw std::invalid_argument("batch_input_shape must be [null, n] or [null, h, w, c]");
    for (std::size_t i = 1; i < s.size(); ++i)
      if (!s[i].is_number_integer() || s[i].get<long>() < 1)
        throw std::invalid_argument("batch_input_shape has a bad size");
    return s.size() == 2 ? Shape::vector(s[1].get<long>())
                         : Shape::image(s[1].get<long>(), s[2].get<long>(), s[3].get<long>());
  };
  std::size_t first = 0;
  Shape input;
  const json& l0 = layers[0];
  const json& c0 = l0.contains("config") ? l0["config"] : json::object();
  if (c0.contains("batch_input_shape"))
    input = shape_of(c0["batch_input_shape"]);
  else if (c0.contains("batch_shape"))
    input = shape_of(c0["batch_shape"]);
  else
    throw std::invalid_argument("the first layer must give batch_input_shape (an InputLayer)");
  if (l0.value("class_name", "") == "InputLayer") first = 1;
  const std::string name = config.is_object() ? config.value("name", "sequential") : "sequential";
  auto model = std::make_unique<Sequential<float>>(input, name);
  for (std::size_t i = first; i < layers.size(); ++i) {
    try {
      model->add(layer_from_json(layers[i], i));
    } catch (const std::invalid_argument& e) {
      const std::string msg = e.what();
      throw std::invalid_argument(msg.rfind("layer ", 0) == 0 ? msg : "layer " + std::to_string(i) + ": " + msg);
    }
  }
  model->initialize(seed);
  return model;
}

void save_architecture(const std::string& path, const Sequential<float>& model) {
  json j = json::parse(architecture_json(model));
  j["keras_version"] = "2.11.0";
  j["backend"] = "tensorflow";
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    out << j.dump(2) << "\n";
    if (!out) {
      std::remove(tmp.c_str());
      throw std::runtime_error(path + ": cannot write");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw std::runtime_error(path + ": cannot write");
  }
}

std::unique_ptr<Sequential<float>> load_architecture(const std::string& path, std::uint64_t seed) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    return model_from_json(ss.str(), seed);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(path + ": " + e.what());
  }
}

}  // namespace nn
