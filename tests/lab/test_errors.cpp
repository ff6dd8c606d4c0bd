// Errors stay visible: a bug thrown inside a step is an error, not "diverged";
// only numbers (NaN/Inf, escape, a method's own numerical failure) diverge.
#include <catch2/catch.hpp>
#include <cmath>
#include <memory>
#include <stdexcept>

#include "lab/model/runner.hpp"

namespace {

// x² + y², except that its gradient throws `E` once x drops below `trap`.
template <class E>
class TrappedBowl final : public scenes::Surface {
 public:
  explicit TrappedBowl(double trap) : trap_(trap) {}
  std::string name() const override { return "trapped_bowl"; }
  std::string title() const override { return "trapped bowl"; }
  std::string formula() const override { return "x² + y²"; }
  double value(double x, double y) const override { return x * x + y * y; }
  Eigen::Vector2d gradient(double x, double y) const override {
    if (x < trap_) throw E("the gradient was asked for outside its domain");
    return {2 * x, 2 * y};
  }
  Eigen::Matrix2d hessian(double, double) const override { return 2 * Eigen::Matrix2d::Identity(); }
  std::vector<scenes::Minimum> minima() const override { return {{0, 0, 0, true}}; }
  Eigen::Vector2d start() const override { return {1, 1}; }
  scenes::View view() const override { return {}; }

 private:
  double trap_;
};

// The bowl as a runner's problem, without noise.
template <class E>
lab::model::SurfaceProblem trapped(double trap) {
  return lab::model::SurfaceProblem(std::make_unique<TrappedBowl<E>>(trap), 0, 1, scenes::View{});
}

// Steps SGD (ε = 0.25 halves x each step) from (1, 1) until it stops or makes 20 steps.
lab::model::Runner race(lab::model::Problem& problem) {
  lab::model::Runner r(1, "sgd", lab::model::Rgb{});
  r.set_hyper("lr", 0.25, 0);
  r.restart(Eigen::Vector2d(1, 1), problem);
  for (int k = 0; k < 20 && r.advance(problem);) ++k;
  return r;
}

}  // namespace

TEST_CASE("a programming error in a step is reported as an error, never as divergence") {
  auto surface = trapped<std::logic_error>(0.1);  // x = 1, 0.5, 0.25, 0.125, then 0.0625 < 0.1 throws
  const lab::model::Runner r = race(surface);
  CHECK_FALSE(r.diverged_at().has_value());
  CHECK_THAT(r.error(), Catch::Contains("outside its domain"));
  CHECK_FALSE(r.can_advance());
  CHECK(r.head() == 4);  // the failed step is not recorded: the head is the last good point
  CHECK(std::isfinite(r.at(r.head()).f));
  CHECK(r.at(4).theta.x() == 0.0625);
  // Inspecting a recorded step replays it; a bug met in the replay is not swallowed.
  auto same = trapped<std::logic_error>(0.1);
  CHECK_NOTHROW(r.inspect(4, same));
  auto strict = trapped<std::logic_error>(0.3);  // now step 3 (from x = 0.25) throws on replay
  CHECK_THROWS_AS(r.inspect(3, strict), std::logic_error);
}

TEST_CASE("a method's own numerical failure still counts as divergence, with its reason") {
  auto surface = trapped<std::runtime_error>(0.1);
  const lab::model::Runner r = race(surface);
  REQUIRE(r.diverged_at().has_value());
  CHECK(*r.diverged_at() == 5);
  CHECK(r.error().empty());
  CHECK_THAT(r.divergence_reason(), Catch::Contains("outside its domain"));
  CHECK_FALSE(std::isfinite(r.at(5).theta.x()));
  // The diverged step replays to the point of failure without throwing.
  CHECK_NOTHROW(r.inspect(5, surface));
}

TEST_CASE("stepping back before a failed step clears the error, so a fixed cause can be retried") {
  auto surface = trapped<std::logic_error>(0.1);
  lab::model::Runner r = race(surface);
  REQUIRE_FALSE(r.error().empty());
  r.truncate(2);
  CHECK(r.error().empty());
  CHECK(r.can_advance());
}
