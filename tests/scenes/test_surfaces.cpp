// The built-in surfaces: exact derivatives against central finite differences,
// the recorded minima against ∇f = 0, ∇²f ⪰ 0 and their neighbourhood, and
// the registry's contract.
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <set>
#include <stdexcept>

#include "finite_differences.hpp"
#include "scenes/network_data.hpp"
#include "scenes/surface.hpp"

using scenes::make_surface;
using scenes::surface_names;

TEST_CASE("registry lists fourteen surfaces, each made by its name", "[surfaces]") {
  const std::vector<std::string> names = surface_names();
  REQUIRE(names.size() == 14);
  REQUIRE(std::set<std::string>(names.begin(), names.end()).size() == names.size());
  for (const char* expected :
       {"rosenbrock", "saddle", "monkey_saddle", "quadratic_valley", "beale", "himmelblau", "rastrigin", "ackley",
        "booth", "goldstein_price", "six_hump_camel", "double_well", "neuron", "tiny_net"})
    CHECK(std::find(names.begin(), names.end(), expected) != names.end());
  for (const std::string& name : names) {
    const auto s = make_surface(name);
    CHECK(s->name() == name);
    CHECK_FALSE(s->title().empty());
    CHECK_FALSE(s->formula().empty());
  }
}

TEST_CASE("unknown surface names are rejected with the known list", "[surfaces]") {
  try {
    make_surface("rosenbrok");
    FAIL("no exception");
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    CHECK(what.rfind("unknown surface 'rosenbrok' (known: rosenbrock, ", 0) == 0);
    CHECK(what.find("ackley)") != std::string::npos);
  }
}

TEST_CASE("gradient and Hessian match central differences at random points", "[surfaces]") {
  for (const std::string& name : surface_names()) {
    SECTION(name) {
      const auto s = make_surface(name);
      const auto result = test_support::check_derivatives(*s, 250, 20240601);
      INFO(result.report);
      CHECK(result.points == 250);
      CHECK(result.failures == 0);
    }
  }
}

TEST_CASE("value, value_gradient and the optim::Objective view agree", "[surfaces]") {
  std::mt19937_64 rng(7);
  for (const std::string& name : surface_names()) {
    auto s = make_surface(name);
    const scenes::View v = s->view();
    std::uniform_real_distribution<double> ux(v.x_min, v.x_max), uy(v.y_min, v.y_max);
    for (int i = 0; i < 50; ++i) {
      const double x = ux(rng), y = uy(rng);
      Eigen::Vector2d g;
      const double f = s->value_gradient(x, y, g);
      const double f0 = s->value(x, y);
      INFO(name << " at (" << x << ", " << y << ")");
      CHECK(f == Approx(f0).epsilon(1e-13).margin(1e-13));
      CHECK((g - s->gradient(x, y)).norm() == 0);
      optim::Vec<double> theta(2), go(2);
      theta << x, y;
      CHECK(s->value_and_gradient(theta, go) == f);
      CHECK(go[0] == g[0]);
      CHECK(go[1] == g[1]);
      REQUIRE(s->has_hessian());
      optim::Mat<double> H;
      s->hessian(theta, H);
      REQUIRE(H.rows() == 2);
      REQUIRE(H.cols() == 2);
      CHECK((H - s->hessian(x, y)).norm() == 0);
    }
  }
}

TEST_CASE("Rosenbrock's derivatives equal the hand-derived ones", "[surfaces]") {
  // ∇f = (−2(1 − x) − 400x(y − x²), 200(y − x²)),
  // ∇²f = [[2 − 400y + 1200x², −400x], [−400x, 200]]
  const auto s = make_surface("rosenbrock");
  const double x = -1.2, y = 1;
  CHECK(s->value(x, y) == Approx(24.2).epsilon(1e-15));
  const Eigen::Vector2d g = s->gradient(x, y);
  CHECK(g.x() == Approx(-2 * (1 - x) - 400 * x * (y - x * x)).epsilon(1e-15));
  CHECK(g.y() == Approx(200 * (y - x * x)).epsilon(1e-15));
  const Eigen::Matrix2d H = s->hessian(x, y);
  CHECK(H(0, 0) == Approx(2 - 400 * y + 1200 * x * x).epsilon(1e-15));
  CHECK(H(0, 1) == Approx(-400 * x).epsilon(1e-15));
  CHECK(H(1, 0) == Approx(-400 * x).epsilon(1e-15));
  CHECK(H(1, 1) == Approx(200).epsilon(1e-15));
}

TEST_CASE("the neuron's loss and gradient equal logistic regression's, written out by hand", "[surfaces]") {
  // L = mean(−y·log σ(z) − (1 − y)·log(1 − σ(z))), ∂L/∂w = mean((σ(z) − y)·x), ∂L/∂b = mean(σ(z) − y).
  const double xs[] = {-1.0, -0.2, 0.5, 1.0, 1.4, 1.8, 2.3, 2.7, 3.1, 3.6, 4.3, 5.0};
  const int ys[] = {0, 0, 0, 1, 0, 0, 1, 0, 1, 1, 1, 1};
  const auto s = make_surface("neuron");
  for (auto [w, b] : {std::pair{0.3, -0.4}, {-1.5, 2.0}, {2.0, -5.0}, {1.3, -2.7}}) {
    double loss = 0, gw = 0, gb = 0;
    for (int i = 0; i < 12; ++i) {
      const double p = 1 / (1 + std::exp(-(w * xs[i] + b)));
      loss += -(ys[i] ? std::log(p) : std::log(1 - p)) / 12;
      gw += (p - ys[i]) * xs[i] / 12;
      gb += (p - ys[i]) / 12;
    }
    CHECK(s->value(w, b) == Approx(loss).epsilon(1e-13));
    CHECK(s->gradient(w, b).x() == Approx(gw).epsilon(1e-12));
    CHECK(s->gradient(w, b).y() == Approx(gb).epsilon(1e-12));
  }
  REQUIRE(s->minima().size() == 1);  // convex: one minimum, found by Newton
  CHECK(s->minima()[0].global);
}

TEST_CASE("the two-weight network has a saddle at zero weights and mirror minima", "[surfaces]") {
  const auto s = make_surface("tiny_net");
  CHECK(s->gradient(0, 0).norm() == 0);
  const Eigen::Matrix2d H = s->hessian(0, 0);
  const Eigen::Vector2d eig = Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d>(H).eigenvalues();
  CHECK(eig(0) < -0.1);
  CHECK(eig(1) > 0.1);
  CHECK(s->value(1.5, 1) == Approx(0).margin(1e-15));
  CHECK(s->value(-1.5, -1) == Approx(0).margin(1e-15));
  CHECK(s->value(0.7, -0.3) == Approx(s->value(-0.7, 0.3)).epsilon(1e-15));  // (w, v) → (−w, −v) changes nothing
}

TEST_CASE("the small networks' data and outputs give back their surfaces' losses", "[surfaces]") {
  CHECK(scenes::network_data("rosenbrock") == nullptr);
  for (const char* name : {"neuron", "tiny_net"}) {
    const scenes::NetworkData* d = scenes::network_data(name);
    REQUIRE(d != nullptr);
    REQUIRE(d->x.size() == d->y.size());
    REQUIRE(d->network != nullptr);
    const auto s = make_surface(name);
    for (auto [p, q] : {std::pair{0.3, -0.4}, {-1.5, 2.0}, {1.5, 1.0}}) {
      const std::vector<double> outputs = d->network->outputs(p, q, d->x);
      REQUIRE(outputs.size() == d->x.size());
      double loss = 0;
      for (std::size_t i = 0; i < d->x.size(); ++i) {
        const double out = outputs[i];
        loss += std::string(name) == "neuron" ? -(d->y[i] ? std::log(out) : std::log(1 - out))
                                              : (out - d->y[i]) * (out - d->y[i]);
      }
      CHECK(s->value(p, q) == Approx(loss / static_cast<double>(d->x.size())).epsilon(1e-12));
    }
  }
}

TEST_CASE("every recorded minimum is a minimum with the recorded value", "[surfaces]") {
  for (const std::string& name : surface_names()) {
    const auto s = make_surface(name);
    const scenes::View v = s->view();
    const double radius = 1e-3 * std::hypot(v.x_max - v.x_min, v.y_max - v.y_min);
    for (const scenes::Minimum& m : s->minima()) {
      INFO(name << " minimum at (" << m.x << ", " << m.y << "), f = " << m.f);
      const Eigen::Matrix2d H = s->hessian(m.x, m.y);
      const double f = s->value(m.x, m.y);
      CHECK(std::abs(f - m.f) <= 1e-12 * (1 + std::abs(m.f)));
      CHECK(s->gradient(m.x, m.y).norm() <= 1e-9 * (1 + H.norm()));
      const double lmin = 0.5 * (H(0, 0) + H(1, 1)) - std::hypot(0.5 * (H(0, 0) - H(1, 1)), H(0, 1));
      CHECK(lmin > 0);
      CHECK(H(0, 1) == H(1, 0));
      // Independent of the derivatives: f rises all around.
      for (int k = 0; k < 16; ++k) {
        const double a = 2 * M_PI * k / 16;
        CHECK(s->value(m.x + radius * std::cos(a), m.y + radius * std::sin(a)) > f);
      }
      CHECK(m.x >= v.x_min);
      CHECK(m.x <= v.x_max);
      CHECK(m.y >= v.y_min);
      CHECK(m.y <= v.y_max);
    }
  }
}

TEST_CASE("the global minima are the lowest, and all equally low", "[surfaces]") {
  for (const std::string& name : surface_names()) {
    INFO(name);
    const auto s = make_surface(name);
    const std::vector<scenes::Minimum> minima = s->minima();
    if (name == "saddle" || name == "monkey_saddle") {
      CHECK(minima.empty());
      continue;
    }
    REQUIRE_FALSE(minima.empty());
    double lowest = INFINITY;
    for (const auto& m : minima) lowest = std::min(lowest, m.f);
    int globals = 0;
    for (const auto& m : minima) {
      if (m.global) {
        ++globals;
        CHECK(m.f <= lowest + 1e-12 * (1 + std::abs(lowest)));
      } else {
        CHECK(m.f > lowest + 1e-6 * (1 + std::abs(lowest)));
      }
    }
    CHECK(globals >= 1);
  }
}

TEST_CASE("minima tables hold what the literature says", "[surfaces]") {
  auto count = [](const std::string& name, bool global) {
    const auto m = make_surface(name)->minima();
    return std::count_if(m.begin(), m.end(), [&](const auto& x) { return x.global == global; });
  };
  CHECK(count("himmelblau", true) == 4);
  CHECK(count("six_hump_camel", true) == 2);
  CHECK(count("six_hump_camel", false) == 4);
  CHECK(count("goldstein_price", false) == 3);
  CHECK(count("double_well", true) == 1);
  CHECK(count("double_well", false) == 1);
  // One local minimum next to every integer point of the view: 11 × 11.
  CHECK(count("rastrigin", true) == 1);
  CHECK(count("rastrigin", false) == 120);
  CHECK(count("ackley", true) == 1);
  for (const char* name : {"rastrigin", "ackley"}) {
    const auto m = make_surface(name)->minima();
    const auto g = std::find_if(m.begin(), m.end(), [](const auto& x) { return x.global; });
    REQUIRE(g != m.end());
    CHECK(std::abs(g->x) < 1e-12);
    CHECK(std::abs(g->y) < 1e-12);
    CHECK(std::abs(g->f) < 1e-12);
  }
  const auto dw = make_surface("double_well")->minima();
  for (const auto& m : dw) {
    // ∂f/∂x = 4x³ − 4x + 0.3 = 0 and y = 0
    CHECK(4 * m.x * m.x * m.x - 4 * m.x + 0.3 == Approx(0).margin(1e-14));
    CHECK(m.y == 0);
  }
}

TEST_CASE("start point lies inside a proper view and is not a minimum", "[surfaces]") {
  for (const std::string& name : surface_names()) {
    INFO(name);
    const auto s = make_surface(name);
    const scenes::View v = s->view();
    const Eigen::Vector2d p = s->start();
    CHECK(v.x_min < v.x_max);
    CHECK(v.y_min < v.y_max);
    CHECK(p.x() > v.x_min);
    CHECK(p.x() < v.x_max);
    CHECK(p.y() > v.y_min);
    CHECK(p.y() < v.y_max);
    CHECK(s->gradient(p.x(), p.y()).norm() > 1e-3);
  }
}
