// nn/keras_config.hpp — one layer's config as Keras writes it in a model's
// model_config, read field by field with checks, and the pieces Keras writes.
//
// Each layer class reads its own config in its static from_config(const
// KerasConfig&) and writes it in get_config() (nn/layer.hpp); nothing else
// parses a layer's fields. A field that is absent or null takes the layer's
// default, as in Keras. A field of the wrong type or value is refused with
// one std::invalid_argument whose message starts with where(), such as
// "layer 3 (Conv2D)", and names the field.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <utility>

#include "nn/activation.hpp"
#include "nn/init.hpp"

namespace nn {

class KerasConfig {
 public:
  // `config` is the layer's "config" object (it must outlive this reader),
  // `class_name` its Keras class, `where` how messages name the layer.
  KerasConfig(const nlohmann::json& config, std::string class_name, std::string where);

  const std::string& class_name() const { return class_name_; }
  const std::string& where() const { return where_; }
  bool has(const char* key) const;  // present and not null

  // The field's value, or `fallback` when it is absent or null.
  template <class V>
  V get(const char* key, V fallback) const {
    if (!has(key)) return fallback;
    try {
      return config_[key].template get<V>();
    } catch (const nlohmann::json::exception&) {
      fail(std::string("field '") + key + "' has the wrong type");
    }
  }
  // A whole number in [1, max] (units, filters, groups), or `fallback` when
  // absent or null. Anything else, 2⁶³−1 or 3.5 or "8", is refused naming the
  // field and the limit, before a layer is sized by it.
  long count(const char* key, long fallback, long max) const;
  // An integer n, read as (n, n), or a pair [a, b] (kernel_size, strides,
  // pool_size), each in [1, limits::kMaxSide].
  std::pair<long, long> pair(const char* key, std::pair<long, long> fallback) const;
  // "activation": a name (nn/activation.hpp); absent or null is linear.
  Act activation() const;
  // An initializer given by name or as {"class_name": …, "config": …}.
  // VarianceScaling is read as the Glorot or He initializer it equals; any
  // other name nn/ lacks gives `fallback` (it only shapes fresh weights).
  Init initializer(const char* key, Init fallback) const;
  // kernel_regularizer's (l1, l2), {"class_name": "L1L2", "config": {…}}; (0, 0) when absent.
  std::pair<double, double> kernel_penalties() const;
  // Refuses any data_format but "channels_last" (NHWC, nn/shape.hpp).
  void require_channels_last() const;

  // Throws std::invalid_argument("<where>: <message>").
  [[noreturn]] void fail(const std::string& message) const;

 private:
  const nlohmann::json& config_;
  std::string class_name_, where_;
};

// Keras' serialized initializer: {"class_name": "GlorotUniform", "config": {"seed": null}}.
nlohmann::json initializer_json(Init i);
// Keras' L1L2 regularizer, or null when both penalties are 0.
nlohmann::json regularizer_json(double l1, double l2);

// The fields Keras' Dense and Conv2D share: activation, use_bias and the
// kernel's initializer and regularizer (Config: DenseConfig, Conv2DConfig).
template <class Config>
void read_kernel_fields(const KerasConfig& c, Config& k) {
  k.activation = c.activation();
  k.use_bias = c.get<bool>("use_bias", true);
  k.kernel_initializer = c.initializer("kernel_initializer", Init::GlorotUniform);
  std::tie(k.l1, k.l2) = c.kernel_penalties();
}
template <class Config>
void write_kernel_fields(nlohmann::json& c, const Config& k) {
  c["activation"] = act_name(k.activation);
  c["use_bias"] = k.use_bias;
  c["kernel_initializer"] = initializer_json(k.kernel_initializer);
  c["bias_initializer"] = initializer_json(Init::Zeros);
  c["kernel_regularizer"] = regularizer_json(k.l1, k.l2);
  c["bias_regularizer"] = nullptr;
}

}  // namespace nn
