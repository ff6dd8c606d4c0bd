// lbfgs against torch.optim.LBFGS(max_iter=1), trajectory by trajectory.
//
// tests/data/torch_lbfgs/ is written by tools/golden/torch_lbfgs.py:
//   cases.csv   case,surface,x0,y0,steps,hyper — hyper by Descent's names,
//               "line_search=none;lr=0.25;history_size=4" (a choice by its name)
//   lbfgs.csv   case,step,x,y with step 0 the start
// Every step's point must agree within 1e-9 relative: |a − b| ≤ 1e-9·max(1, |b|).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "optim/golden_csv.hpp"
#include "optim/registry.hpp"
#include "scenes/surface.hpp"

namespace {

constexpr double kTolerance = 1e-9;

struct Case {
  int id = 0;
  std::string surface;
  double x0 = 0, y0 = 0;
  int steps = 0;
  std::vector<std::pair<std::string, std::string>> hyper;  // as typed: "line_search" = "none"
};

using golden::number;
using golden::split;

std::vector<std::string> read_lines(const std::string& file) {
  return golden::read_lines("torch_lbfgs", file);
}

const std::vector<Case>& cases() {
  static const std::vector<Case> all = [] {
    std::vector<Case> out;
    for (const std::string& line : read_lines("cases.csv")) {
      const auto f = split(line, ',');
      REQUIRE(f.size() == 6);
      Case c;
      c.id = std::stoi(f[0]);
      c.surface = f[1];
      c.x0 = number(f[2]);
      c.y0 = number(f[3]);
      c.steps = std::stoi(f[4]);
      for (const std::string& kv : split(f[5], ';')) {
        const auto eq = kv.find('=');
        REQUIRE(eq != std::string::npos);
        c.hyper.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
      }
      out.push_back(c);
    }
    return out;
  }();
  return all;
}

const std::map<int, std::vector<Eigen::Vector2d>>& trajectories() {
  static const std::map<int, std::vector<Eigen::Vector2d>> all = [] {
    std::map<int, std::vector<Eigen::Vector2d>> out;
    for (const std::string& line : read_lines("lbfgs.csv")) {
      const auto f = split(line, ',');
      REQUIRE(f.size() == 4);
      auto& rows = out[std::stoi(f[0])];
      REQUIRE(std::stoi(f[1]) == static_cast<int>(rows.size()));
      rows.emplace_back(number(f[2]), number(f[3]));
    }
    return out;
  }();
  return all;
}

std::string hyper_of(const Case& c, const std::string& key) {
  for (const auto& [k, v] : c.hyper)
    if (k == key) return v;
  return "";
}

void configure(optim::Optimizer<double>& opt, const Case& c) {
  for (const auto& [key, text] : c.hyper) {
    const std::string& name = key;  // clang 14 cannot capture a structured binding in a lambda
    const auto& specs = opt.specs();
    const auto spec =
        std::find_if(specs.begin(), specs.end(), [&](const optim::HyperSpec& s) { return s.name == name; });
    REQUIRE(spec != specs.end());
    opt.set(key, optim::parse_hyper_value(*spec, text));
  }
}

// The worst relative error over all steps and both coordinates; `lr_scale`
// perturbs the rate to show that the comparison is sharp.
double worst_error(const Case& c, double lr_scale = 1) {
  const auto& reference = trajectories().at(c.id);
  auto opt = optim::make_optimizer<double>("lbfgs");
  configure(*opt, c);
  if (lr_scale != 1) opt->set("lr", opt->get("lr") * lr_scale);
  auto surface = scenes::make_surface(c.surface);
  optim::Vec<double> theta(2);
  theta << c.x0, c.y0;
  REQUIRE(static_cast<int>(reference.size()) == c.steps + 1);
  double worst = 0;
  for (int step = 0; step <= c.steps; ++step) {
    if (step > 0) opt->step(*surface, theta);
    for (int i = 0; i < 2; ++i) {
      const double want = reference[static_cast<std::size_t>(step)][i];
      const double err = std::abs(theta[i] - want) / std::max(1.0, std::abs(want));
      worst = std::isfinite(err) ? std::max(worst, err) : INFINITY;
    }
  }
  return worst;
}

}  // namespace

TEST_CASE("lbfgs with line_search=none follows torch.optim.LBFGS(max_iter=1) within 1e-9", "[optim][torch][lbfgs]") {
  int checked = 0;
  for (const Case& c : cases()) {
    if (hyper_of(c, "line_search") != "none") continue;
    INFO("case " << c.id << ": lbfgs on " << c.surface);
    CHECK(worst_error(c) <= kTolerance);
    CHECK(worst_error(c, 1.001) > kTolerance);  // sharp: a 0.1% change of lr is caught
    ++checked;
  }
  CHECK(checked > 0);
}

TEST_CASE("lbfgs with line_search=strong_wolfe follows torch's line_search_fn='strong_wolfe'",
          "[optim][torch][lbfgs]") {
  // Descent's search is Nocedal & Wright's Alg. 3.5/3.6; torch's is minFunc's
  // variant of it. They agree step for step on these cases.
  int checked = 0;
  for (const Case& c : cases()) {
    if (hyper_of(c, "line_search") != "strong_wolfe") continue;
    INFO("case " << c.id << ": lbfgs on " << c.surface);
    CHECK(worst_error(c) <= kTolerance);
    CHECK(worst_error(c, 1.001) > kTolerance);
    ++checked;
  }
  CHECK(checked > 0);
}

TEST_CASE("the lbfgs golden data has 200+ steps on 3+ surfaces, non-default lr and history size",
          "[optim][torch][lbfgs]") {
  // line_search=none: ≥ 200 steps, ≥ 3 surfaces, non-default lr and history_size.
  std::set<std::string> surfaces;
  bool other_lr = false, other_history = false;
  for (const Case& c : cases()) {
    if (hyper_of(c, "line_search") != "none") continue;
    CHECK(c.steps >= 200);
    surfaces.insert(c.surface);
    other_lr = other_lr || (!hyper_of(c, "lr").empty() && number(hyper_of(c, "lr")) != 1);
    other_history =
        other_history || (!hyper_of(c, "history_size").empty() && number(hyper_of(c, "history_size")) != 100);
  }
  CHECK(surfaces.size() >= 3);
  CHECK(other_lr);
  CHECK(other_history);
  // Every case names its line search: Descent's default (strong_wolfe) is not PyTorch's (None).
  for (const Case& c : cases()) CHECK(!hyper_of(c, "line_search").empty());
  auto opt = optim::make_optimizer<double>("lbfgs");
  CHECK(opt->get("lr") == 1);
  CHECK(opt->get("history_size") == 100);
  CHECK(opt->get("tolerance_grad") == 1e-7);
  CHECK(opt->get("tolerance_change") == 1e-9);
}
