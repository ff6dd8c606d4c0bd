#include "scenes/surface.hpp"

#include <stdexcept>

#include "scenes/builtin_surfaces.hpp"

namespace scenes {

double Surface::value_gradient(double x, double y, Eigen::Vector2d& g) const {
  g = gradient(x, y);
  return value(x, y);
}

double Surface::value_and_gradient(const optim::Vec<double>& theta, optim::Vec<double>& g) {
  Eigen::Vector2d g2;
  const double f = value_gradient(theta[0], theta[1], g2);
  g.resize(2);
  g[0] = g2[0];
  g[1] = g2[1];
  return f;
}

void Surface::hessian(const optim::Vec<double>& theta, optim::Mat<double>& H) {
  const Eigen::Matrix2d h = hessian(theta[0], theta[1]);
  H.resize(2, 2);  // element by element: GCC 12 misreads a vectorized 2×2 → n×n copy (-Warray-bounds)
  H(0, 0) = h(0, 0);
  H(0, 1) = h(0, 1);
  H(1, 0) = h(1, 0);
  H(1, 1) = h(1, 1);
}

namespace {

struct Entry {
  const char* name;
  std::unique_ptr<Surface> (*make)();
};

// Menu order: the course's surfaces and small networks first, then the classic benchmarks.
constexpr Entry kSurfaces[] = {
    {"rosenbrock", make_rosenbrock},
    {"quadratic_valley", make_quadratic_valley},
    {"saddle", make_saddle},
    {"monkey_saddle", make_monkey_saddle},
    {"double_well", make_double_well},
    {"neuron", make_neuron},
    {"tiny_net", make_tiny_net},
    {"beale", make_beale},
    {"booth", make_booth},
    {"himmelblau", make_himmelblau},
    {"six_hump_camel", make_six_hump_camel},
    {"goldstein_price", make_goldstein_price},
    {"rastrigin", make_rastrigin},
    {"ackley", make_ackley},
};

}  // namespace

std::vector<std::string> surface_names() {
  std::vector<std::string> names;
  for (const Entry& e : kSurfaces) names.emplace_back(e.name);
  return names;
}

std::unique_ptr<Surface> make_surface(std::string_view name) {
  for (const Entry& e : kSurfaces)
    if (name == e.name) return e.make();
  std::string known;
  for (const Entry& e : kSurfaces) known += (known.empty() ? "" : ", ") + std::string(e.name);
  throw std::invalid_argument("unknown surface '" + std::string(name) + "' (known: " + known + ")");
}

}  // namespace scenes
