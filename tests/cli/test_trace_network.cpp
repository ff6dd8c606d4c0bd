// `descent trace --network`: the documented CSV, the export, and the errors.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "cli/run_command.hpp"
#include "nn/model_io.hpp"
#include "optim/registry.hpp"
#include "scenes/mlp_problem.hpp"

using test_cli::count_lines;
using test_cli::read_all;
using test_cli::run_descent;

namespace {

struct Row {
  long step = 0;
  double loss = 0, train_accuracy = 0, test_accuracy = 0, test_loss = 0;
};

std::vector<Row> parse_csv(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  REQUIRE(line.rfind("step,loss,train_accuracy,test_accuracy", 0) == 0);
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    Row r;
    char a[64], b[64];
    REQUIRE(std::sscanf(line.c_str(), "%ld,%lf,%63[^,],%63[^,],%lf", &r.step, &r.loss, a, b, &r.test_loss) == 5);
    r.train_accuracy = std::strtod(a, nullptr);
    r.test_accuracy = std::strtod(b, nullptr);
    rows.push_back(r);
  }
  return rows;
}

std::string temp_dir(const std::string& name) {
  const std::string dir = "/tmp/descent_test_trace_network_" + std::to_string(::getpid()) + "_" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

}  // namespace

TEST_CASE("trace --network writes the loss and accuracies from the initial weights on", "[network]") {
  const auto r = run_descent("trace --network moons --points 60 --hidden 4 --optimizer adam --lr 0.05 --steps 30");
  REQUIRE(r.code == 0);
  const auto rows = parse_csv(r.out);
  REQUIRE(rows.size() == 31);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    CHECK(rows[k].step == static_cast<long>(k));
    CHECK(rows[k].train_accuracy >= 0);
    CHECK(rows[k].train_accuracy <= 1);
    CHECK(rows[k].test_accuracy >= 0);
    CHECK(rows[k].test_accuracy <= 1);
  }
  CHECK(rows.back().loss < rows.front().loss);
}

TEST_CASE("trace --network reproduces the library's run exactly", "[network]") {
  const auto r = run_descent(
      "trace --network spirals --points 50 --hidden 5,3 --activation relu --batch-size 8 --l2 0.01 "
      "--features x2,xy --optimizer momentum --lr 0.05 --steps 20 --seed 7");
  REQUIRE(r.code == 0);
  const auto rows = parse_csv(r.out);
  REQUIRE(rows.size() == 21);
  const auto data = scenes::make_dataset({.name = "spirals", .points = 50, .seed = 7});
  scenes::MlpProblem p(data, {.hidden = {5, 3},
                              .activation = nn::Act::Relu,
                              .features = {scenes::Feature::X1Squared, scenes::Feature::X1X2},
                              .l2 = 0.01,
                              .batch_size = 8,
                              .init_seed = 7,
                              .batch_seed = 7});
  auto opt = optim::make_optimizer<double>("momentum");
  opt->set("lr", 0.05);
  optim::Vec<double> theta = p.initial_weights();
  for (long k = 0; k <= 20; ++k) {
    if (k > 0) {
      p.set_step(k);
      opt->step(p, theta);
    }
    const auto m = p.measure(theta);
    CHECK(rows[static_cast<std::size_t>(k)].loss == m.train_loss);
    CHECK(rows[static_cast<std::size_t>(k)].train_accuracy == m.train_accuracy);
    CHECK(rows[static_cast<std::size_t>(k)].test_loss == m.test_loss);
  }
}

TEST_CASE("trace --network on a regression set writes nan accuracies", "[network]") {
  const auto r = run_descent("trace --network sine --points 30 --hidden 4 --optimizer sgd --lr 0.1 --steps 3");
  REQUIRE(r.code == 0);
  const auto rows = parse_csv(r.out);
  REQUIRE(rows.size() == 4);
  CHECK(std::isnan(rows[0].train_accuracy));
  CHECK(std::isfinite(rows[0].loss));
}

TEST_CASE("trace --network --export writes what a replay needs", "[network]") {
  const std::string dir = temp_dir("export");
  const auto r = run_descent(
      "trace --network blobs --classes 4 --points 40 --test-fraction 0.25 --hidden 6 --batch-size 7 --l2 0.5 "
      "--features sinx,siny --optimizer adam --steps 9 --seed 3 --export " +
      dir + " --out " + dir + ".csv");
  REQUIRE(r.code == 0);
  CHECK(count_lines(read_all(dir + ".csv")) == 11);

  const std::string data = read_all(dir + "/data.csv");
  CHECK(data.rfind("x1,x2,label,split\n", 0) == 0);
  CHECK(count_lines(data) == 41);
  std::size_t train = 0, test = 0, at = 0;
  while ((at = data.find(",train\n", at + 1)) != std::string::npos) ++train;
  at = 0;
  while ((at = data.find(",test\n", at + 1)) != std::string::npos) ++test;
  CHECK(train == 30);
  CHECK(test == 10);
  CHECK(read_all(dir + "/features.txt") == "sinx\nsiny\n");

  const std::string batches = read_all(dir + "/batches.csv");
  CHECK(batches.rfind("step,index\n1,", 0) == 0);
  CHECK(count_lines(batches) == 1 + 7 + 7 + 7 + 7 + 2 + 7 + 7 + 7 + 7);  // 30 points: 5 batches per epoch

  const std::string config = read_all(dir + "/config.json");
  for (const char* field :
       {"\"activation\": \"tanh\"", "\"loss\": \"categorical_crossentropy\"", "\"l2\": 0.5", "\"hidden\": [",
        "\"name\": \"adam\"", "\"beta1\": 0.9", "\"batch_size\": 7", "\"seed\": 3", "\"classes\": 4"})
    CHECK(config.find(field) != std::string::npos);

  // init.h5 holds exactly the problem's initial weights, in nn's Keras layout.
  const auto set =
      scenes::make_dataset({.name = "blobs", .points = 40, .test_fraction = 0.25, .classes = 4, .seed = 3});
  const scenes::MlpSpec spec{.hidden = {6},
                             .features = {scenes::Feature::SinX1, scenes::Feature::SinX2},
                             .l2 = 0.5,
                             .batch_size = 7,
                             .init_seed = 3,
                             .batch_seed = 3};
  scenes::MlpProblem p(set, spec);
  auto model = scenes::build_mlp<float>(p.inputs(), p.outputs(), true, spec);
  nn::load_weights(dir + "/init.h5", *model);
  CHECK(model->params().cast<double>() == p.initial_weights());
  std::filesystem::remove_all(dir);
  std::remove((dir + ".csv").c_str());
}

TEST_CASE("trace --network reads the user's CSV", "[network]") {
  const std::string path = temp_dir("points") + ".csv";
  {
    std::ofstream out(path);
    out << "x1,x2,label\n";
    for (int i = 0; i < 20; ++i) out << i * 0.1 << "," << (i % 3) * 0.5 << "," << i % 2 << "\n";
  }
  const auto r = run_descent("trace --network " + path + " --hidden 3 --optimizer sgd --lr 0.1 --steps 4");
  CHECK(r.code == 0);
  CHECK(parse_csv(r.out).size() == 5);
  {
    std::ofstream out(path);
    out << "x1,x2,label\n0,0,0\n1,1\n";
  }
  const auto bad = run_descent("trace --network " + path + " --optimizer sgd --steps 4");
  CHECK(bad.code == 2);
  CHECK(bad.err.find(path + ":3: expected 3 fields x1,x2,label, got 2") != std::string::npos);
  CHECK(count_lines(bad.err) == 1);
  std::remove(path.c_str());
}

TEST_CASE("trace --network refuses bad arguments with one line and exit code 2", "[network]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--network donut --optimizer sgd --steps 1", "unknown data set 'donut'"},
      {"--network moons --surface rosenbrock --optimizer sgd --steps 1", "exclude each other"},
      {"--network moons --start 1,1 --optimizer sgd --steps 1", "exclude each other"},
      {"--surface rosenbrock --hidden 4 --start 1,1 --optimizer sgd --steps 1", "--hidden needs --network"},
      {"--network moons --hidden 40 --optimizer sgd --steps 1", "--hidden"},
      {"--network moons --hidden 2,2,2,2,2,2,2 --optimizer sgd --steps 1", "at most 6 hidden layers"},
      {"--network moons --activation softmax --optimizer sgd --steps 1", "--activation"},
      {"--network moons --batch-size 0 --optimizer sgd --steps 1", "--batch-size"},
      {"--network moons --features cosx --optimizer sgd --steps 1", "unknown feature 'cosx'"},
      {"--network sine --features y2 --optimizer sgd --steps 1", "needs x2"},
      {"--network moons --points 2 --optimizer sgd --steps 1", "--points"},
      {"--network moons --test-fraction 0.95 --optimizer sgd --steps 1", "--test-fraction"},
      {"--network moons --optimizer newton --steps 1", "--optimizer"},
      {"--network moons --optimizer adam --momentum 0.9 --steps 1", "unknown option --momentum for adam"},
      {"--network /nonexistent/p.csv --optimizer sgd --steps 1", "cannot read"},
      {"--optimizer sgd --steps 1", "missing --surface NAME, --formula EXPR or --network DATA"},
      {"--surface rosenbrock --optimizer sgd --steps 1", "missing --start"},
  };
  for (const auto& [args, message] : cases) {
    INFO(args);
    const auto r = run_descent("trace " + args);
    CHECK(r.code == 2);
    CHECK(r.err.find(message) != std::string::npos);
    CHECK(count_lines(r.err) == 1);
    CHECK(r.out.empty());
  }
}

TEST_CASE("trace --network stops at divergence with exit code 3, keeping the rows before it", "[network]") {
  // A linear network at lr 1000 on inputs of scale 100 grows geometrically until the loss overflows.
  const auto r = run_descent(
      "trace --network scaled --points 40 --hidden 4 --activation linear --optimizer sgd --lr 1000 --steps 100");
  CHECK(r.code == 3);
  CHECK(r.err.find("sgd diverged at step") != std::string::npos);
  CHECK(count_lines(r.err) == 1);
  const auto rows = parse_csv(r.out);
  REQUIRE(rows.size() >= 2);
  CHECK(rows.size() < 101);
  for (const Row& row : rows) CHECK(std::isfinite(row.loss));
}

TEST_CASE("bench network prints its three loops beside each other", "[network][bench]") {
  const auto r = run_descent("bench network --rounds 1 --seconds 0.02 --hidden 4 --points 40");
  REQUIRE(r.code == 0);
  CHECK(r.out.find("2→4→2, spirals 32 training points") != std::string::npos);
  for (const char* loop : {"trace --network", "optimizer step alone", "floor: bare forward + backward"})
    CHECK(r.out.find(loop) != std::string::npos);
  const auto bad = run_descent("bench network --network donut");
  CHECK(bad.code == 2);
  CHECK(bad.err.find("unknown data set 'donut'") != std::string::npos);
  CHECK(run_descent("bench network --optimizer nope").code == 2);
}

TEST_CASE("bench lab-network --save writes the race as an experiment the lab loads", "[network][bench]") {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("descent-lab-race-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string file = (dir / "race.json").string();
  const auto r = run_descent("bench lab-network --steps 3 --points 40 --save " + file);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("8 runners") != std::string::npos);
  std::ifstream in(file);
  const nlohmann::json saved = nlohmann::json::parse(in);
  // The experiment file holds the network scene and the eight optimizers, at step 0.
  CHECK(saved.at("scene").at("network").at("data").at("name") == "spirals3");
  REQUIRE(saved.at("runners").size() == 8);
  CHECK(saved.at("runners")[0].at("optimizer") == "sgd");
  CHECK(saved.at("runners")[7].at("optimizer") == "lbfgs");
  CHECK(run_descent("bench lab-network --steps 3 --save " + (dir / "no" / "such" / "dir.json").string()).code != 0);
  std::filesystem::remove_all(dir);
}
