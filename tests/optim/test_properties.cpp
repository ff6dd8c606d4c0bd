// Properties every optimizer in optim::optimizers() must have, checked for
// all of them (the second-order ones included) in float and double:
//   - lr = 0 changes nothing (methods whose lr is a step size);
//   - momentum and nesterov with α = 0 are sgd, bit for bit;
//   - the step counter advances exactly once per step;
//   - save → restore → step equals an uninterrupted run, bit for bit, on
//     Rosenbrock and on a 300-dimensional quadratic with a multi-segment
//     layout and gradient centralization on;
//   - loading another optimizer's state throws;
//   - inspecting does not change the trajectory, bit for bit;
//   - every quantity the rule names is in the inspection after a step;
//   - gradient centralization removes each output unit's mean.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "optim/adam.hpp"
#include "optim/registry.hpp"
#include "scenes/surface.hpp"

namespace {

using optim::Mat;
using optim::Segment;
using optim::Vec;

// [SECTION] problems -----------------------------------------------------------

// A scenes surface seen in T: θ and ∇f converted at the boundary.
template <class T>
class SurfaceObjective final : public optim::Objective<T> {
 public:
  explicit SurfaceObjective(const std::string& name) : surface_(scenes::make_surface(name)) {}
  T value_and_gradient(const Vec<T>& theta, Vec<T>& g) override {
    Vec<double> gd(2);
    const double f = surface_->value_and_gradient(theta.template cast<double>(), gd);
    g = gd.cast<T>();
    return static_cast<T>(f);
  }
  bool has_hessian() const override { return true; }
  void hessian(const Vec<T>& theta, Mat<T>& H) override {
    Mat<double> Hd(2, 2);
    surface_->hessian(theta.template cast<double>(), Hd);
    H = Hd.cast<T>();
  }

 private:
  std::unique_ptr<scenes::Surface> surface_;
};

// f(θ) = ½·Σ dᵢ·(θᵢ − cᵢ)², curvatures dᵢ ∈ [0.5, 5], minimum at c.
template <class T>
class Quadratic final : public optim::Objective<T> {
 public:
  explicit Quadratic(long n) : d_(n), c_(n) {
    for (long i = 0; i < n; ++i) {
      d_[i] = static_cast<T>(0.5 + 4.5 * static_cast<double>((i * 37) % 101) / 100.0);
      c_[i] = static_cast<T>(std::sin(static_cast<double>(i)));
    }
  }
  T value_and_gradient(const Vec<T>& theta, Vec<T>& g) override {
    g = d_.cwiseProduct(theta - c_);
    return static_cast<T>(0.5) * (theta - c_).cwiseProduct(g).sum();
  }
  bool has_hessian() const override { return true; }
  void hessian(const Vec<T>& /*theta*/, Mat<T>& H) override { H = d_.asDiagonal(); }

 private:
  Vec<T> d_, c_;
};

// Three tensors end to end: a 10×20 weight, a bias of 10, a 6×15 weight.
const std::vector<Segment> kLayout = {{0, 10, 20}, {200, 1, 10}, {210, 6, 15}};
constexpr long kQuadraticSize = 300;

template <class T>
struct Problem {
  std::string name;
  std::function<std::unique_ptr<optim::Objective<T>>()> make;
  Vec<T> start;
  std::vector<Segment> layout;
  bool centralize = false;
};

template <class T>
std::vector<Problem<T>> problems() {
  Vec<T> rosenbrock_start(2);
  rosenbrock_start << static_cast<T>(-1.2), static_cast<T>(1);
  Vec<T> quadratic_start(kQuadraticSize);
  for (long i = 0; i < kQuadraticSize; ++i) quadratic_start[i] = static_cast<T>(std::cos(0.7 * static_cast<double>(i)));
  return {
      {"rosenbrock", [] { return std::make_unique<SurfaceObjective<T>>("rosenbrock"); }, rosenbrock_start, {}, false},
      {"quadratic", [] { return std::make_unique<Quadratic<T>>(kQuadraticSize); }, quadratic_start, kLayout, true},
  };
}

template <class T>
std::unique_ptr<optim::Optimizer<T>> make_for(const std::string& name, const Problem<T>& problem) {
  auto opt = optim::make_optimizer<T>(name);
  opt->set_layout(problem.layout);
  if (problem.centralize && opt->has("centralize")) opt->set("centralize", 1);
  return opt;
}

std::vector<std::string> all_names() {
  std::vector<std::string> names;
  for (const auto& info : optim::optimizers()) names.push_back(info.name);
  return names;
}

std::vector<std::string> first_order_names() {
  std::vector<std::string> names;
  for (const auto& info : optim::optimizers())
    if (!info.second_order) names.push_back(info.name);
  return names;
}

template <class T>
bool same_bits(const Vec<T>& a, const Vec<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(T) * static_cast<std::size_t>(a.size())) == 0;
}

}  // namespace

// [SECTION] properties -----------------------------------------------------------

// Second-order methods are skipped: their lr is not a step size but where a
// line search starts (cg, bfgs, dfp: the first trial step of the Wolfe search;
// lbfgs: the same by default; newton: the first t of
// its Armijo backtracking), and the step they take is the one the search
// accepts, so lr = 0 is not "no step" for them.
TEMPLATE_TEST_CASE("lr = 0 changes nothing", "[optim][properties]", float, double) {
  using T = TestType;
  for (const std::string& name : first_order_names()) {
    for (const auto& problem : problems<T>()) {
      INFO(name << " on " << problem.name);
      auto opt = make_for<T>(name, problem);
      REQUIRE(opt->has("lr"));
      opt->set("lr", 0);
      opt->set("weight_decay", 0.01);  // L2 or decoupled: still no step
      auto f = problem.make();
      Vec<T> theta = problem.start;
      for (int k = 0; k < 5; ++k) opt->step(*f, theta);
      CHECK(same_bits(theta, problem.start));
    }
  }
}

TEMPLATE_TEST_CASE("momentum and nesterov with α = 0 equal sgd bit for bit", "[optim][properties]", float, double) {
  using T = TestType;
  for (const auto& problem : problems<T>()) {
    for (const std::string name : {"momentum", "nesterov"}) {
      INFO(name << " on " << problem.name);
      auto sgd = optim::make_optimizer<T>("sgd");
      auto heavy = optim::make_optimizer<T>(name);
      auto f = problem.make();
      Vec<T> a = problem.start, b = problem.start;
      for (double lr : {1e-3, 1e-4}) {
        sgd->set("lr", lr);
        heavy->set("lr", lr);
        heavy->set("momentum", 0);
        for (int k = 0; k < 50; ++k) {
          sgd->step(*f, a);
          heavy->step(*f, b);
        }
        CHECK(same_bits(a, b));
      }
      // With α > 0 the paths part: the comparison above can fail.
      heavy->set("momentum", 0.9);
      for (int k = 0; k < 5; ++k) {
        sgd->step(*f, a);
        heavy->step(*f, b);
      }
      CHECK_FALSE(same_bits(a, b));
    }
  }
}

TEST_CASE("the step counter advances exactly once per step", "[optim][properties]") {
  for (const auto& problem : problems<double>()) {
    for (const std::string& name : all_names()) {
      INFO(name << " on " << problem.name);
      auto opt = make_for<double>(name, problem);
      optim::Inspection<double> inspection;
      opt->set_inspection(&inspection);
      auto f = problem.make();
      Vec<double> theta = problem.start;
      CHECK(opt->steps() == 0);
      for (int k = 1; k <= 6; ++k) {
        opt->step(*f, theta);
        CHECK(opt->steps() == k);
        REQUIRE(inspection.scalar("t") != nullptr);
        CHECK(*inspection.scalar("t") == k);
        CHECK(opt->counters().evaluations >= k);  // at least one evaluation a step
      }
      opt->reset();
      CHECK(opt->steps() == 0);
      CHECK(opt->counters().evaluations == 0);
      for (const auto& [buffer, values] : opt->save_state().buffers) CHECK(values.size() == 0);
    }
  }
}

TEMPLATE_TEST_CASE("save, restore, step equals an uninterrupted run bit for bit", "[optim][properties]", float,
                   double) {
  using T = TestType;
  constexpr int kBefore = 5, kAfter = 7;
  for (const auto& problem : problems<T>()) {
    for (const std::string& name : all_names()) {
      INFO(name << " on " << problem.name);
      auto f = problem.make();
      auto a = make_for<T>(name, problem);
      Vec<T> theta = problem.start;
      for (int k = 0; k < kBefore; ++k) a->step(*f, theta);
      const optim::OptimizerState<T> saved = a->save_state();
      const Vec<T> theta_saved = theta;
      std::vector<Vec<T>> path;
      for (int k = 0; k < kAfter; ++k) {
        a->step(*f, theta);
        path.push_back(theta);
      }
      const optim::OptimizerState<T> end = a->save_state();
      REQUIRE(std::all_of(path.back().data(), path.back().data() + path.back().size(),
                          [](T x) { return std::isfinite(x); }));
      CHECK_FALSE(saved == end);

      // Into a fresh optimizer (the trainer's resume) ...
      auto b = make_for<T>(name, problem);
      b->load_state(saved);
      CHECK(b->save_state() == saved);
      Vec<T> theta_b = theta_saved;
      for (int k = 0; k < kAfter; ++k) {
        b->step(*f, theta_b);
        CHECK(same_bits(theta_b, path[static_cast<std::size_t>(k)]));
      }
      CHECK(b->save_state() == end);

      // ... back into the one that went on (the lab's step back) ...
      a->load_state(saved);
      Vec<T> theta_a = theta_saved;
      for (int k = 0; k < kAfter; ++k) a->step(*f, theta_a);
      CHECK(same_bits(theta_a, path.back()));
      CHECK(a->save_state() == end);

      // ... and into a clone.
      auto c = b->clone();
      c->load_state(saved);
      Vec<T> theta_c = theta_saved;
      for (int k = 0; k < kAfter; ++k) c->step(*f, theta_c);
      CHECK(same_bits(theta_c, path.back()));

      // reset() starts over exactly as a fresh optimizer does.
      auto fresh = make_for<T>(name, problem);
      a->reset();
      Vec<T> x = problem.start, y = problem.start;
      for (int k = 0; k < 3; ++k) {
        a->step(*f, x);
        fresh->step(*f, y);
      }
      CHECK(same_bits(x, y));
      CHECK(a->save_state() == fresh->save_state());
    }
  }
}

TEST_CASE("loading another optimizer's state throws", "[optim][properties]") {
  const auto problem = problems<double>().front();
  for (const std::string& from : all_names()) {
    auto source = optim::make_optimizer<double>(from);
    auto f = problem.make();
    Vec<double> theta = problem.start;
    source->step(*f, theta);
    const auto state = source->save_state();
    for (const std::string& into : all_names()) {
      INFO(from << " state into " << into);
      auto target = optim::make_optimizer<double>(into);
      if (from == into)
        CHECK_NOTHROW(target->load_state(state));
      else
        CHECK_THROWS_AS(target->load_state(state), std::invalid_argument);
    }
    // A state from another version, or with a buffer missing, throws too.
    auto bad_version = state;
    bad_version.version += 1;
    CHECK_THROWS_AS(source->load_state(bad_version), std::invalid_argument);
    if (!state.buffers.empty()) {
      auto missing = state;
      missing.buffers.pop_back();
      CHECK_THROWS_AS(source->load_state(missing), std::invalid_argument);
    }
  }
}

TEMPLATE_TEST_CASE("inspecting does not change the trajectory", "[optim][properties]", float, double) {
  using T = TestType;
  for (const auto& problem : problems<T>()) {
    for (const std::string& name : all_names()) {
      INFO(name << " on " << problem.name);
      auto plain = make_for<T>(name, problem);
      auto inspected = make_for<T>(name, problem);
      optim::Inspection<T> inspection;
      inspected->set_inspection(&inspection);
      auto f = problem.make();
      Vec<T> a = problem.start, b = problem.start;
      for (int k = 0; k < 10; ++k) {
        plain->step(*f, a);
        inspected->step(*f, b);
        CHECK(same_bits(a, b));
        // The inspector's Δθ and θ are the step taken.
        REQUIRE(inspection.vector("θ") != nullptr);
        CHECK(same_bits(*inspection.vector("θ"), b));
        CHECK(!inspection.probes.empty());
      }
      CHECK(plain->save_state() == inspected->save_state());
    }
  }
}

namespace {

// The optimizer's own settings that change its form: the defaults, then each
// own hyperparameter moved off its default (flags toggled, every choice).
std::vector<std::vector<std::pair<std::string, double>>> settings(const optim::Optimizer<double>& opt) {
  std::vector<std::vector<std::pair<std::string, double>>> out = {{}};
  for (const auto& spec : opt.specs()) {
    if (spec.common || spec.name == "lr") continue;
    switch (spec.kind) {
      case optim::HyperSpec::Kind::Flag:
        out.push_back({{spec.name, spec.default_value != 0 ? 0.0 : 1.0}});
        break;
      case optim::HyperSpec::Kind::Choice:
        for (std::size_t i = 0; i < spec.choices.size(); ++i)
          if (static_cast<double>(i) != spec.default_value) out.push_back({{spec.name, static_cast<double>(i)}});
        break;
      default: {
        double mid = (spec.min + spec.max) / 2;
        if (spec.kind == optim::HyperSpec::Kind::Integer) mid = std::round(mid);
        if (mid != spec.default_value) out.push_back({{spec.name, mid}});
      }
    }
  }
  // Decoupled decay shows in adamw's and lion's rules.
  out.push_back({{"weight_decay", 0.01}});
  return out;
}

}  // namespace

TEST_CASE("every quantity the rule names is in the inspection after a step", "[optim][properties]") {
  for (const auto& problem : problems<double>()) {
    for (const std::string& name : all_names()) {
      const auto probe = make_for<double>(name, problem);
      for (const auto& setting : settings(*probe)) {
        auto opt = make_for<double>(name, problem);
        std::string described;
        for (const auto& [key, value] : setting) {
          opt->set(key, value);
          described += key + "=" + std::to_string(value) + " ";
        }
        INFO(name << " on " << problem.name << " with " << described);
        optim::Inspection<double> inspection;
        opt->set_inspection(&inspection);
        auto f = problem.make();
        Vec<double> theta = problem.start;
        const auto lines = opt->rule();
        REQUIRE(!lines.empty());
        for (int k = 0; k < 4; ++k) {
          opt->step(*f, theta);
          for (const auto& line : lines) {
            if (line.quantity.empty()) continue;
            INFO("step " << k + 1 << ": \"" << line.formula << "\" names " << line.quantity);
            CHECK((inspection.vector(line.quantity) != nullptr || inspection.scalar(line.quantity) != nullptr ||
                   inspection.matrix(line.quantity) != nullptr));
          }
        }
      }
    }
  }
}

TEST_CASE("no rule shows raw TeX sub- or superscripts", "[optim][properties]") {
  // The inspector draws rule text as it is: θ_{k+1} would reach the screen
  // verbatim, so rules write indices as the course does (θₖ₊₁, β₂ᵗ).
  for (const std::string& name : all_names()) {
    const auto probe = optim::make_optimizer<double>(name);
    for (const auto& setting : settings(*probe)) {
      auto opt = optim::make_optimizer<double>(name);
      for (const auto& [key, value] : setting) opt->set(key, value);
      for (const auto& line : opt->rule()) {
        INFO(name << ": \"" << line.formula << "\" names " << line.quantity);
        for (const std::string& text : {line.formula, line.quantity}) {
          CHECK(text.find("_{") == std::string::npos);
          CHECK(text.find("^{") == std::string::npos);
        }
      }
    }
  }
}

TEST_CASE("probes and vectors carry the kind a view draws them by", "[optim][properties][inspection]") {
  auto step_inspected = [](const std::string& name, const std::vector<std::pair<std::string, double>>& setting) {
    auto opt = optim::make_optimizer<double>(name);
    for (const auto& [key, value] : setting) opt->set(key, value);
    optim::Inspection<double> inspection;
    opt->set_inspection(&inspection);
    auto f = scenes::make_surface("rosenbrock");
    Vec<double> theta(2);
    theta << -1.2, 1.0;
    opt->step(*f, theta);
    opt->step(*f, theta);
    return inspection;
  };
  auto direction_name = [](const optim::Inspection<double>& in, optim::VectorKind kind) {
    const auto* v = in.first_of(kind);
    return v ? v->name : std::string("(none)");
  };
  using optim::ProbeKind;
  using optim::VectorKind;

  const auto nesterov = step_inspected("nesterov", {});
  REQUIRE(nesterov.probes.size() == 1);
  CHECK(nesterov.probes[0].kind == ProbeKind::look_ahead);
  CHECK(direction_name(nesterov, VectorKind::descent_direction) == "v");

  const auto adam = step_inspected("adam", {});
  CHECK(adam.probes[0].kind == ProbeKind::point);
  CHECK(direction_name(adam, VectorKind::ascent_direction) == "m\u0302");
  CHECK(direction_name(adam, VectorKind::gradient) == "g");
  CHECK(direction_name(adam, VectorKind::step) == "Δθ");
  CHECK(direction_name(step_inspected("adam", {{"bias_correction", 0}}), VectorKind::ascent_direction) == "m");
  CHECK(direction_name(step_inspected("sgd", {{"momentum", 0.9}}), VectorKind::ascent_direction) == "b");

  const auto bfgs = step_inspected("bfgs", {});
  CHECK(direction_name(bfgs, VectorKind::descent_direction) == "d");
  CHECK(std::any_of(bfgs.probes.begin() + 1, bfgs.probes.end(),
                    [](const auto& p) { return p.kind == ProbeKind::line_search; }));

  // Each method marks at most one direction for the view to draw beside −g.
  for (const auto& info : optim::optimizers()) {
    if (info.needs_hessian) continue;
    const auto in = step_inspected(info.name, {});
    const auto directions = std::count_if(in.vectors.begin(), in.vectors.end(), [](const auto& v) {
      return v.kind == VectorKind::descent_direction || v.kind == VectorKind::ascent_direction;
    });
    INFO(info.name);
    CHECK(directions <= 1);
  }
}

TEST_CASE("a config struct sets hyperparameters by name, and a value out of range is refused", "[optim][properties]") {
  const optim::Adam<double> adam({.lr = 0.01, .beta2 = 0.99, .amsgrad = true});
  CHECK(adam.get("lr") == 0.01);
  CHECK(adam.get("beta1") == 0.9);  // PyTorch's default
  CHECK(adam.get("beta2") == 0.99);
  CHECK(adam.get("amsgrad") == 1);
  CHECK(adam.config().beta2 == 0.99);
  auto copy = adam.clone();
  copy->set("beta1", 0.5);  // the copy's config, not the original's
  CHECK(copy->get("beta1") == 0.5);
  CHECK(adam.config().beta1 == 0.9);
  CHECK_THROWS_AS(optim::Adam<double>({.beta1 = 1.5}), std::invalid_argument);
  CHECK_THROWS_AS(optim::Adam<double>({.lr = -1}), std::invalid_argument);
}

TEST_CASE("every flag of a first-order optimizer shows in its rule", "[optim][properties]") {
  // A flag may matter only beside another setting (sgd's nesterov needs
  // momentum > 0), so each flag is tried from the defaults and from the
  // defaults with every own zero-default coefficient moved to its midpoint.
  for (const std::string& name : first_order_names()) {
    // Held: specs() refers into the optimizer, which must outlive the loop.
    const auto proto = optim::make_optimizer<double>(name);
    for (const auto& spec : proto->specs()) {
      if (spec.common || spec.kind != optim::HyperSpec::Kind::Flag) continue;
      INFO(name << " " << spec.name);
      bool shows = false;
      for (bool coefficients_on : {false, true}) {
        auto opt = optim::make_optimizer<double>(name);
        if (coefficients_on)
          for (const auto& other : opt->specs())
            if (!other.common && other.kind == optim::HyperSpec::Kind::Real && other.default_value == 0)
              opt->set(other.name, (other.min + other.max) / 2);
        auto text = [&] {
          std::string all;
          for (const auto& line : opt->rule()) all += line.formula + "\n";
          return all;
        };
        const std::string before = text();
        opt->set(spec.name, spec.default_value != 0 ? 0 : 1);
        shows = shows || text() != before;
        opt->set(spec.name, spec.default_value);
        CHECK(text() == before);
      }
      CHECK(shows);
    }
  }
}

TEST_CASE("gradient centralization removes each output unit's mean", "[optim][properties]") {
  // After one step from v = 0 (momentum) or m = 0 (adam), the velocity or
  // first moment is a multiple of Φ_GC(g): every row of a weight tensor sums
  // to zero, and a 1-D tensor (the bias) keeps its gradient.
  const auto problem = problems<double>().back();
  for (const std::string name : {"momentum", "adam"}) {
    for (bool gc : {true, false}) {
      INFO(name << (gc ? " with" : " without") << " centralization");
      auto opt = optim::make_optimizer<double>(name);
      opt->set_layout(kLayout);
      opt->set("centralize", gc ? 1 : 0);
      auto f = problem.make();
      Vec<double> theta = problem.start, g(kQuadraticSize);
      f->value_and_gradient(theta, g);
      opt->step(*f, theta);
      const auto state = opt->save_state();
      const Vec<double>& moment = state.buffers.front().second;  // v or m
      REQUIRE(moment.size() == kQuadraticSize);
      double worst_row_mean = 0;
      for (const Segment& s : kLayout) {
        if (s.rows == 1) {
          // The bias: the plain gradient, scaled.
          const double scale = moment[s.offset] / g[s.offset];
          for (long i = 0; i < s.cols; ++i) CHECK(moment[s.offset + i] == Approx(scale * g[s.offset + i]));
          continue;
        }
        for (long r = 0; r < s.rows; ++r)
          worst_row_mean = std::max(worst_row_mean, std::abs(moment.segment(s.offset + r * s.cols, s.cols).mean()));
      }
      if (gc)
        CHECK(worst_row_mean < 1e-14);
      else
        CHECK(worst_row_mean > 1e-6);
    }
  }
}
