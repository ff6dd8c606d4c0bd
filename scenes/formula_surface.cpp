#include "scenes/formula_surface.hpp"

#include <muParser.h>

#include <cctype>
#include <cmath>
#include <mutex>
#include <stdexcept>

#include "scenes/minima.hpp"

namespace scenes {

namespace {

// The formula as typed, in the course's notation: · for *, − for -, ² and ³
// for ^2 and ^3, π for pi.
std::string pretty_text(const std::string& s) {
  auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool word_start = i == 0 || !word_char(s[i - 1]);
    if (c == '*' && i + 1 < s.size() && s[i + 1] == '*') {
      out += '^';
      ++i;
    } else if (c == '*') {
      out += "\u00b7";
    } else if (c == '-') {
      out += "\u2212";
    } else if (c == '^' && i + 1 < s.size() && (s[i + 1] == '2' || s[i + 1] == '3') &&
               (i + 2 >= s.size() || !(std::isdigit(static_cast<unsigned char>(s[i + 2])) || s[i + 2] == '.'))) {
      out += s[i + 1] == '2' ? "\u00b2" : "\u00b3";
      ++i;
    } else if (word_start && s.compare(i, 2, "pi") == 0 && (i + 2 >= s.size() || !word_char(s[i + 2]))) {
      out += "\u03c0";
      ++i;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

// Three compiled parsers sharing the variables x, y: f alone (the fast path),
// f with ∇f, and ∇²f.
struct FormulaSurface::Parsers {
  std::mutex lock;  // evaluation writes x, y and the parsers' stacks
  double x = 0, y = 0;
  mu::Parser value, first, second;

  explicit Parsers(const FormulaDerivatives& d) {
    for (mu::Parser* p : {&value, &first, &second}) {
      p->DefineVar("x", &x);
      p->DefineVar("y", &y);
    }
    value.SetExpr(d.f);
    first.SetExpr(d.f + "," + d.fx + "," + d.fy);
    second.SetExpr(d.fxx + "," + d.fxy + "," + d.fyy);
  }
};

FormulaSurface::FormulaSurface(std::string_view text, View view)
    : derivatives_(differentiate_formula(text)), pretty_(pretty_text(derivatives_.text)), view_(view) {
  if (!(view.x_min < view.x_max && view.y_min < view.y_max))
    throw std::invalid_argument("formula surface: the view is empty");
  try {
    parsers_ = std::make_unique<Parsers>(derivatives_);
    // muParser compiles on the first evaluation: do it now so that a
    // (never expected) syntax error surfaces here, not mid-run.
    value(0, 0);
    gradient(0, 0);
    hessian(0, 0);
  } catch (const mu::Parser::exception_type& e) {
    throw std::invalid_argument("formula cannot be evaluated: " + e.GetMsg());
  }

  // Start: the first candidate where f and ∇f are finite and ∇f ≠ 0.
  const double cx = 0.5 * (view.x_min + view.x_max), cy = 0.5 * (view.y_min + view.y_max);
  const double hx = (view.x_max - view.x_min) / 6, hy = (view.y_max - view.y_min) / 6;
  const double candidates[][2] = {{-2, 2}, {2, 2}, {-2, -2}, {2, -2}, {-1, 1}, {1, -1}, {0, 0}};
  start_ = {cx - 2 * hx, cy + 2 * hy};
  for (const auto& c : candidates) {
    const Eigen::Vector2d p(cx + c[0] * hx, cy + c[1] * hy);
    Eigen::Vector2d g;
    const double f = value_gradient(p.x(), p.y(), g);
    if (std::isfinite(f) && g.allFinite() && g.norm() > 0) {
      start_ = p;
      break;
    }
  }
  minima_ = find_minima(*this, grid_seeds(*this, 41));
}

FormulaSurface::~FormulaSurface() = default;

double FormulaSurface::value(double x, double y) const {
  const std::lock_guard<std::mutex> hold(parsers_->lock);
  parsers_->x = x;
  parsers_->y = y;
  return parsers_->value.Eval();
}

double FormulaSurface::value_gradient(double x, double y, Eigen::Vector2d& g) const {
  const std::lock_guard<std::mutex> hold(parsers_->lock);
  parsers_->x = x;
  parsers_->y = y;
  int n = 0;
  const double* r = parsers_->first.Eval(n);
  g = {r[1], r[2]};
  return r[0];
}

Eigen::Vector2d FormulaSurface::gradient(double x, double y) const {
  Eigen::Vector2d g;
  value_gradient(x, y, g);
  return g;
}

Eigen::Matrix2d FormulaSurface::hessian(double x, double y) const {
  const std::lock_guard<std::mutex> hold(parsers_->lock);
  parsers_->x = x;
  parsers_->y = y;
  int n = 0;
  const double* r = parsers_->second.Eval(n);
  Eigen::Matrix2d H;
  H << r[0], r[1], r[1], r[2];
  return H;
}

std::unique_ptr<Surface> make_formula_surface(std::string_view text, View view) {
  return std::make_unique<FormulaSurface>(text, view);
}

}  // namespace scenes
