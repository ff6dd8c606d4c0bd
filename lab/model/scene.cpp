#include "lab/model/scene.hpp"

#include <cmath>
#include <stdexcept>

#include "scenes/formula_surface.hpp"

namespace lab::model {

namespace {

// splitmix64: a tiny, well-mixed hash from (seed, step, call, coordinate).
std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// A uniform number in (0, 1).
double uniform(std::uint64_t bits) {
  return (static_cast<double>(bits >> 11) + 0.5) * 0x1.0p-53;
}

}  // namespace

std::unique_ptr<scenes::Surface> build_surface(const SceneSpec& spec) {
  if (!(spec.noise >= 0) || !std::isfinite(spec.noise))
    throw std::invalid_argument("gradient noise σ must be a number ≥ 0");
  if (!spec.formula.empty()) return std::make_unique<scenes::FormulaSurface>(spec.formula);
  return scenes::make_surface(spec.surface);
}

double NoisyObjective::value_and_gradient(const optim::Vec<double>& theta, optim::Vec<double>& g) {
  const double f = surface_.value_and_gradient(theta, g);
  if (sigma_ > 0) {
    const std::uint64_t key = mix(mix(mix(seed_) ^ static_cast<std::uint64_t>(step_)) ^ call_);
    for (Eigen::Index i = 0; i < g.size(); i += 2) {
      // Box–Muller: two standard normals from two uniforms.
      const std::uint64_t k = mix(key + static_cast<std::uint64_t>(i));
      const double r = std::sqrt(-2.0 * std::log(uniform(k)));
      const double a = 2.0 * M_PI * uniform(mix(k));
      g[i] += sigma_ * r * std::cos(a);
      if (i + 1 < g.size()) g[i + 1] += sigma_ * r * std::sin(a);
    }
  }
  ++call_;
  return f;
}

}  // namespace lab::model
