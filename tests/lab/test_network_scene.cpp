// A network scene in the lab's model: one start for every runner, the
// curves' measures per step, new weights on request, and experiment files.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <string>

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
