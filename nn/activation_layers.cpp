#include "nn/activation_layers.hpp"

#include <cmath>

#include "nn/keras_config.hpp"

namespace nn {

template <class T>
nlohmann::json ReLU<T>::get_config() const {
  return {{"max_value", nullptr}, {"negative_slope", 0.0}, {"threshold", 0.0}};
}

template <class T>
std::unique_ptr<Layer<T>> ReLU<T>::from_config(const KerasConfig& c) {
  if (c.has("max_value")) c.fail("field 'max_value' is not supported (only the plain max(0, x))");
  if (c.get<double>("negative_slope", 0.0) != 0.0) c.fail("field 'negative_slope' must be 0 (use LeakyReLU)");
  if (c.get<double>("threshold", 0.0) != 0.0) c.fail("field 'threshold' must be 0");
  return std::make_unique<ReLU<T>>();
}

template <class T>
nlohmann::json LeakyReLU<T>::get_config() const {
  // Keras 2's name for α; Keras 3 reads it too (and writes negative_slope).
  return {{"alpha", static_cast<double>(this->alpha())}};
}

template <class T>
std::unique_ptr<Layer<T>> LeakyReLU<T>::from_config(const KerasConfig& c) {
  const char* key = c.has("negative_slope") ? "negative_slope" : "alpha";
  const double alpha = c.get<double>(key, 0.3);
  if (!(std::isfinite(alpha) && alpha >= 0)) c.fail("field '" + std::string(key) + "' must be a number ≥ 0");
  return std::make_unique<LeakyReLU<T>>(static_cast<T>(alpha));
}

template <class T>
nlohmann::json Softmax<T>::get_config() const {
  return {{"axis", -1}};
}

template <class T>
std::unique_ptr<Layer<T>> Softmax<T>::from_config(const KerasConfig& c) {
  // Keras 2 writes axis −1; a list of axes or any other is not the last axis alone.
  if (c.has("axis") && c.get<nlohmann::json>("axis", nullptr) != nlohmann::json(-1))
    c.fail("field 'axis' must be -1 (the last axis)");
  return std::make_unique<Softmax<T>>();
}

template class ReLU<float>;
template class ReLU<double>;
template class LeakyReLU<float>;
template class LeakyReLU<double>;
template class Softmax<float>;
template class Softmax<double>;

}  // namespace nn
