#include "nn/rescaling.hpp"

#include <cmath>
#include <stdexcept>

#include "nn/keras_config.hpp"

namespace nn {

template <class T>
Rescaling<T>::Rescaling(double scale, double offset) : scale_(scale), offset_(offset) {
  if (!std::isfinite(scale) || !std::isfinite(offset))
    throw std::invalid_argument("Rescaling needs a finite scale and offset");
}

template <class T>
nlohmann::json Rescaling<T>::get_config() const {
  return {{"scale", scale_}, {"offset", offset_}};
}

template <class T>
std::unique_ptr<Layer<T>> Rescaling<T>::from_config(const KerasConfig& c) {
  auto number = [&](const char* key, double fallback) {
    if (c.has(key) && !c.get<nlohmann::json>(key, nullptr).is_number())
      c.fail("field '" + std::string(key) + "' must be one number (per-channel lists are not supported)");
    const double v = c.get<double>(key, fallback);
    if (!std::isfinite(v)) c.fail("field '" + std::string(key) + "' must be finite");
    return v;
  };
  if (!c.has("scale")) c.fail("field 'scale' is missing");
  const double scale = number("scale", 1.0), offset = number("offset", 0.0);
  return std::make_unique<Rescaling<T>>(scale, offset);
}

template <class T>
void Rescaling<T>::forward(const T* x, T* y, long batch, const Pass& pass) {
  const long n = this->input_.size();
  const T a = static_cast<T>(scale_), b = static_cast<T>(offset_);
  pass.pool->for_slices(batch, [&](int, long b0, long b1) {
    for (long i = b0 * n; i < b1 * n; ++i) y[i] = a * x[i] + b;
  });
}

template <class T>
void Rescaling<T>::backward(const T*, const T*, T* dy, T* dx, long batch, const Pass& pass) {
  if (!dx) return;
  const long n = this->input_.size();
  const T a = static_cast<T>(scale_);
  pass.pool->for_slices(batch, [&](int, long b0, long b1) {
    for (long i = b0 * n; i < b1 * n; ++i) dx[i] = a * dy[i];
  });
}

template class Rescaling<float>;
template class Rescaling<double>;

}  // namespace nn
