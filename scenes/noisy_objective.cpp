#include "scenes/noisy_objective.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace scenes {

namespace {

// splitmix64's output function (Steele, Lea & Flood 2014): a bijective mix
// of 64 bits with good avalanche.
std::uint64_t mix(std::uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

NoisyObjective::NoisyObjective(optim::Objective<double>& inner, double sigma, std::uint64_t seed)
    : inner_(inner), sigma_(0), seed_(seed) {
  set_sigma(sigma);
}

void NoisyObjective::set_sigma(double sigma) {
  if (!(sigma >= 0) || !std::isfinite(sigma))
    throw std::invalid_argument("gradient noise sigma must be finite and >= 0, got " + std::to_string(sigma));
  sigma_ = sigma;
}

double NoisyObjective::standard_normal(std::uint64_t seed, std::int64_t step, std::int64_t evaluation,
                                       std::int64_t component) {
  std::uint64_t h = mix(seed);
  h = mix(h ^ static_cast<std::uint64_t>(step));
  h = mix(h ^ static_cast<std::uint64_t>(evaluation));
  h = mix(h ^ static_cast<std::uint64_t>(component));
  constexpr double kUnit = 0x1.0p-53;
  const double u1 = static_cast<double>((mix(h + 1) >> 11) + 1) * kUnit;  // (0, 1]
  const double u2 = static_cast<double>(mix(h + 2) >> 11) * kUnit;        // [0, 1)
  return std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
}

double NoisyObjective::value_and_gradient(const optim::Vec<double>& theta, optim::Vec<double>& g) {
  const double f = inner_.value_and_gradient(theta, g);
  if (sigma_ > 0)
    for (Eigen::Index i = 0; i < g.size(); ++i) g[i] += sigma_ * standard_normal(seed_, step_, evaluation_, i);
  ++evaluation_;
  return f;
}

}  // namespace scenes
