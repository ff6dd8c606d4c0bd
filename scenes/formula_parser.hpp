// scenes/formula_parser.hpp — reads a formula's text into a GiNaC expression,
// within bounds on the work it may cause. Private to scenes (GiNaC is not a
// public dependency); scenes/formula_derivatives.hpp is the public entry.
//
// GiNaC evaluates as it builds: 10^(10^10) would become an exact integer of
// 33 billion bits (minutes, gigabytes), and a double conversion of such a
// number can come out with the wrong sign. So the expression is built here,
// node by node, and every node is checked as it is made:
//   - an exact power may produce numbers of at most kMaxExactPowerBits bits
//     (checked from the operands, before GiNaC raises anything);
//   - every number a node evaluates to lies in double range (|v| ≤ 1.8e308),
//     so functions of numbers (sin(1e300·1e300…)) stay cheap;
//   - parentheses, function calls, signs and powers nest at most kMaxNesting
//     deep, so no recursion here or in GiNaC can exhaust the stack;
//   - 0^u, u not a number, is refused as dividing by zero (∂ needs log 0)
//     before GiNaC differentiates it;
//   - a function of a decimal (sin(1e300), exp(2.5), e^1e20 = exp(1e20)) is
//     taken in double: CLN's 17-digit floats get large arguments wrong and
//     overflow past about 1e19;
//   - every node is evaluated from the stack, so when GiNaC's evaluation
//     throws (a pole, an overflow) the node is unwound, never leaked.
//
// The grammar is GiNaC's: + − (left-associative) below * / below unary ±
// below ^, so −a^b = −(a^b); a^b^c is refused as ambiguous; a^−b is allowed.
// Numbers are read by GiNaC's numeric (integers exact, decimals as floats).
//
// Requires: text already passed scenes' token check (formula_derivatives.cpp):
// only numbers, x, y, pi, e, known functions with the right arity, operators.
// Throws std::invalid_argument with a one-line message ("syntax error in
// formula: …", "formula has a number out of range", "formula has an exact
// power too large …", "formula nests too deeply …"); GiNaC's pole_error for 1/0.
#pragma once

#include <ginac/ginac.h>

#include <string>

namespace scenes {

constexpr int kMaxNesting = 64;
constexpr double kMaxExactPowerBits = 4096;  // 2^4096 ≈ 1e1233, far past double range

GiNaC::ex parse_formula(const std::string& ascii, const GiNaC::ex& x, const GiNaC::ex& y);

// n as a double; "formula has a number out of range" past double range
// (converting a huge exact number directly can give a wrong sign).
double to_finite_double(const GiNaC::numeric& n);

}  // namespace scenes
