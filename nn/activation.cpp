#include "nn/activation.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <type_traits>

namespace nn {

std::string act_name(Act a) {
  switch (a) {
    case Act::Linear:
      return "linear";
    case Act::Relu:
      return "relu";
    case Act::LeakyRelu:
      return "leaky_relu";
    case Act::Sigmoid:
      return "sigmoid";
    case Act::Tanh:
      return "tanh";
    case Act::Softmax:
      return "softmax";
  }
  return "linear";
}

Act act_from_name(const std::string& name) {
  for (Act a : {Act::Linear, Act::Relu, Act::LeakyRelu, Act::Sigmoid, Act::Tanh, Act::Softmax})
    if (act_name(a) == name) return a;
  if (name == "LeakyReLU") return Act::LeakyRelu;
  throw std::invalid_argument("unknown activation '" + name +
                              "' (known: linear, relu, leaky_relu, sigmoid, tanh, softmax)");
}

namespace {

// y ← tanh y in double as sign(y)·(1 − e)/(1 + e), e = e^(−2|y|), in blocks on
// the stack. Eigen vectorizes exp for double but not tanh, and glibc's scalar
// tanh was 60% of a small tanh network's training step. The error is within
// a few ulps of 1 (absolute), which is all a network's activation needs.
void tanh_by_exp(double* y, long n) {
  constexpr long kBlock = 64;
  Eigen::Array<double, kBlock, 1> e;
  for (long at = 0; at < n; at += kBlock) {
    const long m = std::min(kBlock, n - at);
    Eigen::Map<Eigen::ArrayXd> v(y + at, m);
    e.head(m) = (-2.0 * v.abs()).exp();
    v = v.sign() * (1.0 - e.head(m)) / (1.0 + e.head(m));
  }
}

}  // namespace

template <class T>
void activate(Act a, T* y, long rows, long cols, T alpha) {
  const long n = rows * cols;
  Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>> v(y, n);
  switch (a) {
    case Act::Linear:
      break;
    case Act::Relu:
      v = v.max(T(0));
      break;
    case Act::LeakyRelu:
      v = (v > T(0)).select(v, alpha * v);
      break;
    case Act::Sigmoid:
      for (long i = 0; i < n; ++i) y[i] = T(1) / (T(1) + std::exp(-y[i]));
      break;
    case Act::Tanh:
      if constexpr (std::is_same_v<T, double>)
        tanh_by_exp(y, n);
      else
        v = v.tanh();
      break;
    case Act::Softmax:
      for (long r = 0; r < rows; ++r) {
        Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>> z(y + r * cols, cols);
        z = (z - z.maxCoeff()).exp();
        z /= z.sum();
      }
      break;
  }
}

template <class T>
void add_bias_activate(Act a, T* y, const T* b, long rows, long cols, T alpha) {
  const bool relu = a == Act::Relu;
  for (long r = 0; b && r < rows; ++r) {
    T* row = y + r * cols;
    if (relu)
      for (long c = 0; c < cols; ++c) row[c] = std::max(row[c] + b[c], T(0));
    else
      for (long c = 0; c < cols; ++c) row[c] += b[c];
  }
  if (!(b && relu)) activate(a, y, rows, cols, alpha);  // relu with a bias is done; linear is a no-op
}

template <class T>
void activate_backward(Act a, const T* y, T* dy, long rows, long cols, T alpha) {
  const long n = rows * cols;
  Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>> out(y, n);
  Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>> d(dy, n);
  switch (a) {
    case Act::Linear:
      break;
    case Act::Relu:
      d = (out > T(0)).select(d, T(0));
      break;
    case Act::LeakyRelu:
      d = (out > T(0)).select(d, alpha * d);
      break;
    case Act::Sigmoid:
      d *= out * (T(1) - out);
      break;
    case Act::Tanh:
      d *= T(1) - out * out;
      break;
    case Act::Softmax:
      for (long r = 0; r < rows; ++r) {
        Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>> p(y + r * cols, cols);
        Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>> g(dy + r * cols, cols);
        const T dot = (g * p).sum();
        g = p * (g - dot);
      }
      break;
  }
}

template void activate<float>(Act, float*, long, long, float);
template void activate<double>(Act, double*, long, long, double);
template void add_bias_activate<float>(Act, float*, const float*, long, long, float);
template void add_bias_activate<double>(Act, double*, const double*, long, long, double);
template void activate_backward<float>(Act, const float*, float*, long, long, float);
template void activate_backward<double>(Act, const double*, double*, long, long, double);

}  // namespace nn
