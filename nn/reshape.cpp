#include "nn/reshape.hpp"

#include <algorithm>
#include <stdexcept>

#include "nn/keras_config.hpp"
#include "nn/limits.hpp"

namespace nn {

namespace {

std::string shape_text(const std::vector<long>& s) {
  std::string out = "(";
  for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + ")";
}

}  // namespace

template <class T>
Reshape<T>::Reshape(std::vector<long> target_shape) : target_(std::move(target_shape)) {
  if (target_.empty() || target_.size() > 3) throw std::invalid_argument("Reshape needs 1 to 3 target sizes");
  if (std::count(target_.begin(), target_.end(), -1L) > 1)
    throw std::invalid_argument("Reshape's target_shape may have one -1, not more");
  for (long n : target_)
    if (n != -1 && (n < 1 || n > limits::kMaxSampleValues))
      throw std::invalid_argument("Reshape's target sizes must be -1 or from 1 to " +
                                  std::to_string(limits::kMaxSampleValues));
}

template <class T>
nlohmann::json Reshape<T>::get_config() const {
  return {{"target_shape", target_}};
}

template <class T>
std::unique_ptr<Layer<T>> Reshape<T>::from_config(const KerasConfig& c) {
  if (!c.has("target_shape")) c.fail("field 'target_shape' is missing");
  const nlohmann::json t = c.get<nlohmann::json>("target_shape", nullptr);
  const long max = limits::kMaxSampleValues;
  if (!t.is_array() || t.empty() || t.size() > 3)
    c.fail("field 'target_shape' must be a list of 1 to 3 sizes, (n), (h, w) or (h, w, c)");
  std::vector<long> target;
  for (const auto& v : t) {
    // Compared as the type JSON holds, before any conversion that could wrap.
    if (v.is_number_integer() && !v.is_number_unsigned() && v.get<std::int64_t>() == -1)
      target.push_back(-1);
    else if (v.is_number_integer() && v.get<std::int64_t>() >= 1 &&
             (v.is_number_unsigned() ? v.get<std::uint64_t>() <= static_cast<std::uint64_t>(max)
                                     : v.get<std::int64_t>() <= max))
      target.push_back(static_cast<long>(v.get<std::int64_t>()));
    else
      c.fail("field 'target_shape' must hold sizes from 1 to " + std::to_string(max) + " or one -1");
  }
  try {
    return std::make_unique<Reshape<T>>(target);
  } catch (const std::invalid_argument& e) {
    c.fail(std::string("field 'target_shape': ") + e.what());
  }
}

template <class T>
Shape Reshape<T>::infer(const Shape& input) {
  std::vector<long> s = target_;
  long known = 1;  // each entry ≤ kMaxSampleValues (2²²), three of them: no overflow in a long
  for (long n : s)
    if (n != -1) known *= n;
  const auto free = std::find(s.begin(), s.end(), -1L);
  if (free != s.end()) {
    if (input.size() % known != 0)
      throw std::invalid_argument("Reshape: target_shape " + shape_text(target_) + " cannot hold the input " +
                                  input.str() + ", " + std::to_string(input.size()) + " values");
    *free = input.size() / known;
    known = input.size();
  }
  if (known != input.size())
    throw std::invalid_argument("Reshape: target_shape " + shape_text(target_) + " holds " + std::to_string(known) +
                                " values but the input " + input.str() + " holds " + std::to_string(input.size()));
  if (s.size() == 1) return Shape::vector(s[0]);
  return Shape::image(s[0], s[1], s.size() == 3 ? s[2] : 1);
}

template <class T>
void Reshape<T>::forward(const T* x, T* y, long batch, const Pass&) {
  std::copy(x, x + batch * this->input_.size(), y);
}

template <class T>
void Reshape<T>::backward(const T*, const T*, T* dy, T* dx, long batch, const Pass&) {
  if (dx) std::copy(dy, dy + batch * this->input_.size(), dx);
}

template class Reshape<float>;
template class Reshape<double>;

}  // namespace nn
