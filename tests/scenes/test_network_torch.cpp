// Small networks trained by the library against PyTorch float64, step by step.
//
// tests/data/network/ is written by tools/golden/network/make_golden.py, which
// exports each case with `descent trace --network … --export` and replays it
// in PyTorch (tools/golden/network/replay_torch.py: torch.optim, the export's
// data, initial weights, batches, loss and L2):
//   cases.csv  case,data,points,hidden,activation,batch_size,l2,features,seed,optimizer,hyper
//   torch.csv  case,step,loss — torch's training loss at θ_k, step 0 the initial weights
// Here the same configurations run through scenes::MlpProblem and optim/, and
// every step's training loss must agree within 1e-9 relative.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "optim/golden_csv.hpp"
#include "optim/registry.hpp"
#include "scenes/mlp_problem.hpp"

namespace {

constexpr double kTolerance = 1e-9;

using golden::number;
using golden::split;

std::vector<std::string> list(const std::string& field) {
  return field.empty() ? std::vector<std::string>{} : split(field, ';');
}

}  // namespace

TEST_CASE("every step's training loss matches PyTorch's within 1e-9", "[network][torch]") {
  std::map<int, std::vector<double>> torch_loss;
  for (const std::string& line : golden::read_lines("network", "torch.csv")) {
    const auto f = split(line, ',');
    REQUIRE(f.size() == 3);
    auto& rows = torch_loss[std::stoi(f[0])];
    REQUIRE(std::stoi(f[1]) == static_cast<int>(rows.size()));
    rows.push_back(number(f[2]));
  }
  const auto cases = golden::read_lines("network", "cases.csv");
  REQUIRE(cases.size() >= 7);
  std::map<std::string, int> optimizers;
  bool mini_batch = false;
  for (const std::string& line : cases) {
    const auto f = split(line, ',');
    REQUIRE(f.size() == 11);
    const int id = std::stoi(f[0]);
    INFO("case " << id << ": " << f[9] << " on " << f[1]);
    const auto data = scenes::make_dataset(
        {.name = f[1], .points = std::stol(f[2]), .seed = static_cast<std::uint64_t>(std::stoul(f[8]))});
    scenes::MlpSpec spec{.activation = nn::act_from_name(f[4]),
                         .l2 = number(f[6]),
                         .batch_size = f[5] == "full" ? 0 : std::stol(f[5]),
                         .init_seed = std::stoul(f[8]),
                         .batch_seed = std::stoul(f[8])};
    spec.hidden.clear();
    for (const auto& u : list(f[3])) spec.hidden.push_back(std::stoi(u));
    for (const auto& name : list(f[7])) spec.features.push_back(scenes::feature_from_name(name));
    mini_batch = mini_batch || spec.batch_size > 0;
    ++optimizers[f[9]];

    scenes::MlpProblem problem(data, spec);
    auto opt = optim::make_optimizer<double>(f[9]);
    opt->set_layout(problem.layout());
    for (const auto& kv : list(f[10])) {
      const auto eq = kv.find('=');
      REQUIRE(eq != std::string::npos);
      const std::string key = kv.substr(0, eq);
      for (const auto& s : opt->specs())
        if (s.name == key) opt->set(key, optim::parse_hyper_value(s, kv.substr(eq + 1)));
      REQUIRE_NOTHROW(opt->get(key));  // a name the optimizer has
    }

    const std::vector<double>& expected = torch_loss.at(id);
    REQUIRE(expected.size() == 201);
    optim::Vec<double> theta = problem.initial_weights();
    double worst = 0;
    long worst_step = 0;
    for (long k = 0; k < static_cast<long>(expected.size()); ++k) {
      if (k > 0) {
        problem.set_step(k);
        opt->step(problem, theta);
      }
      const double ours = problem.training_loss(theta), theirs = expected[static_cast<std::size_t>(k)];
      const double err = std::abs(ours - theirs) / std::abs(theirs);
      if (!(err <= worst)) {
        worst = err;
        worst_step = k;
      }
    }
    INFO("worst relative difference " << worst << " at step " << worst_step);
    CHECK(worst <= kTolerance);
    CHECK(expected.back() < expected.front());  // the case trains: its numbers move
  }
  for (const char* name : {"sgd", "momentum", "nesterov", "adam", "rmsprop", "lbfgs"}) CHECK(optimizers.count(name));
  CHECK(mini_batch);
}
