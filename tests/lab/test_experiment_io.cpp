// Save → load reproduces the same experiment and the same trajectories.
#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "lab/model/experiment_io.hpp"

using lab::model::Experiment;

namespace {

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

Experiment sample() {
  Experiment e;
  e.set_view({-3, 3, -2, 4});
  e.set_start(Eigen::Vector2d(-1.5, 2.0));
  e.add_runner("sgd").set_hyper("lr", 1e-3, 0);
  auto& m = e.add_runner("sgd");
  m.set_hyper("momentum", 0.8, 0);
  m.label = "heavy \"ball\", tuned";
  m.color = lab::model::parse_hex("#123456");
  e.set_runner_start(1, Eigen::Vector2d(0.5, -0.5));
  e.seek(25);
  e.set_hyper(1, "lr", 5e-4);
  e.seek(40);
  e.select(1);
  return e;
}

std::filesystem::path temp_dir() {
  auto dir = std::filesystem::temp_directory_path() / ("descent-io-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("an experiment survives a JSON round trip with identical trajectories") {
  const Experiment e = sample();
  const auto json = lab::model::to_json(e);
  const Experiment back = lab::model::experiment_from_json(json);
  CHECK(lab::model::to_json(back) == json);
  CHECK(back.cursor() == 40);
  CHECK(back.selected() == 1);
  REQUIRE(back.runners().size() == 2);
  CHECK(back.runner(1).label == e.runner(1).label);
  CHECK(back.runner(1).color == e.runner(1).color);
  REQUIRE(back.runner(1).changes().size() == 1);
  CHECK(back.runner(1).changes()[0].step == 25);
  for (std::size_t i = 0; i < 2; ++i)
    for (std::int64_t k = 0; k <= 40; ++k) {
      CHECK(same_bits(back.runner(i).at(k).theta.x(), e.runner(i).at(k).theta.x()));
      CHECK(same_bits(back.runner(i).at(k).theta.y(), e.runner(i).at(k).theta.y()));
    }
}

TEST_CASE("save and load through a file — bad files give clear errors") {
  const auto dir = temp_dir();
  const std::string path = (dir / "race.json").string();
  const Experiment e = sample();
  lab::model::save_experiment(e, path);
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
  const Experiment back = lab::model::load_experiment(path);
  CHECK(lab::model::to_json(back) == lab::model::to_json(e));

  CHECK_THROWS_AS(lab::model::load_experiment((dir / "missing.json").string()), std::runtime_error);
  { std::ofstream(dir / "garbage.json") << "{ not json"; }
  CHECK_THROWS_WITH(lab::model::load_experiment((dir / "garbage.json").string()), Catch::Contains("not valid JSON"));
  auto j = lab::model::to_json(e);
  j["version"] = 99;
  CHECK_THROWS_WITH(lab::model::experiment_from_json(j), Catch::Contains("version 99"));
  j = lab::model::to_json(e);
  j["runners"][0]["optimizer"] = "no-such-optimizer";
  CHECK_THROWS_AS(lab::model::experiment_from_json(j), std::invalid_argument);
  j = lab::model::to_json(e);
  j["runners"][0]["hyper"]["lr"] = -1.0;
  CHECK_THROWS_AS(lab::model::experiment_from_json(j), std::invalid_argument);
  j = lab::model::to_json(e);
  j.erase("view");
  CHECK_THROWS_WITH(lab::model::experiment_from_json(j), Catch::Contains("malformed"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("CSV export lists every runner's steps up to the cursor") {
  Experiment e = sample();
  e.seek(10);
  const std::string csv = lab::model::trajectories_csv(e);
  CHECK(csv.rfind("runner,optimizer,label,step,x,y,f,evaluations\n", 0) == 0);
  const auto rows = std::count(csv.begin(), csv.end(), '\n');
  CHECK(rows == 1 + 2 * 11);
  CHECK(csv.find("\"heavy \"\"ball\"\", tuned\"") != std::string::npos);
}
