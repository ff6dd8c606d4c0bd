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

// Hostile experiment files: each is refused with one line naming the field,
// before any history is computed (a start at 1e10 with step 100,000 took 6 GB
// in the lab), and never by a JSON library exception or a wrapped integer.
namespace {

std::string load_error(const nlohmann::json& j) {
  try {
    lab::model::experiment_from_bytes(j.dump(), "exp.json");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

std::string load_error(const std::string& bytes) {
  try {
    lab::model::experiment_from_bytes(bytes, "exp.json");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("experiment files out of bounds are refused with the field named") {
  const nlohmann::json good = lab::model::to_json(sample());
  auto with = [&](auto edit) {
    nlohmann::json j = good;
    edit(j);
    return load_error(j);
  };
  CHECK(with([](auto& j) {
          j["start"] = {1e10, 1e10};
          j["step"] = 100000;
        }) == "exp.json: malformed experiment: start[0] must be a finite number in [-1e+06, 1e+06]");
  CHECK(with([](auto& j) {
          j["runners"][1]["start"] = {0, -2e6};
        }) == "exp.json: malformed experiment: runners[1].start[1] must be a finite number in [-1e+06, 1e+06]");
  CHECK(with([](auto& j) { j["view"]["x_max"] = 1e300; }) ==
        "exp.json: malformed experiment: view.x_max must be a finite number in [-1e+06, 1e+06]");
  CHECK(with([](auto& j) { j["view"]["x_max"] = j["view"]["x_min"]; }) ==
        "exp.json: malformed experiment: view must be at least 1e-9 wide and high (x_min < x_max, y_min < y_max)");
  CHECK(with([](auto& j) { j["step"] = 1e300; }) ==
        "exp.json: malformed experiment: step must be an integer in [0, 100000]");
  CHECK(with([](auto& j) { j["step"] = 100001; }) ==
        "exp.json: malformed experiment: step must be an integer in [0, 100000]");
  CHECK(with([](auto& j) { j["selected"] = -1; }) ==
        "exp.json: malformed experiment: selected must be an integer in [0, 16]");
  CHECK(with([](auto& j) { j["version"] = 1e30; }) ==
        "exp.json: malformed experiment: version must be an integer in [0, 2147483647]");
  CHECK(with([](auto& j) {
          j["runners"][0]["changes"] = {{{"step", -5}, {"key", "lr"}, {"value", 0.1}}};
        }) == "exp.json: malformed experiment: runners[0].changes[0].step must be an integer in [0, 100000]");
  CHECK(with([](auto& j) { j["scene"]["noise"] = "loud"; }) ==
        "exp.json: malformed experiment: scene.noise must be a number");
  CHECK(with([](auto& j) { j["scene"]["seed"] = -3; }) ==
        "exp.json: malformed experiment: scene.seed must be an integer in [0, 9223372036854775807]");
  CHECK(with([](auto& j) { j["runners"][0]["hyper"]["lr"] = "fast"; }) ==
        "exp.json: malformed experiment: runners[0].hyper.lr must be a number");
  CHECK(with([](auto& j) { j["runners"][0]["label"] = std::string(201, 'a'); }) ==
        "exp.json: malformed experiment: runners[0].label is longer than 200 characters");
  CHECK(with([](auto& j) { j["scene"]["surface"] = "ros\nbrock"; }) ==
        "exp.json: malformed experiment: scene.surface contains a control character");
  CHECK(with([](auto& j) { j["runners"][0]["label"] = "a\tb"; }) ==
        "exp.json: malformed experiment: runners[0].label contains a control character");
  // Found by fuzzing: a hyperparameter's name is quoted by the refusal of an unknown one.
  CHECK(with([](auto& j) { j["runners"][0]["hyper"]["mom\ntum"] = 0.9; }) ==
        "exp.json: malformed experiment: runners[0].hyper's name contains a control character");
  CHECK(with([](auto& j) { j["runners"][0]["hyper"][std::string(101, 'a')] = 0.9; }) ==
        "exp.json: malformed experiment: runners[0].hyper's name is longer than 100 characters");
  CHECK(with([](auto& j) { j["runners"][0]["enabled"] = 1; }) ==
        "exp.json: malformed experiment: runners[0].enabled must be true or false");
  CHECK(with([](auto& j) { j["runners"] = "sgd"; }) == "exp.json: malformed experiment: runners must be an array");
  CHECK(with([](auto& j) { j["runners"][0] = 7; }) == "exp.json: malformed experiment: runners[0] must be an object");
  CHECK(with([](auto& j) { j.erase("view"); }) == "exp.json: malformed experiment: view is missing");
  // Non-finite numbers: JSON has none, and 1e999 is refused as it is read.
  std::string text = good.dump();
  const std::string start = "\"start\":[-1.5,2.0]";
  REQUIRE(text.find(start) != std::string::npos);
  text.replace(text.find(start), start.size(), "\"start\":[1e999,2.0]");
  const std::string overflow = load_error(text);
  CHECK(overflow.rfind("exp.json: not valid JSON (", 0) == 0);
  CHECK(overflow.find("1e999") != std::string::npos);
  CHECK(overflow.find('\n') == std::string::npos);
}

TEST_CASE("huge arrays in experiment files are refused by their count") {
  nlohmann::json j = lab::model::to_json(sample());
  j["runners"] = nlohmann::json::array();
  for (int i = 0; i < 17; ++i) j["runners"].push_back({{"optimizer", "sgd"}});
  CHECK(load_error(j) == "exp.json: malformed experiment: runners has 17 entries (at most 16)");
  j = lab::model::to_json(sample());
  nlohmann::json change = {{"step", 1}, {"key", "lr"}, {"value", 0.01}};
  j["runners"][0]["changes"] = nlohmann::json::array();
  j["runners"][1]["changes"] = nlohmann::json::array();
  for (int i = 0; i < 6000; ++i) {
    j["runners"][0]["changes"].push_back(change);
    j["runners"][1]["changes"].push_back(change);
  }
  CHECK(load_error(j) == "exp.json: malformed experiment: runners have 12000 changes in all (at most 10000)");

  // Files past 1 MiB are refused before they are parsed.
  const auto dir = temp_dir();
  const std::string path = (dir / "huge.json").string();
  {
    std::ofstream out(path);
    out << "{\"runners\": [";
    for (int i = 0; i < 200000; ++i) out << "{\"optimizer\": \"sgd\"},";
    out << "{}]}";
  }
  CHECK_THROWS_WITH(lab::model::load_experiment(path), path + ": larger than 1048576 bytes; not a Descent experiment");
  std::filesystem::remove_all(dir);
}

TEST_CASE("an experiment at the bounds loads, with at most kMaxSteps of history per runner") {
  nlohmann::json j = lab::model::to_json(sample());
  j["start"] = {1e6, -1e6};
  j["step"] = 100000;
  const Experiment e = lab::model::experiment_from_json(j);
  for (const auto& r : e.runners()) CHECK(r.history().size() <= 100001);
  CHECK(e.cursor() == 100000);
}
