// scenes/analytic_surface.hpp — a surface whose f is a C++ template, written once.
//
// Shape is a type with
//   template <class S> static S f(const S& x, const S& y);
// AnalyticSurface instantiates it three times:
//   f(x, y)    with S = double   — the fast path (no derivative bookkeeping)
//   ∇f(x, y)   with S = Jet<1>   — value and gradient in one pass
//   ∇²f(x, y)  with S = Jet<2>   — exact Hessian
// Everything else (names, formula text, minima, start, view) is plain data.
#pragma once

#include <utility>

#include "scenes/jet.hpp"
#include "scenes/surface.hpp"

namespace scenes {

// What a surface knows besides its function.
struct SurfaceInfo {
  std::string name;     // "rosenbrock"
  std::string title;    // "Rosenbrock"
  std::string formula;  // "(1 − x)² + 100·(y − x²)²"
  std::vector<Minimum> minima;
  Eigen::Vector2d start{0, 0};
  View view;
};

template <class Shape>
class AnalyticSurface final : public Surface {
 public:
  explicit AnalyticSurface(SurfaceInfo info) : info_(std::move(info)) {}

  std::string name() const override { return info_.name; }
  std::string title() const override { return info_.title; }
  std::string formula() const override { return info_.formula; }

  double value(double x, double y) const override { return Shape::f(x, y); }

  double value_gradient(double x, double y, Eigen::Vector2d& g) const override {
    const Jet<1> r = Shape::f(Jet<1>::variable(x, 0), Jet<1>::variable(y, 1));
    g = {r.d[0], r.d[1]};
    return r.v;
  }

  Eigen::Vector2d gradient(double x, double y) const override {
    Eigen::Vector2d g;
    value_gradient(x, y, g);
    return g;
  }

  using Surface::hessian;
  Eigen::Matrix2d hessian(double x, double y) const override {
    const Jet<2> r = Shape::f(Jet<2>::variable(x, 0), Jet<2>::variable(y, 1));
    Eigen::Matrix2d H;
    H << r.h[0], r.h[1], r.h[1], r.h[2];
    return H;
  }

  std::vector<Minimum> minima() const override { return info_.minima; }
  Eigen::Vector2d start() const override { return info_.start; }
  View view() const override { return info_.view; }

  // For surfaces whose minima are found after construction (a lattice of
  // local minima refined by Newton's method).
  void set_minima(std::vector<Minimum> minima) { info_.minima = std::move(minima); }

 private:
  SurfaceInfo info_;
};

}  // namespace scenes
