// The two-weight networks, computed by nn through NetworkSurface, against the
// closed forms they replaced: the formulas below, differentiated by jets, are
// the reference for f, ∇f (to rounding: nn sums in another order) and ∇²f
// (NetworkSurface differences ∇f; its error is bounded here), including the
// saddle of the tiny network at zero weights. PyTorch's autograd gives the
// same at the same points (tests/data/network/two_weight.csv, written by
// tools/golden/two_weight_networks.py). Newton's method, which needs ∇²f,
// still runs to the neuron's minimum.
#include <Eigen/Eigenvalues>
#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "optim/golden_csv.hpp"
#include "optim/registry.hpp"
#include "scenes/jet.hpp"
#include "scenes/network_surface.hpp"
#include "scenes/surface.hpp"

namespace {

using scenes::Jet;

// L(w, b) = (1/12)·Σᵢ [softplus(zᵢ) − yᵢ·zᵢ],  zᵢ = w·xᵢ + b.
struct Neuron {
  template <class S>
  static S f(const S& w, const S& b) {
    constexpr double xs[] = {-1.0, -0.2, 0.5, 1.0, 1.4, 1.8, 2.3, 2.7, 3.1, 3.6, 4.3, 5.0};
    constexpr int ys[] = {0, 0, 0, 1, 0, 0, 1, 0, 1, 1, 1, 1};
    S sum(0.0);
    for (int i = 0; i < 12; ++i) {
      const S z = w * xs[i] + b;
      sum = sum + softplus(z) - ys[i] * z;
    }
    return sum / 12.0;
  }
};

// L(w, v) = (1/9)·Σᵢ (v·tanh(w·xᵢ) − tanh(1.5·xᵢ))²,  xᵢ = −2, −1.5, …, 2.
struct TinyNet {
  template <class S>
  static S f(const S& w, const S& v) {
    using std::tanh;
    S sum(0.0);
    for (int i = 0; i < 9; ++i) {
      const double x = -2.0 + 0.5 * i;
      sum = sum + sq(v * tanh(w * x) - std::tanh(1.5 * x));
    }
    return sum / 9.0;
  }
};

struct Reference {
  double f;
  Eigen::Vector2d g;
  Eigen::Matrix2d H;
};

template <class Shape>
Reference reference(double x, double y) {
  const Jet<2> r = Shape::f(Jet<2>::variable(x, 0), Jet<2>::variable(y, 1));
  Reference out{r.v, {r.d[0], r.d[1]}, {}};
  out.H << r.h[0], r.h[1], r.h[1], r.h[2];
  return out;
}

// The worst errors over `points`: f relative, ∇f relative to ‖∇f‖ + |f| (the
// size of the terms summed), ∇²f relative to 1 + ‖∇²f‖.
struct Errors {
  double f = 0, g = 0, H = 0;
  std::string where;
};

template <class Shape>
Errors compare(const scenes::Surface& s, const std::vector<Eigen::Vector2d>& points) {
  Errors e;
  for (const Eigen::Vector2d& p : points) {
    const Reference r = reference<Shape>(p.x(), p.y());
    Eigen::Vector2d g;
    const double f = s.value_gradient(p.x(), p.y(), g);
    const double ef = std::abs(f - r.f) / std::abs(r.f);
    const double ef2 = std::abs(s.value(p.x(), p.y()) - r.f) / std::abs(r.f);
    const double eg = (g - r.g).norm() / (r.g.norm() + std::abs(r.f));
    const double eH = (s.hessian(p.x(), p.y()) - r.H).norm() / (1 + r.H.norm());
    if (std::max({ef, ef2, eg}) > std::max(e.f, e.g) || eH > e.H) {
      std::ostringstream w;
      w.precision(17);
      w << "at (" << p.x() << ", " << p.y() << "): f " << f << " vs " << r.f << ", g " << g.transpose() << " vs "
        << r.g.transpose() << ", H error " << eH;
      e.where = w.str();
    }
    e.f = std::max({e.f, ef, ef2});
    e.g = std::max(e.g, eg);
    e.H = std::max(e.H, eH);
  }
  return e;
}

}  // namespace

TEST_CASE("the neuron through nn: its formula's value, gradient and Hessian at a dozen points", "[surfaces][network]") {
  const auto s = scenes::make_surface("neuron");
  const std::vector<Eigen::Vector2d> points = {{-1.5, 2},    {0.3, -0.4}, {2, -5},   {1.3, -2.7}, {1.3217, -2.7078},
                                               {-2.4, -6.9}, {3.9, 2.9},  {0, 0},    {3.5, -6.5}, {-2, 2.5},
                                               {0.7, 1.1},   {2.8, -0.3}, {12, -30}, {-8, 20}};
  const Errors e = compare<Neuron>(*s, points);
  INFO(e.where);
  CHECK(e.f < 1e-14);
  CHECK(e.g < 1e-14);
  CHECK(e.H < 1e-8);
}

TEST_CASE("the tiny network through nn: its formula's value, gradient and Hessian, and the saddle at zero",
          "[surfaces][network]") {
  const auto s = scenes::make_surface("tiny_net");
  const std::vector<Eigen::Vector2d> points = {{0.1, -0.05}, {0.02, -0.01}, {1.4, 0.9},   {-1.6, -1.1}, {2.9, 1.9},
                                               {-2.9, -1.9}, {0.7, -0.3},   {-0.7, 0.3},  {1e-3, 2},    {-2.5, 0.4},
                                               {0.5, 1.5},   {2.2, -1.7},   {0.01, 0.01}, {-0.3, -0.02}};
  const Errors e = compare<TinyNet>(*s, points);
  INFO(e.where);
  CHECK(e.f < 1e-14);
  CHECK(e.g < 1e-14);
  CHECK(e.H < 1e-8);

  // The saddle: ∇f = 0 exactly, ∇²f = [[0, c], [c, 0]] with c as the formula's.
  const Reference r = reference<TinyNet>(0, 0);
  REQUIRE(r.H(0, 0) == 0);
  REQUIRE(r.H(1, 1) == 0);
  CHECK(s->gradient(0, 0) == Eigen::Vector2d::Zero());
  const Eigen::Matrix2d H = s->hessian(0, 0);
  CHECK(std::abs(H(0, 0)) < 1e-12);
  CHECK(std::abs(H(1, 1)) < 1e-12);
  CHECK(H(0, 1) == Approx(r.H(0, 1)).epsilon(1e-10));
  CHECK(H(0, 1) < -0.5);
  const Eigen::Vector2d eig = Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d>(H).eigenvalues();
  CHECK(eig(0) == Approx(-eig(1)).epsilon(1e-10));
}

TEST_CASE("PyTorch's BCEWithLogitsLoss and MSELoss give the same value, gradient and Hessian", "[surfaces][network]") {
  int rows = 0;
  for (const std::string& line : golden::read_lines("network", "two_weight.csv")) {
    const auto c = golden::split(line, ',');
    REQUIRE(c.size() == 9);
    const auto s = scenes::make_surface(c[0]);
    const double x = golden::number(c[1]), y = golden::number(c[2]), f_ref = golden::number(c[3]);
    const Eigen::Vector2d g_ref(golden::number(c[4]), golden::number(c[5]));
    Eigen::Matrix2d H_ref;
    H_ref << golden::number(c[6]), golden::number(c[7]), golden::number(c[7]), golden::number(c[8]);
    INFO(line);
    Eigen::Vector2d g;
    const double f = s->value_gradient(x, y, g);
    CHECK(std::abs(f - f_ref) <= 1e-14 * std::abs(f_ref));
    CHECK((g - g_ref).norm() <= 1e-14 * (g_ref.norm() + std::abs(f_ref)));
    CHECK((s->hessian(x, y) - H_ref).norm() <= 1e-8 * (1 + H_ref.norm()));
    ++rows;
  }
  CHECK(rows >= 24);
}

TEST_CASE("Newton's method, which reads the differenced Hessian, reaches the neuron's minimum", "[surfaces][network]") {
  const auto s = scenes::make_surface("neuron");
  REQUIRE(s->minima().size() == 1);
  const scenes::Minimum m = s->minima()[0];
  // The minimum Newton found when the surface was made, against the formula's gradient.
  CHECK(reference<Neuron>(m.x, m.y).g.norm() < 1e-12);
  auto newton = optim::make_optimizer<double>("newton");
  optim::Vec<double> theta = Eigen::Vector2d(0.5, -1);
  for (int k = 0; k < 12; ++k) newton->step(*s, theta);
  CHECK(std::hypot(theta[0] - m.x, theta[1] - m.y) < 1e-10);
  CHECK(s->value(theta[0], theta[1]) - m.f < 1e-15);
}

TEST_CASE("a network surface is a network with two weights and 1-D inputs", "[surfaces][network]") {
  scenes::NetworkDataset line{.name = "line", .inputs = 1, .classes = 0, .train_x = {0, 1}, .train_y = {1, 2}};
  scenes::SurfaceInfo info;
  info.name = "probe";
  CHECK_NOTHROW(scenes::NetworkSurface(info, line, {.hidden = {}}));  // y = w·x + b
  CHECK_THROWS_WITH(scenes::NetworkSurface(info, line, {.hidden = {1}}), Catch::Contains("has 4"));
  CHECK_THROWS_WITH(scenes::NetworkSurface(info, line, {.hidden = {2}, .bias = false}), Catch::Contains("has 4"));
  scenes::NetworkDataset plane{.name = "plane", .inputs = 2, .classes = 0, .train_x = {0, 1}, .train_y = {1}};
  CHECK_THROWS_WITH(scenes::NetworkSurface(info, plane, {.hidden = {}, .bias = false}), Catch::Contains("1-D"));
}
