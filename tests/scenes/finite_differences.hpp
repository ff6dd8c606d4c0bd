// tests/scenes/finite_differences.hpp — a surface's exact derivatives against
// central differences (the course's ∂J/∂w ≈ (J(w + h) − J(w − h)) / 2h),
// Richardson-extrapolated once so the polynomial surfaces' large third
// derivatives (Goldstein–Price) do not need a loose tolerance:
//   D(h) = (u(w + h) − u(w − h)) / 2h,   ∂u/∂w ≈ (4·D(h/2) − D(h)) / 3
// with u = f from value() for ∇f, u = ∇f from gradient() for ∇²f, and
// h = 1e-4·(1 + |w|). The error is O(h⁴·u⁽⁵⁾) + O(ε·|u|/h); a component passes when
//   |exact − fd| ≤ 1e-6·(1 + |exact|) + 1e-9·(1 + |f|)        (gradient)
//   |exact − fd| ≤ 1e-6·(1 + |exact|) + 1e-9·(1 + ‖∇f‖∞)     (Hessian)
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>

#include "scenes/surface.hpp"

namespace test_support {

struct DerivativeCheck {
  int points = 0;      // points where derivatives were finite and compared
  int failures = 0;    // components outside the tolerance
  std::string report;  // the first few failures
};

inline DerivativeCheck check_derivatives(const scenes::Surface& s, int n, std::uint64_t seed) {
  DerivativeCheck out;
  const scenes::View v = s.view();
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> ux(v.x_min, v.x_max), uy(v.y_min, v.y_max);
  std::ostringstream report;
  report.precision(17);
  auto fail = [&](const char* what, double x, double y, double exact, double fd) {
    if (++out.failures <= 8)
      report << s.name() << ": " << what << " at (" << x << ", " << y << "): exact " << exact << ", finite difference "
             << fd << "\n";
  };
  int tries = 0;
  while (out.points < n && tries++ < 100 * n) {
    const double x = ux(rng), y = uy(rng);
    const double f = s.value(x, y);
    const Eigen::Vector2d g = s.gradient(x, y);
    const Eigen::Matrix2d H = s.hessian(x, y);
    if (!std::isfinite(f) || !g.allFinite() || !H.allFinite()) continue;  // outside f's domain
    const double hx = 1e-4 * (1 + std::abs(x)), hy = 1e-4 * (1 + std::abs(y));
    // Each difference is evaluated into u's own type (double or Vector2d):
    // returned as `auto`, an Eigen expression would refer to u's temporaries
    // after they are gone (which clang's code reads as garbage).
    auto fd_x = [&](auto u) {
      using U = decltype(u(x, y));
      auto d = [&](double h) -> U { return (u(x + h, y) - u(x - h, y)) / (2 * h); };
      return U((4 * d(hx / 2) - d(hx)) / 3);
    };
    auto fd_y = [&](auto u) {
      using U = decltype(u(x, y));
      auto d = [&](double h) -> U { return (u(x, y + h) - u(x, y - h)) / (2 * h); };
      return U((4 * d(hy / 2) - d(hy)) / 3);
    };
    auto value = [&](double a, double b) { return s.value(a, b); };
    auto gradient = [&](double a, double b) -> Eigen::Vector2d { return s.gradient(a, b); };
    const double fdx = fd_x(value), fdy = fd_y(value);
    const Eigen::Vector2d dgx = fd_x(gradient), dgy = fd_y(gradient);
    if (!std::isfinite(fdx) || !std::isfinite(fdy) || !dgx.allFinite() || !dgy.allFinite())
      continue;  // a probe left f's domain
    ++out.points;
    const double gtol = 1e-9 * (1 + std::abs(f));
    const double htol = 1e-9 * (1 + g.cwiseAbs().maxCoeff());
    auto close = [](double exact, double fd, double extra) {
      return std::abs(exact - fd) <= 1e-6 * (1 + std::abs(exact)) + extra;
    };
    if (!close(g.x(), fdx, gtol)) fail("df/dx", x, y, g.x(), fdx);
    if (!close(g.y(), fdy, gtol)) fail("df/dy", x, y, g.y(), fdy);
    if (!close(H(0, 0), dgx.x(), htol)) fail("d2f/dx2", x, y, H(0, 0), dgx.x());
    if (!close(H(1, 0), dgx.y(), htol)) fail("d2f/dydx", x, y, H(1, 0), dgx.y());
    if (!close(H(0, 1), dgy.x(), htol)) fail("d2f/dxdy", x, y, H(0, 1), dgy.x());
    if (!close(H(1, 1), dgy.y(), htol)) fail("d2f/dy2", x, y, H(1, 1), dgy.y());
    if (H(0, 1) != H(1, 0)) fail("symmetry", x, y, H(0, 1), H(1, 0));
  }
  out.report = report.str();
  return out;
}

}  // namespace test_support
