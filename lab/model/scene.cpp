#include "lab/model/scene.hpp"

#include <cmath>
#include <stdexcept>

#include "scenes/formula_surface.hpp"

namespace lab::model {

namespace {

bool same_data(const scenes::DatasetSpec& a, const scenes::DatasetSpec& b) {
  return a.name == b.name && a.points == b.points && a.noise == b.noise && a.test_fraction == b.test_fraction &&
         a.classes == b.classes && a.seed == b.seed;
}

bool same_model(const scenes::MlpSpec& a, const scenes::MlpSpec& b) {
  return a.hidden == b.hidden && a.activation == b.activation && a.features == b.features && a.l2 == b.l2 &&
         a.batch_size == b.batch_size && a.init_seed == b.init_seed && a.batch_seed == b.batch_seed;
}

bool same_points(const scenes::NetworkDataset* a, const scenes::NetworkDataset* b) {
  if (a == b) return true;
  if (a == nullptr || b == nullptr) return false;
  return a->name == b->name && a->inputs == b->inputs && a->classes == b->classes && a->train_x == b->train_x &&
         a->train_y == b->train_y && a->test_x == b->test_x && a->test_y == b->test_y;
}

}  // namespace

bool NetworkSpec::operator==(const NetworkSpec& other) const {
  return same_data(data, other.data) && same_model(model, other.model) && init_scale == other.init_scale &&
         same_points(points.get(), other.points.get());
}

std::unique_ptr<scenes::Surface> build_surface(const SceneSpec& spec) {
  if (!(spec.noise >= 0) || !std::isfinite(spec.noise))
    throw std::invalid_argument("gradient noise σ must be a number ≥ 0");
  if (!spec.formula.empty()) return std::make_unique<scenes::FormulaSurface>(spec.formula);
  return scenes::make_surface(spec.surface);
}

scenes::NetworkDataset build_dataset(const NetworkSpec& spec) {
  if (spec.points) return *spec.points;
  return scenes::make_dataset(spec.data);
}

std::unique_ptr<Problem> build_problem(const SceneSpec& spec) {
  if (spec.network && !(spec.network->init_scale >= 0 && spec.network->init_scale <= kMaxInitScale))
    throw std::invalid_argument("the initial weights' scale must be in [0, " + std::to_string(kMaxInitScale) + "]");
  if (spec.network)
    return std::make_unique<NetworkProblem>(
        std::make_unique<scenes::MlpProblem>(build_dataset(*spec.network), spec.network->model),
        spec.network->init_scale);
  auto surface = build_surface(spec);
  const scenes::View view = surface->view();
  return std::make_unique<SurfaceProblem>(std::move(surface), spec.noise, spec.seed, view);
}

}  // namespace lab::model
