// nn/reshape.hpp — Keras' Reshape: the same values, seen as another shape.
//
//   (input) → target_shape        y = x, element for element (NHWC order)
// target_shape has 1, 2 or 3 entries: (n), (h, w) read as (h, w, 1), or
// (h, w, c); one entry may be −1, the size that makes the counts agree.
// A target whose size differs from the input's is refused when the layer is
// built, naming both sizes.
#pragma once

#include <vector>

#include "nn/layer.hpp"

namespace nn {

template <class T>
class Reshape : public Layer<T> {
 public:
  explicit Reshape(std::vector<long> target_shape);
  std::string class_name() const override { return "Reshape"; }
  const std::vector<long>& target_shape() const { return target_; }
  nlohmann::json get_config() const override;
  static std::unique_ptr<Layer<T>> from_config(const KerasConfig& config);
  void forward(const T* x, T* y, long batch, const Pass& pass) override;
  void backward(const T* x, const T* y, T* dy, T* dx, long batch, const Pass& pass) override;

 protected:
  Shape infer(const Shape& input) override;

 private:
  std::vector<long> target_;  // as Keras gave it, −1 included
};

extern template class Reshape<float>;
extern template class Reshape<double>;

}  // namespace nn
