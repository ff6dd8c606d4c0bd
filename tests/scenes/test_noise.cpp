// Gradient noise: a pure function of (seed, step, evaluation, component),
// standard normal in distribution, and an exact replay of any step.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "scenes/noisy_objective.hpp"
#include "scenes/surface.hpp"

using scenes::NoisyObjective;

TEST_CASE("noise is a pure function of its counters", "[noise]") {
  const double a = NoisyObjective::standard_normal(42, 7, 1, 0);
  CHECK(NoisyObjective::standard_normal(42, 7, 1, 0) == a);
  std::set<double> seen{a};
  seen.insert(NoisyObjective::standard_normal(43, 7, 1, 0));  // seed
  seen.insert(NoisyObjective::standard_normal(42, 8, 1, 0));  // step
  seen.insert(NoisyObjective::standard_normal(42, 7, 0, 0));  // evaluation
  seen.insert(NoisyObjective::standard_normal(42, 7, 1, 1));  // component
  CHECK(seen.size() == 5);
}

TEST_CASE("noise samples have mean 0 and standard deviation 1", "[noise]") {
  // 200,000 samples: the standard error of the mean is 0.0022, of the
  // variance 0.0032; the bounds are > 4.5 standard errors.
  const int n = 200000;
  double sum = 0, sum2 = 0, sum4 = 0;
  int beyond3 = 0;
  for (int k = 0; k < n / 4; ++k)
    for (int e = 0; e < 2; ++e)
      for (int i = 0; i < 2; ++i) {
        const double z = NoisyObjective::standard_normal(2024, k, e, i);
        REQUIRE(std::isfinite(z));
        sum += z;
        sum2 += z * z;
        sum4 += z * z * z * z;
        beyond3 += std::abs(z) > 3;
      }
  const double mean = sum / n, var = sum2 / n - mean * mean;
  CHECK(std::abs(mean) < 0.01);
  CHECK(std::abs(var - 1) < 0.015);
  CHECK(sum4 / n == Approx(3).epsilon(0.05));  // a normal's kurtosis
  CHECK(beyond3 == Approx(0.0027 * n).epsilon(0.2));
  // Neighbouring steps are uncorrelated.
  double cross = 0;
  for (int k = 0; k < n; ++k)
    cross += NoisyObjective::standard_normal(5, k, 0, 0) * NoisyObjective::standard_normal(5, k + 1, 0, 0);
  CHECK(std::abs(cross / n) < 0.01);
}

TEST_CASE("the wrapper adds σ·ξ to the gradient and keeps f and ∇²f exact", "[noise]") {
  auto surface = scenes::make_surface("rosenbrock");
  const double sigma = 0.5;
  NoisyObjective noisy(*surface, sigma, 11);
  optim::Vec<double> theta(2), g(2), exact(2);
  theta << -1.2, 1;
  const double f0 = surface->value_and_gradient(theta, exact);

  noisy.set_step(3);
  CHECK(noisy.value_and_gradient(theta, g) == f0);
  CHECK(g[0] == exact[0] + sigma * NoisyObjective::standard_normal(11, 3, 0, 0));
  CHECK(g[1] == exact[1] + sigma * NoisyObjective::standard_normal(11, 3, 0, 1));
  CHECK(noisy.evaluations() == 1);
  // A second evaluation in the same step (a look-ahead, a probe) draws anew.
  noisy.value_and_gradient(theta, g);
  CHECK(g[0] == exact[0] + sigma * NoisyObjective::standard_normal(11, 3, 1, 0));
  CHECK(noisy.evaluations() == 2);

  REQUIRE(noisy.has_hessian());
  optim::Mat<double> H, H0;
  noisy.hessian(theta, H);
  surface->hessian(theta, H0);
  CHECK(H == H0);

  noisy.set_sigma(0);
  noisy.value_and_gradient(theta, g);
  CHECK(g == exact);
  CHECK_THROWS_AS(noisy.set_sigma(-1), std::invalid_argument);
  CHECK_THROWS_AS(noisy.set_sigma(NAN), std::invalid_argument);
  CHECK_THROWS_AS(NoisyObjective(*surface, -0.1, 1), std::invalid_argument);
}

TEST_CASE("replaying a step from set_step gives the same noisy gradients", "[noise]") {
  auto surface = scenes::make_surface("himmelblau");
  NoisyObjective noisy(*surface, 2.0, 99);
  optim::Vec<double> theta(2), g(2);
  std::vector<optim::Vec<double>> first;
  for (int k = 0; k < 20; ++k) {
    noisy.set_step(k);
    for (int e = 0; e < 3; ++e) {
      theta << 0.1 * k, -0.05 * e;
      noisy.value_and_gradient(theta, g);
      first.push_back(g);
    }
  }
  // Step back to 7 and replay 7..19, in a fresh wrapper too.
  NoisyObjective replay(*surface, 2.0, 99);
  for (NoisyObjective* o : {&noisy, &replay}) {
    std::size_t at = 7 * 3;
    for (int k = 7; k < 20; ++k) {
      o->set_step(k);
      for (int e = 0; e < 3; ++e) {
        theta << 0.1 * k, -0.05 * e;
        o->value_and_gradient(theta, g);
        CHECK(g == first[at++]);
      }
    }
  }
  // Another seed gives other noise.
  NoisyObjective other(*surface, 2.0, 100);
  other.set_step(0);
  theta << 0, 0;
  other.value_and_gradient(theta, g);
  CHECK(g != first[0]);
}
