// scenes/formula_derivatives.hpp — a formula f(x, y) typed at run time, with
// its exact derivatives, as text a fast evaluator (muParser) compiles.
//
//   text ──GiNaC parser──▶ f ──symbolic d/dx, d/dy──▶ ∂f/∂x, ∂f/∂y, ∂²f/∂x², ∂²f/∂x∂y, ∂²f/∂y²
//        ──printer──▶ fully parenthesized muParser expressions
//
// The language: numbers (2, 0.5, 1e-3), the variables x and y, the constants
// pi and e, + − * / ^ (or **), parentheses, and the functions
//   sin cos tan asin acos atan sinh cosh tanh exp log sqrt abs pow(a, b)
// log is the natural logarithm. The course's notation is accepted too:
// x², x³, −, ·, ×, π.
//
// |u| has no derivative at u = 0: d|u|/du is taken as sign(u), which is 0
// there (the minimal-norm subgradient), and d²|u|/du² as 0.
//
// Errors throw std::invalid_argument with a one-line message:
//   "formula is empty"   "formula must be one line"
//   "formula is too long (at most 1000 characters)"
//   "unexpected character '#' in formula"
//   "unknown variable 'z' in formula (use x, y, pi, e)"
//   "unknown function 'foo' in formula (known: sin, cos, …)"
//   "function 'sin' in formula needs parentheses: sin(…)"
//   "function 'pow' in formula takes 2 arguments, got 1"
//   "number '3' followed by 'x' in formula (write 3*x)"
//   "malformed number '1.2.3' in formula"
//   "syntax error in formula: …"   (GiNaC's parse error on one line: "unexpected \")\"",
//                                   "missing ')'", "the formula ends too early", …)
//   "formula divides by zero"                (1/0)
//   "formula is not real-valued"             (sqrt(-1), log(-2), …)
//   "formula has a number out of range"      (1e999, 1e300*1e300, 10.0^400)
//   "formula has an exact power too large (its result may have at most 4096 bits)"
//                                            (10^(10^10), 2^5000: GiNaC would compute them exactly)
//   "formula nests too deeply (at most 64 levels of …)"
//   "formula is too complex: its derivatives take more than 20000 characters"
// The bounds and the grammar are in scenes/formula_parser.hpp: no formula of
// at most 1000 characters makes GiNaC compute for long or recurse deeply.
#pragma once

#include <string>
#include <string_view>

namespace scenes {

struct FormulaDerivatives {
  std::string text;                      // as typed, trimmed
  std::string f, fx, fy, fxx, fxy, fyy;  // muParser syntax in x, y
};

FormulaDerivatives differentiate_formula(std::string_view text);

}  // namespace scenes
