// scenes/surface.hpp — a 2-D test surface f(x, y) for the lab to animate.
//
// Each surface gives its exact value, gradient ∇f and Hessian ∇²f, knows its
// minima, a start point that shows something interesting, and a view window.
// It is an optim::Objective<double> over θ = (x, y), so every optimizer in
// optim/ runs on it unchanged.
#pragma once

#include <Eigen/Core>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "optim/objective.hpp"

namespace scenes {

struct Minimum {
  double x = 0;
  double y = 0;
  double f = 0;
  bool global = true;  // false: a local minimum (the double well's trap)
};

// The rectangle the lab shows: [x_min, x_max] × [y_min, y_max].
struct View {
  double x_min = -2, x_max = 2;
  double y_min = -2, y_max = 2;
};

class Surface : public optim::Objective<double> {
 public:
  ~Surface() override = default;

  virtual std::string name() const = 0;     // "rosenbrock": the key for CLI and files
  virtual std::string title() const = 0;    // "Rosenbrock": for menus
  virtual std::string formula() const = 0;  // "(1 − x)² + 100·(y − x²)²", the course's notation

  virtual double value(double x, double y) const = 0;
  virtual Eigen::Vector2d gradient(double x, double y) const = 0;
  virtual Eigen::Matrix2d hessian(double x, double y) const = 0;
  // f(x, y) with g ← ∇f(x, y), in one pass where the surface can (default:
  // value() then gradient()). The optimizers' path: value_and_gradient uses it.
  virtual double value_gradient(double x, double y, Eigen::Vector2d& g) const;

  virtual std::vector<Minimum> minima() const = 0;  // empty when unbounded below (saddles)
  virtual Eigen::Vector2d start() const = 0;
  virtual View view() const = 0;

  // optim::Objective<double>
  double value_and_gradient(const optim::Vec<double>& theta, optim::Vec<double>& g) override;
  bool has_hessian() const override { return true; }
  void hessian(const optim::Vec<double>& theta, optim::Mat<double>& H) override;
};

// Every built-in surface name, in menu order.
std::vector<std::string> surface_names();
// Throws std::invalid_argument naming the known surfaces when unknown.
std::unique_ptr<Surface> make_surface(std::string_view name);

}  // namespace scenes
