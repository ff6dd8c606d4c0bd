// scenes/formula_surface.hpp — a surface typed as a formula at run time,
// e.g. "sin(x)*cos(y) + 0.1*(x^2+y^2)", with exact derivatives.
//
// GiNaC differentiates the formula symbolically once (formula_derivatives.hpp);
// muParser compiles f, ∇f and ∇²f to bytecode and evaluates them on every
// call, so a step costs no symbolic work.
//
// Defaults: view [−3, 3]², start (−2, 2) — or, when f or ∇f is not finite or
// ∇f = 0 there, the first of (2, 2), (−2, −2), (2, −2), (−1, 1), (1, −1), (0, 0)
// (scaled to the view) where they are fine.
// Minima: estimated at construction — the points of a 41 × 41 grid over the
// view lower than their 8 neighbours, refined by damped Newton
// (scenes/minima.hpp), kept when ∇f = 0 and ∇²f ⪰ 0 inside the view. "Global"
// means lowest in the view. A flat or unbounded formula may have none.
//
// Thread-safe: muParser evaluates through shared variables, so calls on one
// surface are serialized by a mutex (about 20 ns uncontended). Construction
// is safe from any thread (GiNaC is used under a global lock).
#pragma once

#include <memory>
#include <string_view>

#include "scenes/formula_derivatives.hpp"
#include "scenes/surface.hpp"

namespace scenes {

constexpr View kFormulaView{.x_min = -3, .x_max = 3, .y_min = -3, .y_max = 3};

class FormulaSurface final : public Surface {
 public:
  // Throws std::invalid_argument (see formula_derivatives.hpp) on bad input.
  explicit FormulaSurface(std::string_view text, View view = kFormulaView);
  ~FormulaSurface() override;
  FormulaSurface(const FormulaSurface&) = delete;
  FormulaSurface& operator=(const FormulaSurface&) = delete;

  std::string name() const override { return "formula"; }
  std::string title() const override { return "Formula"; }
  std::string formula() const override { return pretty_; }       // "sin(x)·cos(y) + 0.1·(x² + y²)"
  const std::string& text() const { return derivatives_.text; }  // as typed
  // f and its derivatives in muParser syntax, for display and debugging.
  const FormulaDerivatives& derivatives() const { return derivatives_; }

  double value(double x, double y) const override;
  double value_gradient(double x, double y, Eigen::Vector2d& g) const override;
  Eigen::Vector2d gradient(double x, double y) const override;
  using Surface::hessian;
  Eigen::Matrix2d hessian(double x, double y) const override;

  std::vector<Minimum> minima() const override { return minima_; }
  Eigen::Vector2d start() const override { return start_; }
  View view() const override { return view_; }

 private:
  struct Parsers;  // muParser, kept out of this header
  FormulaDerivatives derivatives_;
  std::string pretty_;
  View view_;
  std::unique_ptr<Parsers> parsers_;
  std::vector<Minimum> minima_;
  Eigen::Vector2d start_{0, 0};
};

std::unique_ptr<Surface> make_formula_surface(std::string_view text, View view = kFormulaView);

}  // namespace scenes
