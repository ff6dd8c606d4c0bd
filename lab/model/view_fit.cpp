#include "lab/model/view_fit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lab::model {

scenes::View fit_view_to_paths(const Experiment& e, std::int64_t last, double margin) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  double x0 = inf, x1 = -inf, y0 = inf, y1 = -inf;
  auto take = [&](const Eigen::Vector2d& p) {
    if (!std::isfinite(p.x()) || !std::isfinite(p.y())) return;
    x0 = std::min(x0, p.x()), x1 = std::max(x1, p.x());
    y0 = std::min(y0, p.y()), y1 = std::max(y1, p.y());
  };
  for (std::size_t i = 0; i < e.runners().size(); ++i) {
    const Runner& r = e.runner(i);
    if (!r.enabled) continue;
    take(e.runner_start(i));
    for (std::int64_t k = 0; k <= std::min(last, r.head()); ++k) take(r.at(k).theta);
  }
  if (!(x0 <= x1)) take(e.start());  // no runner: the start alone
  const double floor = std::max(1e-3, 0.1 * std::max(x1 - x0, y1 - y0));
  auto widen = [&](double& lo, double& hi) {
    const double size = std::max(hi - lo, floor);
    const double mid = 0.5 * (lo + hi);
    lo = mid - (0.5 + margin) * size;
    hi = mid + (0.5 + margin) * size;
  };
  widen(x0, x1);
  widen(y0, y1);
  return scenes::View{x0, x1, y0, y1};
}

}  // namespace lab::model
