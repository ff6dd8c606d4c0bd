// The shared loss-landscape plane: projection against an independent least
// squares solve, off-plane distances, the PCA plane against the covariance's
// own eigenvectors, the exactness of the plane through three points, filter
// normalization, and the loss grid — all in double precision on a real MLP.
#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "scenes/loss_plane.hpp"
#include "scenes/mlp_problem.hpp"

using scenes::LossPlane;
using scenes::MlpProblem;
using scenes::PlaneKind;
using scenes::Vec;

namespace {

MlpProblem moons_problem(std::vector<int> hidden = {6, 5}) {
  scenes::DatasetSpec d;
  d.name = "moons";
  d.points = 80;
  d.seed = 3;
  scenes::MlpSpec s;
  s.hidden = std::move(hidden);
  s.l2 = 1e-3;
  s.init_seed = 5;
  return MlpProblem(scenes::make_dataset(d), s);
}

Vec gaussian(long n, std::uint64_t seed, double scale = 1) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0, scale);
  Vec v(n);
  for (long i = 0; i < n; ++i) v[i] = normal(rng);
  return v;
}

// A few plain gradient-descent trajectories from θ₀ with different rates:
// curved paths through weight space, like the optimizers' own.
scenes::Trajectories descent_paths(MlpProblem& p, int paths, int steps) {
  scenes::Trajectories out;
  Vec g(p.parameter_count());
  for (int k = 0; k < paths; ++k) {
    auto& t = out.emplace_back();
    Vec theta = p.initial_weights();
    t.push_back(theta);
    for (int s = 0; s < steps; ++s) {
      p.value_and_gradient(theta, g);
      theta -= (0.05 + 0.1 * k) * g;
      t.push_back(theta);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("projection is the least squares solution and the distance is the residual's norm", "[plane]") {
  const long n = 40;
  const LossPlane plane(PlaneKind::Pca, gaussian(n, 1), gaussian(n, 2), gaussian(n, 3));
  const Vec theta = gaussian(n, 4, 2.0);
  optim::Mat<double> d(n, 2);
  d.col(0) = plane.d1();
  d.col(1) = plane.d2();
  const Eigen::Vector2d ab = d.colPivHouseholderQr().solve(theta - plane.origin());
  const auto p = plane.project(theta);
  CHECK(p.alpha == Approx(ab[0]).epsilon(1e-12));
  CHECK(p.beta == Approx(ab[1]).epsilon(1e-12));
  CHECK(p.distance == Approx((theta - plane.origin() - d * ab).norm()).epsilon(1e-12));
  CHECK(p.distance > 1);  // a random point of ℝ⁴⁰ is far from a plane
}

TEST_CASE("off-plane distance is 0 in the plane and the offset's length off it", "[plane]") {
  const long n = 30;
  const LossPlane plane(PlaneKind::Pca, gaussian(n, 11), gaussian(n, 12), gaussian(n, 13));
  const Vec inside = plane.point(0.7, -1.3);
  const auto p = plane.project(inside);
  CHECK(p.alpha == Approx(0.7).epsilon(1e-12));
  CHECK(p.beta == Approx(-1.3).epsilon(1e-12));
  CHECK(p.distance <= 1e-13 * inside.norm());

  // A unit normal: a random vector with its components along d₁, d₂ removed.
  Vec normal = gaussian(n, 14);
  optim::Mat<double> d(n, 2);
  d.col(0) = plane.d1();
  d.col(1) = plane.d2();
  const Eigen::HouseholderQR<optim::Mat<double>> qr(d);
  const optim::Mat<double> q = qr.householderQ() * optim::Mat<double>::Identity(n, 2);
  normal -= q * (q.transpose() * normal);
  normal -= q * (q.transpose() * normal);
  normal.normalize();
  const auto off = plane.project(inside + 2.5 * normal);
  CHECK(off.distance == Approx(2.5).epsilon(1e-12));
  CHECK(off.alpha == Approx(0.7).epsilon(1e-12));
  CHECK(off.beta == Approx(-1.3).epsilon(1e-12));
}

TEST_CASE("the plane's loss at a projected in-plane point is the network's loss there", "[plane][network]") {
  MlpProblem p = moons_problem();
  const auto loss = [&](const Vec& t) { return p.training_loss(t); };
  const LossPlane plane = scenes::random_plane(p.initial_weights(), scenes::weight_tensors(p), 9);
  for (auto [a, b] : {std::pair{0.37, -0.61}, std::pair{-1.2, 0.4}, std::pair{2.0, 1.5}}) {
    const Vec theta = plane.point(a, b);
    const auto r = scenes::report_point(plane, theta, loss);
    CHECK(r.where.distance <= 1e-12 * theta.norm());
    CHECK(r.plane_loss == Approx(r.true_loss).epsilon(1e-12));
    CHECK(r.true_loss == p.training_loss(theta));
  }
  // Off the plane the two losses part, which is what the view reports.
  const Vec off = plane.point(0.5, 0.5) + gaussian(p.parameter_count(), 21, 0.5);
  const auto r = scenes::report_point(plane, off, loss);
  CHECK(r.where.distance > 0.5);
  CHECK(std::abs(r.plane_loss - r.true_loss) > 1e-6);
}

TEST_CASE("the plane through the start and two points holds all three exactly", "[plane][network]") {
  MlpProblem p = moons_problem();
  const auto paths = descent_paths(p, 2, 25);
  const Vec& start = paths[0].front();
  const Vec& a = paths[0].back();
  const Vec& b = paths[1].back();
  const LossPlane plane = scenes::plane_through(start, a, b);
  CHECK(plane.kind() == PlaneKind::ThroughStartAndTwo);
  CHECK(p.training_loss(plane.point(0, 0)) == p.training_loss(start));
  CHECK(p.training_loss(plane.point(1, 0)) == p.training_loss(a));
  CHECK(p.training_loss(plane.point(0, 1)) == p.training_loss(b));
  const auto loss = [&](const Vec& t) { return p.training_loss(t); };
  for (const Vec* v : {&start, &a, &b}) {
    const auto r = scenes::report_point(plane, *v, loss);
    CHECK(r.where.distance == 0);
    CHECK(r.plane_loss == r.true_loss);
  }
  CHECK(plane.project(a).alpha == 1);
  CHECK(plane.project(b).beta == 1);
  // Every optimizer still at the start: no plane, and a message that says so.
  CHECK_THROWS_WITH(scenes::plane_through(start, start, a), Catch::Contains("one line"));
}

TEST_CASE("the PCA plane passes through the mean and spans the top two principal directions", "[plane][pca]") {
  MlpProblem p = moons_problem();
  const auto paths = descent_paths(p, 3, 40);
  Vec mean = Vec::Zero(p.parameter_count());
  long m = 0;
  for (const auto& t : paths)
    for (const Vec& v : t) mean += v, ++m;
  mean /= static_cast<double>(m);

  // The covariance's own top two eigenvectors, computed here from scratch.
  optim::Mat<double> cov = optim::Mat<double>::Zero(mean.size(), mean.size());
  for (const auto& t : paths)
    for (const Vec& v : t) cov += (v - mean) * (v - mean).transpose();
  Eigen::SelfAdjointEigenSolver<optim::Mat<double>> es(cov);
  const long n = mean.size();
  const Vec e1 = es.eigenvectors().col(n - 1), e2 = es.eigenvectors().col(n - 2);

  for (long exact_limit : {100000L, 0L}) {  // the covariance path, then subspace iteration
    INFO("exact_dimension_limit " << exact_limit);
    const LossPlane plane = scenes::pca_plane(paths, {.max_points = 100000, .exact_dimension_limit = exact_limit});
    CHECK((plane.origin() - mean).norm() <= 1e-13 * mean.norm());
    CHECK(plane.project(mean).distance <= 1e-12 * mean.norm());
    CHECK(plane.point(0, 0) == plane.origin());
    CHECK(plane.d1().norm() == Approx(1).epsilon(1e-12));
    CHECK(std::abs(plane.d1().dot(plane.d2())) <= 1e-10);
    CHECK(std::abs(plane.d1().dot(e1)) == Approx(1).epsilon(1e-8));
    CHECK(std::abs(plane.d2().dot(e2)) == Approx(1).epsilon(1e-6));
  }
}

TEST_CASE("PCA recovers a plane that every point lies in, thinned or not", "[plane][pca]") {
  const long n = 300;  // above the exact limit: subspace iteration
  const Vec o = gaussian(n, 31), u = gaussian(n, 32), v = gaussian(n, 33);
  scenes::Trajectories paths(4);
  for (int k = 0; k < 4; ++k)
    for (int s = 0; s < 3000; ++s) {
      const double t = s / 3000.0;
      paths[static_cast<std::size_t>(k)].push_back(o + (k + 1) * t * u + std::sin(3 * t + k) * v);
    }
  const LossPlane plane = scenes::pca_plane(paths, {.max_points = 500});
  for (const auto& t : paths)
    for (std::size_t s = 0; s < t.size(); s += 97) CHECK(plane.project(t[s]).distance <= 1e-9 * o.norm());
  // Points along one line span no plane.
  scenes::Trajectories line(1);
  for (int s = 0; s < 10; ++s) line[0].push_back(o + s * u);
  CHECK_THROWS_WITH(scenes::pca_plane(line), Catch::Contains("one line"));
}

TEST_CASE("filter normalization gives each unit's row the norm of θ₀'s row and zeroes the biases", "[plane]") {
  for (const char* set : {"moons", "sine"}) {  // sine: a 1-unit output kernel is one row, and no bias
    INFO(set);
    scenes::DatasetSpec d;
    d.name = set;
    d.points = 40;
    scenes::MlpSpec s;
    s.hidden = {5, 3};
    MlpProblem p(scenes::make_dataset(d), s);
    const auto tensors = scenes::weight_tensors(p);
    REQUIRE(tensors.size() == 6);
    const Vec& theta0 = p.initial_weights();
    const Vec dir = scenes::filter_normalized_direction(theta0, tensors, 77);
    long kernels = 0;
    for (const auto& t : tensors) {
      if (t.bias) {
        CHECK(dir.segment(t.offset, t.rows * t.cols).isZero(0));
        continue;
      }
      ++kernels;
      for (long r = 0; r < t.rows; ++r) {
        const double want = theta0.segment(t.offset + r * t.cols, t.cols).norm();
        REQUIRE(want > 0);
        CHECK(dir.segment(t.offset + r * t.cols, t.cols).norm() == Approx(want).epsilon(1e-14));
      }
    }
    CHECK(kernels == 3);
    // The two directions differ, and the same seed draws the same plane.
    const LossPlane a = scenes::random_plane(theta0, tensors, 5), b = scenes::random_plane(theta0, tensors, 5);
    CHECK(a.d1() == b.d1());
    CHECK((a.d1() - a.d2()).norm() > 0.1 * a.d1().norm());
    CHECK(a.origin() == theta0);
  }
}

TEST_CASE("the grid samples the loss on the plane over every projected point with a margin", "[plane][network]") {
  MlpProblem p = moons_problem({4});
  const auto paths = descent_paths(p, 2, 30);
  const LossPlane plane = scenes::pca_plane(paths);
  const auto projected = scenes::project_all(plane, paths);
  const auto extent = scenes::extent_of(projected, 0.1);
  for (const auto& t : projected)
    for (const auto& q : t) {
      CHECK(q.alpha > extent.alpha_min);
      CHECK(q.alpha < extent.alpha_max);
      CHECK(q.beta > extent.beta_min);
      CHECK(q.beta < extent.beta_max);
    }
  const auto loss = [&](const Vec& t) { return p.training_loss(t); };
  const auto grid = scenes::sample_plane(plane, extent, scenes::kMinPlaneSamples, scenes::kMinPlaneSamples, loss);
  REQUIRE(grid.loss.size() == 64u * 64u);
  CHECK(grid.alpha(0) == extent.alpha_min);
  CHECK(grid.alpha(63) == extent.alpha_max);
  CHECK(grid.beta(0) == extent.beta_max);  // row 0 is the top
  for (auto [i, j] : {std::pair{0, 0}, std::pair{17, 40}, std::pair{63, 63}})
    CHECK(grid.at(i, j) == p.training_loss(plane.point(grid.alpha(i), grid.beta(j))));
  // Stopped before its first row, it hands back nothing.
  const auto stopped = scenes::sample_plane(plane, extent, 64, 64, loss, [] { return false; });
  CHECK(stopped.loss.empty());
}
