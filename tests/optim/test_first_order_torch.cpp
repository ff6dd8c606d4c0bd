// The first-order optimizers against torch.optim (and, for the forms torch
// lacks, a numpy reference; for AdaBelief, its authors' PyTorch code),
// trajectory by trajectory.
//
// tests/data/torch/ is written by tools/golden/torch_first_order.py:
//   cases.csv         one line per case: Descent's optimizer, the surface, the
//                     start, the steps, the reference, what to compare
//                     (θ, or Nesterov's look-ahead θ + α·v) and the
//                     hyperparameters by Descent's names ("lr=0.01;momentum=0.9")
//   <optimizer>.csv   case,step,x,y with step 0 the start
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
  std::string optimizer;
  std::string surface;
  double x0 = 0, y0 = 0;
  int steps = 0;
  std::string reference;   // torch | numpy | authors
  std::string observable;  // theta | lookahead
  std::vector<std::pair<std::string, double>> hyper;
};

using golden::number;
using golden::split;

std::vector<std::string> read_lines(const std::string& file) {
  return golden::read_lines("torch", file);
}

const std::vector<Case>& cases() {
  static const std::vector<Case> all = [] {
    std::vector<Case> out;
    for (const std::string& line : read_lines("cases.csv")) {
      const auto f = split(line, ',');
      REQUIRE(f.size() == 9);
      Case c;
      c.id = std::stoi(f[0]);
      c.optimizer = f[1];
      c.surface = f[2];
      c.x0 = number(f[3]);
      c.y0 = number(f[4]);
      c.steps = std::stoi(f[5]);
      c.reference = f[6];
      c.observable = f[7];
      if (!f[8].empty()) {
        for (const std::string& kv : split(f[8], ';')) {
          const auto eq = kv.find('=');
          REQUIRE(eq != std::string::npos);
          c.hyper.emplace_back(kv.substr(0, eq), number(kv.substr(eq + 1)));
        }
      }
      out.push_back(c);
    }
    return out;
  }();
  return all;
}

// Reference points per case, in step order.
std::map<int, std::vector<Eigen::Vector2d>> read_trajectories(const std::string& optimizer) {
  std::map<int, std::vector<Eigen::Vector2d>> out;
  for (const std::string& line : read_lines(optimizer + ".csv")) {
    const auto f = split(line, ',');
    REQUIRE(f.size() == 4);
    auto& rows = out[std::stoi(f[0])];
    REQUIRE(std::stoi(f[1]) == static_cast<int>(rows.size()));
    rows.emplace_back(number(f[2]), number(f[3]));
  }
  return out;
}

// The point the reference records: θ, or Nesterov's look-ahead θ + α·v.
Eigen::Vector2d observe(const optim::Optimizer<double>& opt, const optim::Vec<double>& theta,
                        const std::string& observable) {
  if (observable == "theta") return theta;
  REQUIRE(observable == "lookahead");
  const auto state = opt.save_state();
  for (const auto& [name, v] : state.buffers)
    if (name == "v") return v.size() == 0 ? Eigen::Vector2d(theta) : Eigen::Vector2d(theta + opt.get("momentum") * v);
  FAIL("no velocity buffer v in " << opt.name());
  return theta;
}

// Runs a case and returns the worst relative error over all steps and both
// coordinates; `lr_scale` perturbs the rate to show the comparison is sharp.
double worst_error(const Case& c, const std::vector<Eigen::Vector2d>& reference, double lr_scale = 1) {
  auto opt = optim::make_optimizer<double>(c.optimizer);
  for (const auto& [key, value] : c.hyper) opt->set(key, value);
  if (lr_scale != 1) opt->set("lr", opt->get("lr") * lr_scale);
  auto surface = scenes::make_surface(c.surface);
  optim::Vec<double> theta(2);
  theta << c.x0, c.y0;
  REQUIRE(static_cast<int>(reference.size()) == c.steps + 1);
  double worst = 0;
  for (int step = 0; step <= c.steps; ++step) {
    if (step > 0) opt->step(*surface, theta);
    const Eigen::Vector2d got = observe(*opt, theta, c.observable);
    for (int i = 0; i < 2; ++i) {
      const double want = reference[static_cast<std::size_t>(step)][i];
      const double err = std::abs(got[i] - want) / std::max(1.0, std::abs(want));
      worst = std::isfinite(err) ? std::max(worst, err) : INFINITY;
    }
  }
  return worst;
}

const std::vector<std::string> kTorchOptimizers = {"sgd",   "momentum", "nesterov", "adagrad",  "rmsprop",
                                                   "adam",  "adamw",    "amsgrad",  "adamax",   "nadam",
                                                   "radam", "adadelta", "lion",     "adabelief"};

}  // namespace

TEST_CASE("every first-order optimizer follows its reference trajectory within 1e-9", "[optim][torch]") {
  const std::string name = GENERATE(from_range(kTorchOptimizers));
  const auto reference = read_trajectories(name);
  int checked = 0;
  for (const Case& c : cases()) {
    if (c.optimizer != name) continue;
    INFO("case " << c.id << ": " << name << " on " << c.surface << " (" << c.reference << ")");
    REQUIRE(reference.count(c.id) == 1);
    const double err = worst_error(c, reference.at(c.id));
    CHECK(err <= kTolerance);
    // The comparison is sharp: a 0.1% change of the rate is caught.
    CHECK(worst_error(c, reference.at(c.id), 1.001) > kTolerance);
    ++checked;
  }
  CHECK(checked > 0);
}

TEST_CASE("the golden data has 200+ steps on 3+ surfaces per optimizer, non-default settings too", "[optim][torch]") {
  // Per optimizer: ≥ 200 steps, ≥ 3 surfaces, and non-default settings too.
  for (const std::string& name : kTorchOptimizers) {
    INFO(name);
    std::set<std::string> surfaces;
    bool non_default = false;
    for (const Case& c : cases()) {
      if (c.optimizer != name) continue;
      CHECK(c.steps >= 200);
      surfaces.insert(c.surface);
      non_default = non_default || !c.hyper.empty();
    }
    CHECK(surfaces.size() >= 3);
    CHECK(non_default);
  }
  // Both placements of eps for adagrad and rmsprop, Adam without bias
  // correction, Nesterov through its look-ahead point, Lion from its paper.
  auto has = [](const std::string& name, const std::string& key, double value) {
    return std::any_of(cases().begin(), cases().end(), [&](const Case& c) {
      return c.optimizer == name && std::find(c.hyper.begin(), c.hyper.end(), std::pair{key, value}) != c.hyper.end();
    });
  };
  CHECK(has("adagrad", "eps_inside_sqrt", 1));
  CHECK(has("rmsprop", "eps_inside_sqrt", 1));
  CHECK(has("adam", "bias_correction", 0));
  CHECK(std::all_of(cases().begin(), cases().end(),
                    [](const Case& c) { return c.optimizer != "nesterov" || c.observable == "lookahead"; }));
  // Every torch.optim-backed optimizer in the registry is in the table.
  for (const auto& info : optim::optimizers()) {
    if (info.second_order) continue;
    CHECK(std::find(kTorchOptimizers.begin(), kTorchOptimizers.end(), info.name) != kTorchOptimizers.end());
  }
}
