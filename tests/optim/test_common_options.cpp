// The options every optimizer shares — schedules, gradient clipping, L2/L1
// decay — against PyTorch (tests/data/torch_options, made by
// tools/golden/torch_options.py) and against their definitions.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "optim/golden_csv.hpp"
#include "optim/registry.hpp"
#include "scenes/surface.hpp"

namespace {

std::vector<std::vector<std::string>> read_csv(const std::string& name) {
  std::vector<std::vector<std::string>> rows;
  for (const std::string& line : golden::read_lines("torch_options", name)) rows.push_back(golden::split(line, ','));
  return rows;
}

bool close(double a, double b, double rel) {
  return std::abs(a - b) <= rel * std::max(1.0, std::abs(b));
}

}  // namespace

TEST_CASE("learning-rate schedules follow torch.optim.lr_scheduler epoch by epoch") {
  const auto rows = read_csv("schedules.csv");
  REQUIRE(rows.size() > 100);
  std::map<std::string, std::vector<std::vector<std::string>>> by_schedule;
  for (const auto& r : rows) by_schedule[r[0]].push_back(r);
  REQUIRE(by_schedule.size() == 4);
  for (const auto& [schedule, epochs] : by_schedule) {
    for (const char* method : {"sgd", "adam", "bfgs"}) {
      INFO(schedule << " on " << method);
      auto opt = optim::make_optimizer<double>(method);
      opt->set("lr", 0.1);
      const auto& spec = opt->specs();
      for (const auto& s : spec)
        if (s.name == "schedule") opt->set("schedule", optim::parse_hyper_value(s, schedule));
      std::stringstream settings(epochs.front()[1]);
      for (std::string kv; std::getline(settings, kv, ';');) {
        const auto eq = kv.find('=');
        opt->set(kv.substr(0, eq), std::stod(kv.substr(eq + 1)));
      }
      int changes = 0;
      for (const auto& e : epochs) {
        const int epoch = std::stoi(e[2]);
        if (epoch > 0) opt->end_epoch(std::stod(e[3]));
        const double expected = std::stod(e[4]);
        INFO("epoch " << epoch);
        CHECK(close(opt->lr(), expected, 1e-12));
        changes += expected != 0.1;
      }
      CHECK(changes > 0);  // the case exercises the schedule
    }
  }
}

TEST_CASE("gradient clipping and L2 decay follow clip_grad_norm_ and SGD's weight_decay") {
  const auto rows = read_csv("clipped.csv");
  REQUIRE(rows.size() == 201);
  auto surface = scenes::make_surface("rosenbrock");
  auto opt = optim::make_optimizer<double>("sgd");
  opt->set("lr", 2e-3);
  opt->set("momentum", 0.9);
  opt->set("weight_decay", 0.01);
  opt->set("max_grad_norm", 5);
  optim::Vec<double> theta(2);
  theta << -1.2, 1.0;
  for (std::size_t k = 1; k < rows.size(); ++k) {
    opt->step(*surface, theta);
    INFO("step " << k);
    REQUIRE(close(theta[0], std::stod(rows[k][1]), 1e-9));
    REQUIRE(close(theta[1], std::stod(rows[k][2]), 1e-9));
  }
  // Without clipping the same run is far from PyTorch's clipped one: the
  // comparison above can fail.
  auto unclipped = optim::make_optimizer<double>("sgd");
  unclipped->set("lr", 2e-3);
  unclipped->set("momentum", 0.9);
  unclipped->set("weight_decay", 0.01);
  theta << -1.2, 1.0;
  for (int k = 0; k < 5; ++k) unclipped->step(*surface, theta);
  CHECK_FALSE(close(theta[0], std::stod(rows[5][1]), 1e-6));
}

TEST_CASE("L1 and elastic-net decay add λ₁·sign(θ) and λ₂·θ to g, and their penalties to f") {
  auto surface = scenes::make_surface("beale");
  for (const auto& [l1, l2] : {std::pair{0.3, 0.0}, std::pair{0.0, 0.2}, std::pair{0.3, 0.2}}) {
    INFO("l1 " << l1 << " l2 " << l2);
    auto opt = optim::make_optimizer<double>("sgd");
    opt->set("lr", 1e-3);
    opt->set("l1", l1);
    opt->set("weight_decay", l2);
    optim::Vec<double> theta(2);
    theta << 1.5, -0.7;
    const optim::Vec<double> before = theta;
    const double f = opt->step(*surface, theta);
    const Eigen::Vector2d g = surface->gradient(before[0], before[1]);
    const Eigen::Vector2d sign(1.0, -1.0);
    const Eigen::Vector2d expected = before - 1e-3 * (g + l2 * before + l1 * sign);
    CHECK(theta[0] == Approx(expected[0]).epsilon(1e-14));
    CHECK(theta[1] == Approx(expected[1]).epsilon(1e-14));
    const double penalty = 0.5 * l2 * before.squaredNorm() + l1 * before.cwiseAbs().sum();
    CHECK(f == Approx(surface->value(before[0], before[1]) + penalty).epsilon(1e-14));
  }
}

TEST_CASE("schedule hyperparameters out of range are refused with their name") {
  auto opt = optim::make_optimizer<float>("adam");
  CHECK_THROWS_WITH(opt->set("step_size", 0), Catch::Contains("step_size"));
  CHECK_THROWS_WITH(opt->set("gamma", 1.5), Catch::Contains("gamma"));
  CHECK_THROWS_WITH(opt->set("schedule", 7), Catch::Contains("schedule"));
  CHECK_THROWS_WITH(opt->set("max_grad_norm", -1), Catch::Contains("max_grad_norm"));
  CHECK_THROWS_WITH(opt->set("no_such_thing", 1), Catch::Contains("no_such_thing"));
}
