// The view fitted to the runners' paths holds every step asked for, with its
// margin, and nothing else moves it.
#include <catch2/catch.hpp>

#include "lab/model/experiment.hpp"
#include "lab/model/view_fit.hpp"

using lab::model::Experiment;
using lab::model::fit_view_to_paths;

namespace {

// Momentum on Rosenbrock from (−1.2, 1): a path that swings wide, then settles.
Experiment race() {
  Experiment e;
  e.set_start(Eigen::Vector2d(-1.2, 1.0));
  e.add_runner("momentum").set_hyper("lr", 1e-3, 0);
  e.add_runner("sgd").set_hyper("lr", 1e-3, 0);
  e.seek(60);
  return e;
}

}  // namespace

TEST_CASE("the fitted view holds every step up to the last, a margin inside its edges") {
  const Experiment e = race();
  const double margin = 0.15;
  const scenes::View v = fit_view_to_paths(e, 30, margin);
  const double w = v.x_max - v.x_min, h = v.y_max - v.y_min;
  double x0 = 1e9, x1 = -1e9, y0 = 1e9, y1 = -1e9;
  for (const auto& r : e.runners())
    for (std::int64_t k = 0; k <= 30; ++k) {
      const auto& p = r.at(k).theta;
      x0 = std::min(x0, p.x()), x1 = std::max(x1, p.x());
      y0 = std::min(y0, p.y()), y1 = std::max(y1, p.y());
    }
  // The paths' box, widened by margin·size on each side: size = box / (1 + 2·margin).
  CHECK(x0 - v.x_min == Approx(margin * w / (1 + 2 * margin)));
  CHECK(v.x_max - x1 == Approx(margin * w / (1 + 2 * margin)));
  CHECK(y0 - v.y_min == Approx(margin * h / (1 + 2 * margin)));
  CHECK(v.y_max - y1 == Approx(margin * h / (1 + 2 * margin)));
}

TEST_CASE("steps after the last one and disabled runners do not move the fitted view") {
  Experiment e = race();
  const scenes::View at_60 = fit_view_to_paths(e, 10);
  Experiment shorter = race();
  shorter.seek(10);
  const scenes::View at_10 = fit_view_to_paths(shorter, 10);
  CHECK(at_60.x_min == at_10.x_min);
  CHECK(at_60.x_max == at_10.x_max);
  CHECK(at_60.y_min == at_10.y_min);
  CHECK(at_60.y_max == at_10.y_max);
  // Momentum goes farther than SGD in 60 steps; without it the view shrinks.
  const scenes::View both = fit_view_to_paths(e, 60);
  e.runner(0).enabled = false;
  const scenes::View sgd_only = fit_view_to_paths(e, 60);
  CHECK(sgd_only.x_max - sgd_only.x_min < both.x_max - both.x_min);
}

TEST_CASE("a view fitted to the start alone is a small window around it") {
  Experiment e;
  e.set_start(Eigen::Vector2d(0.5, -0.25));
  const scenes::View v = fit_view_to_paths(e, 100);
  CHECK(v.x_max > v.x_min);
  CHECK(v.y_max > v.y_min);
  CHECK(0.5 * (v.x_min + v.x_max) == Approx(0.5));
  CHECK(0.5 * (v.y_min + v.y_max) == Approx(-0.25));
  CHECK(v.x_max - v.x_min < 0.01);
  e.set_view(v);  // a window the experiment accepts
}
