// The line-search and curvature methods: cg, bfgs, dfp, lbfgs, newton.
//
// [SECTION] against SciPy: iterations to ‖θ − (1, 1)‖ < 1e-6 on Rosenbrock,
//           bounded by tests/data/scipy/counts.csv (tools/golden/scipy_counts.py)
// [SECTION] line search: strong Wolfe at every accepted step, bounded, clean failure
// [SECTION] curvature: V symmetric positive definite, Newton's safeguard
// [SECTION] state: save → restore → step is bit-identical; L-BFGS's ring buffer
// [SECTION] float: a 1000-dimensional quadratic
#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "optim/conjugate_gradient.hpp"
#include "optim/lbfgs.hpp"
#include "optim/line_search.hpp"
#include "optim/method.hpp"
#include "optim/newton.hpp"
#include "optim/quasi_newton.hpp"
#include "optim/registry.hpp"
#include "scenes/surface.hpp"

namespace {

using optim::Mat;
using optim::Vec;

const std::vector<std::string> kMethods = {"cg", "bfgs", "dfp", "lbfgs", "newton"};

// Descent's method ↔ SciPy's minimize method it must keep up with.
const std::map<std::string, std::string> kScipyMethod = {
    {"cg", "CG"}, {"bfgs", "BFGS"}, {"dfp", "BFGS"}, {"lbfgs", "L-BFGS-B"}, {"newton", "Newton-CG"}};

Vec<double> point(double x, double y) {
  Vec<double> v(2);
  v << x, y;
  return v;
}

// The method with its defaults; lbfgs with its stopping tests off, as SciPy
// is run with tight tolerances (torch's defaults stop L-BFGS near 4e-5).
std::unique_ptr<optim::Optimizer<double>> make(const std::string& name) {
  auto opt = optim::make_optimizer<double>(name);
  if (name == "lbfgs") {
    opt->set("tolerance_grad", 0);
    opt->set("tolerance_change", 0);
  }
  return opt;
}

// Steps until ‖θ − (1, 1)‖ < 1e-6, at most `limit`; limit + 1 when never.
int steps_to_minimum(optim::Optimizer<double>& opt, Vec<double> theta, int limit) {
  auto rosenbrock = scenes::make_surface("rosenbrock");
  for (int k = 0; k <= limit; ++k) {
    if ((theta - point(1, 1)).norm() < 1e-6) return k;
    if (k < limit) opt.step(*rosenbrock, theta);
  }
  return limit + 1;
}

struct ScipyCount {
  double x0, y0;
  std::string method;
  int iterations;
};

std::vector<ScipyCount> scipy_counts() {
  std::ifstream in(std::string(DESCENT_TEST_DATA) + "/scipy/counts.csv");
  REQUIRE(in.good());
  std::string line;
  std::getline(in, line);
  REQUIRE(line.rfind("x0,y0,method,iterations", 0) == 0);
  std::vector<ScipyCount> out;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> f;
    std::istringstream fields(line);
    for (std::string part; std::getline(fields, part, ',');) f.push_back(part);
    REQUIRE(f.size() >= 4);
    out.push_back({std::stod(f[0]), std::stod(f[1]), f[2], std::stoi(f[3])});
  }
  return out;
}

// A step with the inspector attached, and what it saw.
struct Inspected {
  double f0;       // f(θ) at the step's start
  Vec<double> g0;  // ∇f(θ)
  Vec<double> d;   // the search direction
  double t;        // the accepted step length
};

Inspected inspected_step(optim::Optimizer<double>& opt, optim::Objective<double>& f, Vec<double>& theta) {
  optim::Inspection<double> inspection;
  opt.set_inspection(&inspection);
  opt.step(f, theta);
  opt.set_inspection(nullptr);
  REQUIRE(!inspection.probes.empty());
  REQUIRE(inspection.probes[0].label == "θ");
  REQUIRE(inspection.vector("d") != nullptr);
  REQUIRE(inspection.scalar("t_k") != nullptr);
  return {static_cast<double>(inspection.probes[0].f), inspection.probes[0].g, *inspection.vector("d"),
          *inspection.scalar("t_k")};
}

}  // namespace

// [SECTION] against SciPy -------------------------------------------------------

TEST_CASE("cg, bfgs, dfp, lbfgs and newton reach (1, 1) on Rosenbrock in no more iterations than SciPy",
          "[optim][second_order][scipy]") {
  const auto counts = scipy_counts();
  std::set<std::pair<double, double>> starts;
  for (const auto& c : counts) starts.insert({c.x0, c.y0});
  REQUIRE(starts.size() >= 4);
  REQUIRE(starts.count({-1.2, 1.0}) == 1);
  for (const auto& name : kMethods) {
    int compared = 0;
    for (const auto& c : counts) {
      if (c.method != kScipyMethod.at(name)) continue;
      auto opt = make(name);
      const int ours = steps_to_minimum(*opt, point(c.x0, c.y0), c.iterations);
      INFO(name << " from (" << c.x0 << ", " << c.y0 << "): SciPy's " << c.method << " needs " << c.iterations
                << " iterations; " << name << " " << (ours > c.iterations ? "needs more" : std::to_string(ours)));
      CHECK(ours <= c.iterations);
      ++compared;
    }
    CHECK(compared == static_cast<int>(starts.size()));
  }
}

TEST_CASE("the SciPy bound can fail: a quarter of SciPy's iterations is not enough", "[optim][second_order][scipy]") {
  // From (−1.2, 1), for every method but Newton, whose yardstick (Newton-CG) is the loosest.
  for (const auto& c : scipy_counts()) {
    if (c.x0 != -1.2 || c.method == "Newton-CG" || c.method == "trust-exact") continue;
    for (const auto& [name, method] : kScipyMethod) {
      if (method != c.method) continue;
      auto opt = make(name);
      INFO(name);
      CHECK(steps_to_minimum(*opt, point(c.x0, c.y0), c.iterations / 4) > c.iterations / 4);
    }
  }
}

// [SECTION] line search -----------------------------------------------------------

TEST_CASE("every accepted step satisfies the strong Wolfe conditions", "[optim][second_order][wolfe]") {
  const std::vector<std::string> methods = {"cg", "bfgs", "dfp", "lbfgs"};
  const std::vector<std::pair<std::string, Vec<double>>> problems = {
      {"rosenbrock", point(-1.2, 1)}, {"rosenbrock", point(2, -1)},       {"beale", point(1, 1)},
      {"himmelblau", point(0, 0)},    {"six_hump_camel", point(-1.5, 1)}, {"goldstein_price", point(-0.5, 1)}};
  for (const auto& name : methods) {
    for (const auto& [surface_name, start] : problems) {
      INFO(name << " on " << surface_name);
      auto opt = make(name);
      const double c2 = opt->has("c2") ? opt->get("c2") : 0.9;  // lbfgs: torch's 0.9
      auto surface = scenes::make_surface(surface_name);
      Vec<double> theta = start;
      int accepted = 0;
      for (int k = 0; k < 200; ++k) {
        const Inspected s = inspected_step(*opt, *surface, theta);
        const double gtd0 = s.g0.dot(s.d);
        // Converged: the decrease on offer is near the rounding of f, where
        // no line search can tell points apart.
        if (std::abs(gtd0) < 1e-8 * std::max(1.0, std::abs(s.f0))) break;
        INFO("step " << k + 1);
        REQUIRE(s.t > 0);
        Vec<double> g(2);
        const double f = surface->value_and_gradient(theta, g);
        CHECK(gtd0 < 0);
        CHECK(f <= s.f0 + 1e-4 * s.t * gtd0);
        CHECK(std::abs(g.dot(s.d)) <= c2 * std::abs(gtd0));
        ++accepted;
      }
      CHECK(accepted > 3);
    }
  }
}

namespace {
// φ(t) along x: f(x) = −x (unbounded below), or f(x) = (x − 3)² with NaN beyond `wall`.
struct Line1d : optim::Objective<double> {
  enum Kind { Unbounded, NanWall, Quadratic } kind;
  double wall = 1e300;
  explicit Line1d(Kind k, double w = 1e300) : kind(k), wall(w) {}
  double value_and_gradient(const Vec<double>& x, Vec<double>& g) override {
    if (kind == Unbounded) return g[0] = -1, -x[0];
    if (kind == NanWall && x[0] > wall) return g[0] = NAN, NAN;
    g[0] = 2 * (x[0] - 3);
    return (x[0] - 3) * (x[0] - 3);
  }
};

// An optimizer whose step runs one line search, so that the free function
// can be called with a real Evaluator.
// No hyperparameters of its own; the line searches take t0 directly.
struct SearchConfig {
  double lr = 1;
  static std::vector<optim::HyperField<SearchConfig>> fields() { return {}; }
};

struct SearchOnce final : optim::Method<double, SearchConfig> {
  double t0 = 1;
  bool wolfe = true;  // strong_wolfe, else backtracking
  optim::LineSearchResult<double> result;
  Vec<double> d;
  SearchOnce() : optim::Method<double, SearchConfig>("search_once", {}) {}
  std::unique_ptr<optim::Optimizer<double>> clone() const override { return std::make_unique<SearchOnce>(*this); }
  std::vector<optim::RuleLine> rule() const override { return {}; }
  void compute_step(optim::Evaluator<double>& eval, Vec<double>& theta) override {
    Vec<double> g;
    const double f = eval(theta, g, "θ");
    result = wolfe ? optim::strong_wolfe(eval, theta, d, f, g, t0) : optim::backtracking(eval, theta, d, f, g, t0);
  }
};
}  // namespace

TEST_CASE("the line searches are bounded and report failure cleanly", "[optim][second_order][wolfe]") {
  SearchOnce search;
  optim::Inspection<double> inspection;
  search.set_inspection(&inspection);
  Vec<double> theta = Vec<double>::Zero(1);

  SECTION("a quadratic: Wolfe holds, probes are labelled in order") {
    Line1d f(Line1d::Quadratic);
    search.d = Vec<double>::Ones(1);
    search.t0 = 0.01;  // far too short: the bracket phase has to extrapolate
    search.step(f, theta);
    CHECK(search.result.wolfe);
    CHECK(search.result.t > 0.01);
    CHECK(search.result.f <= 9 + 1e-4 * search.result.t * -6);
    CHECK(std::abs(search.result.gtd) <= 0.9 * 6);
    REQUIRE(inspection.probes.size() == static_cast<std::size_t>(search.result.evaluations) + 1);
    for (std::size_t k = 1; k < inspection.probes.size(); ++k)
      CHECK((inspection.probes[k].label == "line search " + std::to_string(k) &&
             inspection.probes[k].kind == optim::ProbeKind::line_search));
  }
  SECTION("not a descent direction: no evaluation, t = 0") {
    Line1d f(Line1d::Quadratic);
    search.d = -Vec<double>::Ones(1);
    search.step(f, theta);
    CHECK_FALSE(search.result.wolfe);
    CHECK(search.result.t == 0);
    CHECK(search.result.evaluations == 0);
  }
  SECTION("unbounded below: stops after its evaluation budget") {
    Line1d f(Line1d::Unbounded);
    search.d = Vec<double>::Ones(1);
    search.step(f, theta);
    CHECK_FALSE(search.result.wolfe);
    CHECK(search.result.evaluations == optim::WolfeOptions{}.max_evaluations);
    CHECK(search.result.t > 1);
  }
  SECTION("NaN beyond a wall counts as too far") {
    Line1d f(Line1d::NanWall, 0.5);
    search.d = Vec<double>::Ones(1);
    search.step(f, theta);
    CHECK(search.result.t > 0);
    CHECK(search.result.t <= 0.5);
    CHECK(std::isfinite(search.result.f));
    search.wolfe = false;
    search.step(f, theta);
    CHECK(search.result.wolfe);  // Armijo holds
    CHECK(search.result.t <= 0.5);
  }
}

// [SECTION] curvature ---------------------------------------------------------------

TEST_CASE("BFGS and DFP keep V symmetric positive definite on every step", "[optim][second_order][spd]") {
  const std::vector<std::pair<std::string, Vec<double>>> problems = {{"rosenbrock", point(-1.2, 1)},
                                                                     {"rosenbrock", point(-1.5, 2)},
                                                                     {"rosenbrock", point(2, -1)},
                                                                     {"rosenbrock", point(0, 0)},
                                                                     {"beale", point(1, 1)},
                                                                     {"himmelblau", point(0, 0)},
                                                                     {"booth", point(0, 0)},
                                                                     {"six_hump_camel", point(-1.5, 1)},
                                                                     {"goldstein_price", point(-0.5, 1)},
                                                                     {"double_well", point(0.5, 1)}};
  for (const std::string name : {"bfgs", "dfp"}) {
    for (const double c2 : {0.1, 0.9}) {
      for (const auto& [surface_name, start] : problems) {
        INFO(name << " (c2 = " << c2 << ") on " << surface_name);
        auto opt = make(name);
        opt->set("c2", c2);
        auto surface = scenes::make_surface(surface_name);
        Vec<double> theta = start;
        for (int k = 0; k < 200; ++k) {
          opt->step(*surface, theta);
          const auto state = opt->save_state();
          const Vec<double>* flat = nullptr;
          for (const auto& [key, value] : state.buffers)
            if (key == "V") flat = &value;
          REQUIRE(flat != nullptr);
          REQUIRE(flat->size() == 4);
          const Mat<double> V = Eigen::Map<const Mat<double>>(flat->data(), 2, 2);
          INFO("step " << k + 1 << ": V = " << V(0, 0) << ", " << V(0, 1) << "; " << V(1, 0) << ", " << V(1, 1));
          REQUIRE(V(0, 1) == V(1, 0));
          REQUIRE(Eigen::LLT<Mat<double>>(V).info() == Eigen::Success);
          REQUIRE(V.determinant() > 0);
          REQUIRE(std::isfinite(theta.norm()));
        }
      }
    }
  }
}

TEST_CASE("newton steps away from the saddle of x² − y², where the pure step lands on it",
          "[optim][second_order][newton]") {
  auto saddle = scenes::make_surface("saddle");
  auto opt = optim::make_optimizer<double>("newton");
  Vec<double> theta = point(0.5, 0.1);
  // The pure Newton step −H⁻¹g goes exactly to the saddle point (0, 0).
  Vec<double> g(2);
  Mat<double> H(2, 2);
  saddle->value_and_gradient(theta, g);
  saddle->hessian(theta, H);
  CHECK((theta - H.inverse() * g).norm() < 1e-15);

  const Inspected s = inspected_step(*opt, *saddle, theta);
  CHECK(s.g0.dot(s.d) < 0);         // downhill
  CHECK(std::abs(theta[1]) > 0.1);  // away from the saddle along y
  CHECK(saddle->value(theta[0], theta[1]) < saddle->value(0, 0));
  const double start_distance = point(0.5, 0.1).norm();
  for (int k = 0; k < 5; ++k) opt->step(*saddle, theta);
  CHECK(theta.norm() > 10 * start_distance);
  // Without the line search, the first step is the flipped one: (0, 0.2).
  auto pure = optim::make_optimizer<double>("newton");
  pure->set("line_search", 0);
  Vec<double> other = point(0.5, 0.1);
  pure->step(*saddle, other);
  CHECK((other - point(0, 0.2)).norm() < 1e-14);
}

TEST_CASE("newton refuses an objective without a Hessian, with a clear message", "[optim][second_order][newton]") {
  struct NoHessian : optim::Objective<double> {
    double value_and_gradient(const Vec<double>& x, Vec<double>& g) override {
      g = 2 * x;
      return x.squaredNorm();
    }
  } f;
  auto opt = optim::make_optimizer<double>("newton");
  Vec<double> theta = point(1, 2);
  CHECK_THROWS_WITH(opt->step(f, theta), "newton needs the exact Hessian, which this problem does not provide");
  CHECK(theta == point(1, 2));
  CHECK(opt->counters().evaluations == 0);
}

// [SECTION] state -----------------------------------------------------------------

TEST_CASE("save → restore → step is bit-identical to never stopping", "[optim][second_order][state]") {
  struct Setting {
    std::string name;
    std::vector<std::pair<std::string, double>> hyper;
  };
  const std::vector<Setting> settings = {
      {"cg", {}},    {"cg", {{"beta_rule", 1}, {"restart_every", 0}}},
      {"bfgs", {}},  {"dfp", {{"c2", 0.9}}},
      {"lbfgs", {}}, {"lbfgs", {{"line_search", 0}, {"lr", 0.5}, {"history_size", 3}}},
      {"newton", {}}};
  for (const auto& setting : settings) {
    for (const int before : {0, 1, 4, 9}) {
      INFO(setting.name << " stopped after " << before << " steps");
      auto opt = optim::make_optimizer<double>(setting.name);
      for (const auto& [key, value] : setting.hyper) opt->set(key, value);
      auto surface = scenes::make_surface("rosenbrock");
      Vec<double> theta = point(-1.2, 1);
      for (int k = 0; k < before; ++k) opt->step(*surface, theta);
      const auto saved = opt->save_state();
      const Vec<double> saved_theta = theta;
      for (int k = 0; k < 6; ++k) opt->step(*surface, theta);

      auto restored = optim::make_optimizer<double>(setting.name);
      restored->load_state(saved);
      CHECK(restored->save_state() == saved);
      Vec<double> again = saved_theta;
      for (int k = 0; k < 6; ++k) restored->step(*surface, again);
      CHECK(std::memcmp(again.data(), theta.data(), sizeof(double) * 2) == 0);
      CHECK(restored->save_state() == opt->save_state());
    }
  }
}

TEST_CASE("lbfgs's ring of pairs: full, wrapped, shrunk and grown", "[optim][second_order][lbfgs]") {
  auto scalar_of = [](const optim::OptimizerState<double>& state, const std::string& name) {
    for (const auto& [key, value] : state.scalars)
      if (key == name) return value;
    FAIL("no scalar " << name);
    return 0.0;
  };
  auto buffer_of = [](const optim::OptimizerState<double>& state, const std::string& name) {
    for (const auto& [key, value] : state.buffers)
      if (key == name) return value;
    FAIL("no buffer " << name);
    return Vec<double>();
  };
  // The pairs (s then r, 4 numbers in 2-D), oldest first.
  auto pairs = [&](const optim::OptimizerState<double>& state) {
    const long count = static_cast<long>(scalar_of(state, "history_count"));
    const long head = static_cast<long>(scalar_of(state, "history_head"));
    const Vec<double> ring = buffer_of(state, "history");
    const long capacity = ring.size() / 4;
    std::vector<Vec<double>> out;
    for (long k = 0; k < count; ++k) out.push_back(ring.segment(((head + k) % capacity) * 4, 4));
    return out;
  };
  auto surface = scenes::make_surface("rosenbrock");
  auto opt = make("lbfgs");
  opt->set("history_size", 4);
  Vec<double> theta = point(-1.2, 1);
  for (int k = 0; k < 10; ++k) opt->step(*surface, theta);
  const auto full = opt->save_state();
  REQUIRE(pairs(full).size() == 4);
  CHECK(scalar_of(full, "history_head") != 0);  // wrapped
  // Shrunk to 2: the newest old pair, then the pair of this step.
  opt->set("history_size", 2);
  opt->step(*surface, theta);
  const auto shrunk = pairs(opt->save_state());
  REQUIRE(shrunk.size() == 2);
  CHECK(shrunk[0] == pairs(full)[3]);
  // Grown to 7: the 2 kept, then 5 new ones.
  opt->set("history_size", 7);
  for (int k = 0; k < 5; ++k) opt->step(*surface, theta);
  const auto grown = pairs(opt->save_state());
  REQUIRE(grown.size() == 7);
  CHECK(grown[0] == shrunk[0]);
  CHECK(grown[1] == shrunk[1]);
  for (int k = 0; k < 60; ++k) opt->step(*surface, theta);
  CHECK((theta - point(1, 1)).norm() < 1e-6);
  // A history longer than the run never wraps: the same run as history 100.
  auto a = make("lbfgs");
  auto b = make("lbfgs");
  b->set("history_size", 40);
  Vec<double> ta = point(-1.2, 1), tb = ta;
  for (int k = 0; k < 30; ++k) a->step(*surface, ta), b->step(*surface, tb);
  CHECK(ta == tb);
}

TEST_CASE("every quantity a rule line names is shown by the step", "[optim][second_order][inspection]") {
  for (const auto& name : kMethods) {
    INFO(name);
    auto opt = make(name);
    auto surface = scenes::make_surface("rosenbrock");
    Vec<double> theta = point(-1.2, 1);
    for (int k = 0; k < 3; ++k) opt->step(*surface, theta);
    optim::Inspection<double> inspection;
    opt->set_inspection(&inspection);
    opt->step(*surface, theta);
    for (const auto& line : opt->rule()) {
      if (line.quantity.empty()) continue;
      INFO(line.formula);
      CHECK((inspection.vector(line.quantity) || inspection.scalar(line.quantity) || inspection.matrix(line.quantity)));
    }
    CHECK(inspection.probes.front().label == "θ");
  }
}

TEST_CASE("lr = 0 changes nothing", "[optim][second_order]") {
  for (const auto& name : kMethods) {
    INFO(name);
    auto opt = make(name);
    opt->set("lr", 0);
    auto surface = scenes::make_surface("rosenbrock");
    Vec<double> theta = point(-1.2, 1);
    for (int k = 0; k < 3; ++k) opt->step(*surface, theta);
    CHECK(theta == point(-1.2, 1));
  }
}

// [SECTION] float -----------------------------------------------------------------

namespace {
// f(x) = ½·Σ a_i·x_i², a_i from 1 to 10: condition number 10.
struct Quadratic : optim::Objective<float> {
  Vec<float> a;
  explicit Quadratic(long n) : a(Vec<float>::LinSpaced(n, 1.0f, 10.0f)) {}
  float value_and_gradient(const Vec<float>& x, Vec<float>& g) override {
    g = a.cwiseProduct(x);
    return 0.5f * x.dot(g);
  }
  bool has_hessian() const override { return true; }
  void hessian(const Vec<float>&, Mat<float>& H) override { H = a.asDiagonal(); }
};
}  // namespace

TEST_CASE("the float instantiations minimize a 1000-dimensional quadratic", "[optim][second_order][float]") {
  constexpr long n = 1000;
  for (const auto& name : kMethods) {
    INFO(name);
    auto opt = optim::make_optimizer<float>(name);
    Quadratic f(n);
    Vec<float> theta = Vec<float>::Ones(n);
    Vec<float> g(n);
    const float f0 = f.value_and_gradient(theta, g);
    int steps = 0;
    while (steps < 100 && f.value_and_gradient(theta, g) > 1e-6f * f0) {
      opt->step(f, theta);
      ++steps;
    }
    CHECK(f.value_and_gradient(theta, g) <= 1e-6f * f0);
    CHECK(theta.allFinite());
    if (name == "newton") CHECK(steps == 1);  // exact on a quadratic (n > 500: the Cholesky path)
  }
  // V would not fit: a clear error instead of an n² allocation.
  for (const std::string name : {"bfgs", "dfp"}) {
    auto opt = optim::make_optimizer<float>(name);
    Quadratic big(optim::QuasiNewton<float>::kMaxDimension + 1);
    Vec<float> theta = Vec<float>::Ones(big.a.size());
    CHECK_THROWS_AS(opt->step(big, theta), std::invalid_argument);
    CHECK(opt->counters().evaluations == 0);
  }
  // Newton's eigen-decomposition path in float, on a smaller quadratic.
  auto newton = optim::make_optimizer<float>("newton");
  Quadratic small(50);
  Vec<float> theta = Vec<float>::Ones(50);
  newton->step(small, theta);
  CHECK(theta.norm() < 1e-5f);
}
