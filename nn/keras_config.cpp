#include "nn/keras_config.hpp"

#include <cmath>
#include <cstdint>
#include <optional>
#include <stdexcept>

#include "nn/limits.hpp"

namespace nn {

using json = nlohmann::json;

KerasConfig::KerasConfig(const json& config, std::string class_name, std::string where)
    : config_(config), class_name_(std::move(class_name)), where_(std::move(where)) {}

bool KerasConfig::has(const char* key) const {
  return config_.is_object() && config_.contains(key) && !config_[key].is_null();
}

void KerasConfig::fail(const std::string& message) const {
  throw std::invalid_argument(where_ + ": " + message);
}

namespace {

// v as a whole number in [1, max], or nothing. Compared before converting, so
// no value of any JSON type reaches an overflowing conversion.
std::optional<long> whole_in_range(const json& v, long max) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u >= 1 && u <= static_cast<std::uint64_t>(max)) return static_cast<long>(u);
  } else if (v.is_number_integer()) {
    const auto i = v.get<std::int64_t>();
    if (i >= 1 && i <= max) return static_cast<long>(i);
  } else if (v.is_number_float()) {
    const double d = v.get<double>();
    if (d >= 1 && d <= static_cast<double>(max) && d == std::floor(d)) return static_cast<long>(d);
  }
  return std::nullopt;
}

// A field's value as messages show it: a number or a short string, or just
// its type (nested values are never printed, however deep).
std::string shown(const json& v) {
  return v.is_primitive() ? v.dump().substr(0, 40) : std::string(v.type_name());
}

}  // namespace

long KerasConfig::count(const char* key, long fallback, long max) const {
  if (!has(key)) return fallback;
  if (const auto n = whole_in_range(config_[key], max)) return *n;
  fail("field '" + std::string(key) + "' must be a whole number from 1 to " + std::to_string(max) + ", got " +
       shown(config_[key]));
}

std::pair<long, long> KerasConfig::pair(const char* key, std::pair<long, long> fallback) const {
  if (!has(key)) return fallback;
  const json& v = config_[key];
  const long max = limits::kMaxSide;
  if (const auto n = whole_in_range(v, max)) return {*n, *n};
  if (v.is_array() && v.size() == 2) {
    const auto a = whole_in_range(v[0], max), b = whole_in_range(v[1], max);
    if (a && b) return {*a, *b};
  }
  fail("field '" + std::string(key) + "' must be a whole number or a pair of them, from 1 to " + std::to_string(max) +
       ", got " + shown(v));
}

Act KerasConfig::activation() const {
  if (!has("activation")) return Act::Linear;
  const json& a = config_["activation"];
  if (!a.is_string()) fail("activation must be a name");
  return act_from_name(a.get<std::string>());
}

namespace {

// Keras' VarianceScaling(scale, mode, distribution), which Keras 2.2–2.3
// writes for Glorot and He: the named initializer it equals, if any.
std::optional<Init> variance_scaling(const json& config) {
  if (!config.is_object()) return std::nullopt;
  auto text = [&](const char* key, const char* fallback) {
    return config.contains(key) && config[key].is_string() ? config[key].get<std::string>() : std::string(fallback);
  };
  const std::string mode = text("mode", "fan_in"), dist = text("distribution", "truncated_normal");
  const double s = config.contains("scale") && config["scale"].is_number() ? config["scale"].get<double>() : 1.0;
  if (s == 1.0 && mode == "fan_avg" && dist == "uniform") return Init::GlorotUniform;
  if (s == 2.0 && mode == "fan_in" && dist == "uniform") return Init::HeUniform;
  if (s == 2.0 && mode == "fan_in" && (dist == "truncated_normal" || dist == "normal")) return Init::HeNormal;
  return std::nullopt;
}

}  // namespace

Init KerasConfig::initializer(const char* key, Init fallback) const {
  if (!has(key)) return fallback;
  const json& v = config_[key];
  std::string name;
  if (v.is_string())
    name = v.get<std::string>();
  else if (v.is_object() && v.contains("class_name") && v["class_name"].is_string())
    name = v["class_name"].get<std::string>();
  else
    fail(std::string(key) + " must be an initializer");
  if (name == "VarianceScaling") return variance_scaling(v.value("config", json())).value_or(fallback);
  // Another initializer (RandomNormal, Orthogonal, …) only decides a fresh
  // model's first weights, never a loaded one's: the layer's default stands in.
  try {
    return init_from_name(name);
  } catch (const std::invalid_argument&) {
    return fallback;
  }
}

std::pair<double, double> KerasConfig::kernel_penalties() const {
  if (!has("kernel_regularizer")) return {0.0, 0.0};
  const json& r = config_["kernel_regularizer"];
  const json& rc = r.is_object() && r.contains("config") ? r["config"] : r;
  auto penalty = [&](const char* name) {
    if (!rc.is_object()) fail("kernel_regularizer must be an L1L2 regularizer");
    if (!rc.contains(name)) return 0.0;
    if (!rc[name].is_number()) fail(std::string("kernel_regularizer's ") + name + " must be a number");
    return rc[name].get<double>();
  };
  return {penalty("l1"), penalty("l2")};
}

void KerasConfig::require_channels_last() const {
  if (get<std::string>("data_format", "channels_last") != "channels_last")
    fail("only data_format 'channels_last' is supported");
}

json initializer_json(Init i) {
  return {{"class_name", init_name(i)}, {"config", json::object({{"seed", nullptr}})}};
}

json regularizer_json(double l1, double l2) {
  if (l1 == 0 && l2 == 0) return nullptr;
  return {{"class_name", "L1L2"}, {"config", {{"l1", l1}, {"l2", l2}}}};
}

}  // namespace nn
