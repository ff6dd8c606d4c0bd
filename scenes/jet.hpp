// scenes/jet.hpp — forward-mode dual numbers in two variables, for exact
// derivatives of the built-in surfaces.
//
// A Jet<K> carries a value u(x, y) with its derivatives up to order K:
//   K = 1:  u, ∇u = (∂u/∂x, ∂u/∂y)
//   K = 2:  u, ∇u, ∇²u = [[∂²u/∂x², ∂²u/∂x∂y], [∂²u/∂x∂y, ∂²u/∂y²]]
// Arithmetic follows the product and chain rules, so a surface written once
// as a template f<S>(x, y) gives f (S = double), ∇f (S = Jet<1>) and ∇²f
// (S = Jet<2>), exact to rounding, with no hand-derived formulas.
//
// For a function φ of one jet u (the chain rule):
//   φ(u):  value φ(u),  ∇ = φ′(u)·∇u,  ∇² = φ′(u)·∇²u + φ″(u)·∇u·∇uᵀ
// For a product u·w:
//   ∇(u·w) = u·∇w + w·∇u,  ∇²(u·w) = u·∇²w + w·∇²u + ∇u·∇wᵀ + ∇w·∇uᵀ
//
// Functions: + − × ÷ (jets and doubles), sq, ipow (integer powers), sqrt,
// exp, log, sin, cos, tanh, and softplus(u) = log(1 + eᵘ) (computed stably). Templates call them unqualified (with
// `using std::sin` etc. in scope) so the same text works for double and for Jet.
#pragma once

#include <cmath>

namespace scenes {

// The double versions of the helpers jets add to <cmath>.
inline double sq(double u) {
  return u * u;
}
// log(1 + eᵘ) without overflow for large u, or loss of digits for very negative u.
inline double softplus(double u) {
  return u > 0 ? u + std::log1p(std::exp(-u)) : std::log1p(std::exp(u));
}
inline double ipow(double u, int n) {
  double r = 1;
  for (int i = 0; i < n; ++i) r *= u;
  return r;
}

template <int K>
struct Jet {
  static_assert(K == 1 || K == 2, "Jet carries first or second derivatives");

  double v = 0;             // u
  double d[2] = {0, 0};     // ∂u/∂x, ∂u/∂y
  double h[3] = {0, 0, 0};  // ∂²u/∂x², ∂²u/∂x∂y, ∂²u/∂y² (K = 2 only)

  Jet() = default;
  Jet(double value) : v(value) {}  // NOLINT: a constant converts implicitly

  // The independent variable number i (0: x, 1: y) at the given value.
  static Jet variable(double value, int i) {
    Jet j(value);
    j.d[i] = 1;
    return j;
  }

  // φ(u) given φ(u), φ′(u), φ″(u).
  friend Jet chain(const Jet& u, double f0, double f1, double f2) {
    Jet r(f0);
    r.d[0] = f1 * u.d[0];
    r.d[1] = f1 * u.d[1];
    if constexpr (K == 2) {
      r.h[0] = f1 * u.h[0] + f2 * u.d[0] * u.d[0];
      r.h[1] = f1 * u.h[1] + f2 * u.d[0] * u.d[1];
      r.h[2] = f1 * u.h[2] + f2 * u.d[1] * u.d[1];
    } else {
      (void)f2;
    }
    return r;
  }

  // ---- sums
  friend Jet operator+(const Jet& a, const Jet& b) {
    Jet r(a.v + b.v);
    for (int i = 0; i < 2; ++i) r.d[i] = a.d[i] + b.d[i];
    if constexpr (K == 2)
      for (int i = 0; i < 3; ++i) r.h[i] = a.h[i] + b.h[i];
    return r;
  }
  friend Jet operator-(const Jet& a) {
    Jet r(-a.v);
    for (int i = 0; i < 2; ++i) r.d[i] = -a.d[i];
    if constexpr (K == 2)
      for (int i = 0; i < 3; ++i) r.h[i] = -a.h[i];
    return r;
  }
  friend Jet operator-(const Jet& a, const Jet& b) { return a + (-b); }
  friend Jet operator+(const Jet& a, double c) {
    Jet r = a;
    r.v += c;
    return r;
  }
  friend Jet operator+(double c, const Jet& a) { return a + c; }
  friend Jet operator-(const Jet& a, double c) { return a + (-c); }
  friend Jet operator-(double c, const Jet& a) { return (-a) + c; }

  // ---- products
  friend Jet operator*(const Jet& a, const Jet& b) {
    Jet r(a.v * b.v);
    for (int i = 0; i < 2; ++i) r.d[i] = a.v * b.d[i] + b.v * a.d[i];
    if constexpr (K == 2) {
      r.h[0] = a.v * b.h[0] + b.v * a.h[0] + 2 * a.d[0] * b.d[0];
      r.h[1] = a.v * b.h[1] + b.v * a.h[1] + a.d[0] * b.d[1] + a.d[1] * b.d[0];
      r.h[2] = a.v * b.h[2] + b.v * a.h[2] + 2 * a.d[1] * b.d[1];
    }
    return r;
  }
  friend Jet operator*(const Jet& a, double c) {
    Jet r(a.v * c);
    for (int i = 0; i < 2; ++i) r.d[i] = a.d[i] * c;
    if constexpr (K == 2)
      for (int i = 0; i < 3; ++i) r.h[i] = a.h[i] * c;
    return r;
  }
  friend Jet operator*(double c, const Jet& a) { return a * c; }
  friend Jet operator/(const Jet& a, double c) { return a * (1 / c); }
  // c/u:  φ′ = −c/u²,  φ″ = 2c/u³
  friend Jet operator/(double c, const Jet& u) {
    const double inv = 1 / u.v;
    return chain(u, c * inv, -c * inv * inv, 2 * c * inv * inv * inv);
  }
  friend Jet operator/(const Jet& a, const Jet& b) { return a * (1.0 / b); }

  // ---- elementary functions
  friend Jet sq(const Jet& u) { return chain(u, u.v * u.v, 2 * u.v, 2); }
  // uⁿ, n ≥ 0:  φ′ = n·uⁿ⁻¹,  φ″ = n·(n − 1)·uⁿ⁻²
  friend Jet ipow(const Jet& u, int n) {
    if (n == 0) return Jet(1.0);
    if (n == 1) return u;
    const double p2 = scenes::ipow(u.v, n - 2);
    return chain(u, p2 * u.v * u.v, n * p2 * u.v, n * (n - 1) * p2);
  }
  // √u:  φ′ = 1/(2√u),  φ″ = −1/(4·u·√u)
  friend Jet sqrt(const Jet& u) {
    const double s = std::sqrt(u.v);
    return chain(u, s, 0.5 / s, -0.25 / (u.v * s));
  }
  friend Jet exp(const Jet& u) {
    const double e = std::exp(u.v);
    return chain(u, e, e, e);
  }
  friend Jet log(const Jet& u) { return chain(u, std::log(u.v), 1 / u.v, -1 / (u.v * u.v)); }
  friend Jet sin(const Jet& u) {
    const double s = std::sin(u.v), c = std::cos(u.v);
    return chain(u, s, c, -s);
  }
  friend Jet cos(const Jet& u) {
    const double s = std::sin(u.v), c = std::cos(u.v);
    return chain(u, c, -s, -c);
  }
  // tanh u:  φ′ = 1 − t²,  φ″ = −2t·(1 − t²)
  friend Jet tanh(const Jet& u) {
    const double t = std::tanh(u.v);
    return chain(u, t, 1 - t * t, -2 * t * (1 - t * t));
  }
  // log(1 + eᵘ):  φ′ = σ(u),  φ″ = σ(u)·(1 − σ(u))
  friend Jet softplus(const Jet& u) {
    const double sig = u.v >= 0 ? 1 / (1 + std::exp(-u.v)) : std::exp(u.v) / (1 + std::exp(u.v));
    return chain(u, scenes::softplus(u.v), sig, sig * (1 - sig));
  }
};

inline double value_of(double u) {
  return u;
}
template <int K>
double value_of(const Jet<K>& u) {
  return u.v;
}

}  // namespace scenes
