#include "nn/global_pooling.hpp"

#include <algorithm>
#include <stdexcept>

#include "nn/keras_config.hpp"

namespace nn {

template <class T>
nlohmann::json GlobalAveragePooling2D<T>::get_config() const {
  return {{"data_format", "channels_last"}, {"keepdims", keepdims_}};
}

template <class T>
std::unique_ptr<Layer<T>> GlobalAveragePooling2D<T>::from_config(const KerasConfig& c) {
  c.require_channels_last();
  return std::make_unique<GlobalAveragePooling2D<T>>(c.get<bool>("keepdims", false));
}

template <class T>
Shape GlobalAveragePooling2D<T>::infer(const Shape& input) {
  if (input.rank != 3)
    throw std::invalid_argument("GlobalAveragePooling2D needs an image input (H, W, C), got " + input.str());
  return keepdims_ ? Shape::image(1, 1, input.c) : Shape::vector(input.c);
}

template <class T>
void GlobalAveragePooling2D<T>::forward(const T* x, T* y, long batch, const Pass& pass) {
  const long hw = this->input_.h * this->input_.w, c = this->input_.c;
  const T inv = T(1) / static_cast<T>(hw);
  pass.pool->for_slices(batch, [&](int, long b0, long b1) {
    for (long b = b0; b < b1; ++b) {
      const T* xb = x + b * hw * c;  // (HW, C)
      T* yb = y + b * c;             // (C)
      std::fill(yb, yb + c, T(0));
      for (long p = 0; p < hw; ++p)
        for (long k = 0; k < c; ++k) yb[k] += xb[p * c + k];
      for (long k = 0; k < c; ++k) yb[k] *= inv;
    }
  });
}

template <class T>
void GlobalAveragePooling2D<T>::backward(const T*, const T*, T* dy, T* dx, long batch, const Pass& pass) {
  if (!dx) return;
  const long hw = this->input_.h * this->input_.w, c = this->input_.c;
  const T inv = T(1) / static_cast<T>(hw);
  pass.pool->for_slices(batch, [&](int, long b0, long b1) {
    for (long b = b0; b < b1; ++b)
      for (long p = 0; p < hw; ++p)
        for (long k = 0; k < c; ++k) dx[(b * hw + p) * c + k] = dy[b * c + k] * inv;
  });
}

template class GlobalAveragePooling2D<float>;
template class GlobalAveragePooling2D<double>;

}  // namespace nn
