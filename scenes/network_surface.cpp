#include "scenes/network_surface.hpp"

#include <cmath>
#include <stdexcept>

namespace scenes {

NetworkSurface::NetworkSurface(SurfaceInfo info, const NetworkDataset& data, const MlpSpec& spec)
    : info_(std::move(info)), problem_(data, spec) {
  if (problem_.parameter_count() != 2)
    throw std::invalid_argument("a network surface has two weights, and " + info_.name + "'s network has " +
                                std::to_string(problem_.parameter_count()));
  if (data.inputs != 1) throw std::invalid_argument("a network surface fits 1-D inputs");
  problem_.set_step(1, 0);  // the whole training set, at every call
  theta_.resize(2);
  g_.resize(2);
}

double NetworkSurface::value(double x, double y) const {
  const std::lock_guard lock(mutex_);
  theta_ << x, y;
  return problem_.training_loss(theta_);
}

double NetworkSurface::value_gradient_locked(double x, double y, Eigen::Vector2d& g) const {
  theta_ << x, y;
  const double f = problem_.value_and_gradient(theta_, g_);
  g = {g_[0], g_[1]};
  return f;
}

double NetworkSurface::value_gradient(double x, double y, Eigen::Vector2d& g) const {
  const std::lock_guard lock(mutex_);
  return value_gradient_locked(x, y, g);
}

Eigen::Vector2d NetworkSurface::gradient(double x, double y) const {
  Eigen::Vector2d g;
  value_gradient(x, y, g);
  return g;
}

Eigen::Matrix2d NetworkSurface::hessian(double x, double y) const {
  const std::lock_guard lock(mutex_);
  const Eigen::Vector2d theta(x, y);
  Eigen::Matrix2d H;
  for (int i = 0; i < 2; ++i) {
    // hᵢ as the difference of two doubles, so that θ ± hᵢ lies exactly hᵢ away.
    const double h = (theta[i] + 1e-3 * (1 + std::abs(theta[i]))) - theta[i];
    auto grad_at = [&](double step) {
      Eigen::Vector2d p = theta, g;
      p[i] += step;
      value_gradient_locked(p.x(), p.y(), g);
      return g;
    };
    H.col(i) = (-grad_at(2 * h) + 8 * grad_at(h) - 8 * grad_at(-h) + grad_at(-2 * h)) / (12 * h);
  }
  const double off = (H(0, 1) + H(1, 0)) / 2;
  H(0, 1) = H(1, 0) = off;
  return H;
}

std::vector<double> NetworkSurface::outputs(double x, double y, const std::vector<double>& inputs) const {
  const std::lock_guard lock(mutex_);
  theta_ << x, y;
  const long n = static_cast<long>(inputs.size()), k = problem_.outputs();
  nn::AlignedBuffer<double> rows;
  problem_.network_inputs(inputs, n, rows);
  const double* out = problem_.model().predict(theta_.data(), rows.data(), n);
  std::vector<double> y_out(inputs.size());
  for (long r = 0; r < n; ++r) y_out[static_cast<std::size_t>(r)] = out[r * k + k - 1];  // P(class 1) of two
  return y_out;
}

}  // namespace scenes
