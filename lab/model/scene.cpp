#include "lab/model/scene.hpp"

#include <cmath>
#include <stdexcept>

#include "scenes/formula_surface.hpp"

namespace lab::model {

std::unique_ptr<scenes::Surface> build_surface(const SceneSpec& spec) {
  if (!(spec.noise >= 0) || !std::isfinite(spec.noise))
    throw std::invalid_argument("gradient noise σ must be a number ≥ 0");
  if (!spec.formula.empty()) return std::make_unique<scenes::FormulaSurface>(spec.formula);
  return scenes::make_surface(spec.surface);
}

}  // namespace lab::model
