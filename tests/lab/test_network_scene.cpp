// A network scene in the lab's model: one start for every runner, the
// curves' measures per step, new weights on request, and experiment files.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "lab/model/commands.hpp"
#include "lab/model/experiment_io.hpp"
#include "lab/model/legend.hpp"

using lab::model::Experiment;
using lab::model::NetworkProblem;

namespace {

bool same_bits(const optim::Vec<double>& a, const optim::Vec<double>& b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

lab::model::SceneSpec moons(long batch = 16) {
  lab::model::SceneSpec s;
  s.network = lab::model::NetworkSpec{};
  s.network->data = {.name = "moons", .points = 120, .noise = -1, .test_fraction = 0.25, .classes = 3, .seed = 3};
  s.network->model.hidden = {6, 4};
  s.network->model.activation = nn::Act::Relu;
  s.network->model.features = {scenes::Feature::X1X2};
  s.network->model.l2 = 1e-4;
  s.network->model.batch_size = batch;
  s.network->model.init_seed = 11;
  s.network->model.batch_seed = 12;
  return s;
}

Experiment race() {
  Experiment e;
  e.set_scene(moons());
  e.add_runner("sgd").set_hyper("lr", 0.1, 0);
  e.add_runner("adam").set_hyper("lr", 0.01, 0);
  e.add_runner("lbfgs");
  e.seek(90);
  e.set_hyper(1, "lr", 0.005);
  e.seek(150);
  return e;
}

std::string load_error(const nlohmann::json& j) {
  try {
    lab::model::experiment_from_bytes(j.dump(), "exp.json");
  } catch (const std::exception& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a network scene starts every runner from the same initial weights, drawn from the init seed") {
  Experiment e;
  e.set_scene(moons());
  const scenes::MlpProblem* net = e.network();
  REQUIRE(net != nullptr);
  CHECK(e.problem().dimension() == net->parameter_count());
  CHECK(net->parameter_count() == (3 * 6 + 6) + (6 * 4 + 4) + (4 * 2 + 2));  // x1, x2, xy → 6 → 4 → 2
  CHECK(same_bits(e.start(), net->initial_weights()));
  e.add_runner("sgd");
  e.add_runner("adam");
  for (const auto& r : e.runners()) CHECK(same_bits(r.at(0).theta, e.start()));
  CHECK_THROWS_AS(e.surface(), std::logic_error);
  CHECK_THAT(lab::model::scene_note(e), Catch::Contains("same weights") && Catch::Contains("batch 16"));
}

TEST_CASE("a network's step records the full training loss, test loss, accuracies and each layer's ‖g‖") {
  Experiment e = race();
  auto& problem = dynamic_cast<NetworkProblem&>(e.problem());
  for (const auto& r : e.runners()) {
    INFO(r.optimizer_name());
    REQUIRE(r.head() == 150);
    const auto& now = r.at(150);
    REQUIRE(now.measures.size() == 3 + 3);  // three Dense layers
    scenes::MlpProblem& mlp = problem.mlp();
    const auto m = mlp.measure(now.theta);
    CHECK(now.f == m.train_loss);
    CHECK(now.measures[NetworkProblem::kTestLoss] == m.test_loss);
    CHECK(now.measures[NetworkProblem::kTrainAccuracy] == m.train_accuracy);
    CHECK(now.measures[NetworkProblem::kTestAccuracy] == m.test_accuracy);
    // ‖g‖ of layer 2 is batch 150's gradient at θ₁₄₉, restricted to that layer.
    optim::Vec<double> g(problem.dimension());
    problem.objective_for_step(150).value_and_gradient(r.at(149).theta, g);
    const auto norms = mlp.layer_gradient_norms(g);
    CHECK(now.measures[NetworkProblem::kFirstLayerGradient + 1] == norms[1]);
  }
  CHECK(e.runner(1).at(150).f < e.runner(1).at(0).f);
}

TEST_CASE("a network's timeline ends at kMaxNetworkSteps, a surface's at kMaxSteps") {
  Experiment e;
  CHECK(e.max_steps() == lab::model::kMaxSteps);
  e.set_scene(moons());
  CHECK(e.max_steps() == lab::model::kMaxNetworkSteps);
  e.seek(lab::model::kMaxSteps);  // no runner: nothing computed, the cursor clamped
  CHECK(e.cursor() == lab::model::kMaxNetworkSteps);
}

TEST_CASE("new weights: the next init seed, every runner restarted from the same new θ₀") {
  Experiment e = race();
  const optim::Vec<double> before = e.start();
  lab::model::Timeline t;
  CHECK(lab::model::apply(lab::model::cmd::NewWeights{}, e, t).empty());
  CHECK(e.scene().network->model.init_seed == 12);
  CHECK_FALSE(same_bits(e.start(), before));
  CHECK(e.cursor() == 150);
  for (const auto& r : e.runners()) CHECK(same_bits(r.at(0).theta, e.start()));
  // Neither works on a surface, nor does a 2-D start on a network.
  CHECK_THAT(lab::model::apply(lab::model::cmd::SetStart{Eigen::Vector2d(1, 1), std::nullopt}, e, t),
             Catch::Contains("needs " + std::to_string(e.problem().dimension())));
  Experiment surface;
  CHECK_THAT(lab::model::apply(lab::model::cmd::NewWeights{}, surface, t), Catch::Contains("surface"));
  CHECK_THAT(lab::model::apply(lab::model::cmd::SetNoise{0.5}, e, t), Catch::Contains("mini-batches"));
}

TEST_CASE("a network experiment survives a JSON round trip with identical histories") {
  const Experiment e = race();
  const auto json = lab::model::to_json(e);
  CHECK_FALSE(json.contains("start"));  // θ₀ follows from the init seed
  const Experiment back = lab::model::experiment_from_json(json);
  CHECK(lab::model::to_json(back) == json);
  CHECK(back.scene() == e.scene());
  REQUIRE(back.runners().size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    REQUIRE(same_bits(back.runner(i).at(0).theta, e.runner(i).at(0).theta));  // θ₀ from the init seed, exactly
    // A network rebuilt from a file has its data in other buffers: nn keeps
    // them aligned, so its vectorized sums add in the same order, bit for bit.
    for (std::int64_t k = 0; k <= 150; ++k) {
      INFO(i << " " << k << " " << (back.runner(i).at(k).theta - e.runner(i).at(k).theta).norm());
      REQUIRE(same_bits(back.runner(i).at(k).theta, e.runner(i).at(k).theta));
    }
  }
  CHECK(lab::model::trajectories_csv(back).rfind("runner,optimizer,label,step,loss,train_accuracy", 0) == 0);
}

TEST_CASE("the user's own points travel inside the experiment file") {
  Experiment e;
  lab::model::SceneSpec s = moons(0);
  s.network->points = std::make_shared<const scenes::NetworkDataset>(
      scenes::parse_dataset_csv("x1,x2,label\n0,0,0\n1,1,1\n0,1,1\n1,0,0\n0.5,0.2,0\n0.2,0.9,1\n", "mine.csv", 0, 1));
  e.set_scene(s);
  e.add_runner("adam");
  e.seek(20);
  const Experiment back = lab::model::experiment_from_json(lab::model::to_json(e));
  REQUIRE(back.scene().network->points != nullptr);
  CHECK(back.scene().network->points->train_x == s.network->points->train_x);
  CHECK(same_bits(back.runner(0).at(20).theta, e.runner(0).at(20).theta));
}

TEST_CASE("hostile network scenes are refused with the field named") {
  const nlohmann::json good = lab::model::to_json(race());
  auto with = [&](auto edit) {
    nlohmann::json j = good;
    edit(j);
    return load_error(j);
  };
  CHECK(with([](auto& j) { j["scene"]["network"]["model"]["hidden"] = {8, 8, 8, 8, 8, 8, 8}; }) ==
        "exp.json: malformed experiment: scene.network.model.hidden has 7 entries (at most 6)");
  CHECK(with([](auto& j) { j["scene"]["network"]["model"]["hidden"][0] = 33; }) ==
        "exp.json: malformed experiment: scene.network.model.hidden[0] must be an integer in [1, 32]");
  CHECK(with([](auto& j) { j["scene"]["network"]["model"]["activation"] = "softmax"; }) ==
        "exp.json: malformed experiment: scene is not one the lab can build: softmax is not a hidden activation");
  CHECK(with([](auto& j) { j["scene"]["network"]["model"]["activation"] = "swish"; }) ==
        "exp.json: malformed experiment: scene.network.model.activation must be tanh, relu, leaky_relu, sigmoid or "
        "linear");
  CHECK(with([](auto& j) {
          j["scene"]["network"]["model"]["features"] = {"x2", "zz"};
        }) == "exp.json: malformed experiment: scene.network.model.features[1] must be x2, y2, xy, sinx or siny");
  CHECK(with([](auto& j) { j["scene"]["network"]["data"]["points"] = 1000000000; }) ==
        "exp.json: malformed experiment: scene.network.data.points must be an integer in [4, 100000]");
  CHECK(with([](auto& j) {
          j["scene"]["network"]["data"]["name"] = "galaxy";
        }).rfind("exp.json: malformed experiment: scene is not one the lab can build: ", 0) == 0);
  CHECK(with([](auto& j) { j["scene"]["network"]["model"]["l2"] = -1; }) ==
        "exp.json: malformed experiment: scene.network.model.l2 must be a finite number in [0, 1e+06]");
  CHECK(with([](auto& j) {
          j["scene"]["network"]["own_points"] = {{"name", "p"},
                                                 {"inputs", 2},
                                                 {"classes", 2},
                                                 {"train_x", {0, 0, 1}},
                                                 {"train_y", {0, 1}},
                                                 {"test_x", nlohmann::json::array()},
                                                 {"test_y", nlohmann::json::array()}};
        }) ==
        "exp.json: malformed experiment: scene.network.own_points.train_x must hold inputs × train_y's count numbers");
  CHECK(with([](auto& j) {
          j["scene"]["network"]["own_points"] = {{"name", "p"},
                                                 {"inputs", 2},
                                                 {"classes", 2},
                                                 {"train_x", {0, 0, 1, 1}},
                                                 {"train_y", {0, 7}},
                                                 {"test_x", nlohmann::json::array()},
                                                 {"test_y", nlohmann::json::array()}};
        }) == "exp.json: malformed experiment: scene.network.own_points has a label that is not a class 0…1");
}

// ---- a runner's own batch size

TEST_CASE("a runner's own batch size takes the batches the scene would give at that size") {
  Experiment scene_batch;  // the scene at batch 8
  scene_batch.set_scene(moons(8));
  scene_batch.add_runner("sgd").set_hyper("lr", 0.1, 0);
  scene_batch.seek(60);

  Experiment own;  // the scene at full batch, one runner at 8, one at the scene's
  own.set_scene(moons(0));
  own.add_runner("sgd").set_hyper("lr", 0.1, 0);
  own.add_runner("sgd").set_hyper("lr", 0.1, 0);
  own.add_runner("sgd").set_hyper("lr", 0.1, 0);
  own.set_runner_batch_size(0, 8);
  own.set_runner_batch_size(2, 8);
  own.seek(60);
  for (std::int64_t k = 0; k <= 60; ++k) {
    INFO(k);
    // Another experiment's network, in other (aligned) buffers: the same bits.
    REQUIRE(same_bits(own.runner(0).at(k).theta, scene_batch.runner(0).at(k).theta));
    REQUIRE(same_bits(own.runner(2).at(k).theta, own.runner(0).at(k).theta));  // same size, same batches
  }
  CHECK_FALSE(same_bits(own.runner(1).at(60).theta, own.runner(0).at(60).theta));  // the full batch differs
  CHECK(same_bits(own.runner(0).at(0).theta, own.runner(1).at(0).theta));          // from the same θ₀

  Experiment full;  // the scene's own full batch: runner 1 is that run
  full.set_scene(moons(0));
  full.add_runner("sgd").set_hyper("lr", 0.1, 0);
  full.seek(60);
  CHECK(same_bits(own.runner(1).at(60).theta, full.runner(0).at(60).theta));
  CHECK((own.runner(1).at(60).theta - own.runner(0).at(60).theta).norm() > 1e-6);  // full batch ≠ batch 8
}

TEST_CASE("a runner's own batch size: step back, replay and inspection stay bit for bit") {
  Experiment e;
  e.set_scene(moons(0));
  e.add_runner("adam").set_hyper("lr", 0.01, 0);
  e.set_runner_batch_size(0, 8);
  e.seek(150);
  const std::vector<lab::model::StepRecord> original = e.runner(0).history();
  lab::model::Runner& r = e.runner(0);
  const optim::Inspection<double> seen = r.inspect(137, e.problem());
  REQUIRE_FALSE(seen.probes.empty());
  const optim::Vec<double>* step = seen.vector("Δθ");
  REQUIRE(step != nullptr);
  CHECK(same_bits(optim::Vec<double>(original[136].theta + *step), original[137].theta));
  optim::Vec<double> g(e.problem().dimension());  // its g is batch 137 at size 8, not the scene's full batch
  e.problem().objective_for_step(137, 8).value_and_gradient(original[136].theta, g);
  CHECK(same_bits(seen.probes.front().g, g));
  r.truncate(100);
  e.seek(150);
  for (std::int64_t k = 0; k <= 150; ++k) {
    INFO(k);
    REQUIRE(same_bits(e.runner(0).at(k).theta, original[static_cast<std::size_t>(k)].theta));
  }
}

TEST_CASE("a runner's own batch size restarts it, survives a file, and is a network's only") {
  Experiment e;
  e.set_scene(moons(0));
  e.add_runner("sgd").set_hyper("lr", 0.1, 0);
  e.add_runner("sgd").set_hyper("lr", 0.1, 0);
  e.seek(40);
  const optim::Vec<double> full_40 = e.runner(0).at(40).theta;
  e.set_runner_batch_size(0, 8);
  CHECK(e.runner(0).head() == 40);  // restarted, then caught up to the cursor
  CHECK_FALSE(same_bits(e.runner(0).at(40).theta, full_40));
  CHECK(same_bits(e.runner(1).at(40).theta, full_40));  // the other runner is untouched
  CHECK(lab::model::runner_name(e.runner(0), 40) == "SGD ε = 0.1, batch 8");
  e.set_runner_batch_size(1, 0);
  CHECK(lab::model::runner_name(e.runner(1), 40) == "SGD ε = 0.1, full batch");
  CHECK_THAT(lab::model::scene_note(e), Catch::Contains("own batch sizes"));

  const auto json = lab::model::to_json(e);
  CHECK(json["runners"][0]["batch_size"] == 8);
  CHECK(json["runners"][1]["batch_size"] == 0);
  const Experiment back = lab::model::experiment_from_json(json);
  CHECK(back.runner(0).batch_size() == std::optional<long>(8));
  CHECK(back.runner(1).batch_size() == std::optional<long>(0));
  CHECK(lab::model::to_json(back) == json);
  Experiment copy = back;
  copy.seek(40);
  CHECK(same_bits(copy.runner(0).at(40).theta, e.runner(0).at(40).theta));

  CHECK_THROWS_WITH(e.set_runner_batch_size(0, -1), Catch::Contains("batch size"));
  Experiment surface;
  surface.add_runner("sgd");
  CHECK_THROWS_WITH(surface.set_runner_batch_size(0, 8), Catch::Contains("surface"));
  nlohmann::json bad = json;
  bad["runners"][0]["batch_size"] = -3;
  CHECK(load_error(bad) == "exp.json: malformed experiment: runners[0].batch_size must be an integer in [0, 100000]");
}

// ---- the user's own points

TEST_CASE("AddPoint adds a training point of the chosen class and restarts from the same initial weights") {
  Experiment e = race();
  lab::model::Timeline t;
  const std::int64_t cursor = e.cursor();
  const long before = e.network()->data().train_size();
  const optim::Vec<double> theta0 = e.runner(0).at(0).theta;
  const optim::Vec<double> theta_cursor = e.runner(0).at(cursor).theta;
  const std::vector<double> test_x = e.network()->data().test_x;

  REQUIRE(lab::model::apply(lab::model::cmd::AddPoint{0.25, -0.5, 1}, e, t) == "");
  REQUIRE(lab::model::apply(lab::model::cmd::AddPoint{-1.5, 0.75, 0}, e, t) == "");
  const scenes::NetworkDataset& data = e.network()->data();
  REQUIRE(data.train_size() == before + 2);
  CHECK(data.train_x[static_cast<std::size_t>(2 * before)] == 0.25);
  CHECK(data.train_x[static_cast<std::size_t>(2 * before + 1)] == -0.5);
  CHECK(data.train_y[static_cast<std::size_t>(before)] == 1);
  CHECK(data.train_x.back() == 0.75);
  CHECK(data.train_y.back() == 0);
  CHECK(data.test_x == test_x);  // the test set stays
  CHECK(data.name == "moons + your points");
  REQUIRE(e.scene().network->points != nullptr);
  CHECK(e.scene().network->model.hidden == std::vector<int>{6, 4});  // the model stays
  CHECK(e.scene().network->model.init_seed == 11);

  CHECK(e.cursor() == cursor);  // restarted, and computed again up to the cursor
  for (std::size_t i = 0; i < e.runners().size(); ++i) {
    INFO(i);
    CHECK(same_bits(e.runner(i).at(0).theta, theta0));  // every runner from the very same θ₀
    CHECK(e.runner(i).head() == cursor);
  }
  CHECK_FALSE(same_bits(e.runner(0).at(cursor).theta, theta_cursor));  // trained on other data
  CHECK(e.runner(1).changes().size() == 1);                            // the edit at step 90 stays

  // The same run from scratch on the same points gives the same history.
  Experiment fresh;
  fresh.set_scene(e.scene());
  fresh.add_runner("sgd").set_hyper("lr", 0.1, 0);
  fresh.seek(cursor);
  CHECK(same_bits(fresh.runner(0).at(cursor).theta, e.runner(0).at(cursor).theta));
  // And they travel in the experiment file.
  const Experiment back = lab::model::experiment_from_json(lab::model::to_json(e));
  CHECK(back.network()->data().train_x == data.train_x);
}

TEST_CASE("AddPoint refuses what is not a point of the set, leaving the experiment as it was") {
  Experiment e = race();
  lab::model::Timeline t;
  const nlohmann::json before = lab::model::to_json(e);
  CHECK(lab::model::apply(lab::model::cmd::AddPoint{0, 0, 2}, e, t) == "a point's class must be 0…1");
  CHECK(lab::model::apply(lab::model::cmd::AddPoint{0, 0, 0.5}, e, t) == "a point's class must be 0…1");
  CHECK(lab::model::apply(lab::model::cmd::AddPoint{NAN, 0, 0}, e, t) == "a point needs finite coordinates");
  CHECK(lab::model::to_json(e) == before);
  Experiment surface;
  CHECK_THAT(lab::model::apply(lab::model::cmd::AddPoint{0, 0, 0}, surface, t), Catch::Contains("surface"));

  Experiment sine;  // regression: the click's height is the target
  lab::model::SceneSpec s;
  s.network = lab::model::NetworkSpec{};
  s.network->data.name = "sine";
  s.network->data.points = 40;
  sine.set_scene(s);
  REQUIRE(lab::model::apply(lab::model::cmd::AddPoint{0.5, -0.25, 7}, sine, t) == "");
  CHECK(sine.network()->data().train_x.back() == 0.5);
  CHECK(sine.network()->data().train_y.back() == -0.25);
}

TEST_CASE("LoadPoints trains the scene's network on a CSV; a bad file is a one-line message") {
  const std::string dir = std::filesystem::temp_directory_path() / "descent-test-points";
  std::filesystem::create_directories(dir);
  const std::string good = dir + "/good.csv", bad = dir + "/bad.csv";
  std::ofstream(good) << "x1,x2,label\n0,0,0\n1,1,1\n0,1,1\n1,0,0\n0.5,0.2,0\n0.2,0.9,1\n0.1,0.1,0\n0.9,0.8,1\n";
  std::ofstream(bad) << "x1,x2,label\n0,0,0\n1,oops,1\n";
  Experiment e = race();
  lab::model::Timeline t;
  REQUIRE(lab::model::apply(lab::model::cmd::LoadPoints{good}, e, t) == "");
  REQUIRE(e.network() != nullptr);
  CHECK(e.network()->data().train_size() + e.network()->data().test_size() == 8);
  CHECK(e.scene().network->model.hidden == std::vector<int>{6, 4});  // the scene's model stays
  CHECK(e.runners().size() == 3);

  const nlohmann::json before = lab::model::to_json(e);
  const std::string message = lab::model::apply(lab::model::cmd::LoadPoints{bad}, e, t);
  CHECK_THAT(message, Catch::StartsWith(bad + ":3: "));
  CHECK(message.find('\n') == std::string::npos);
  CHECK_THAT(lab::model::apply(lab::model::cmd::LoadPoints{dir + "/missing.csv"}, e, t),
             Catch::Contains("cannot read"));
  CHECK(lab::model::to_json(e) == before);

  Experiment surface;  // on a surface: a default network on the points
  REQUIRE(lab::model::apply(lab::model::cmd::LoadPoints{good}, surface, t) == "");
  CHECK(surface.network() != nullptr);
  std::filesystem::remove_all(dir);
}

TEST_CASE("SetBatchSize gives one runner its own batch size") {
  Experiment e = race();
  lab::model::Timeline t;
  REQUIRE(lab::model::apply(lab::model::cmd::SetBatchSize{e.runner(0).id(), 0}, e, t) == "");
  CHECK(e.runner(0).batch_size() == std::optional<long>(0));
  CHECK(e.runner(0).head() == e.cursor());
  CHECK_THAT(lab::model::apply(lab::model::cmd::SetBatchSize{e.runner(0).id(), -2}, e, t),
             Catch::Contains("batch size"));
  REQUIRE(lab::model::apply(lab::model::cmd::SetBatchSize{e.runner(0).id(), std::nullopt}, e, t) == "");
  CHECK_FALSE(e.runner(0).batch_size().has_value());
}
