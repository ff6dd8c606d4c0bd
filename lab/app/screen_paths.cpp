#include "lab/app/screen_paths.hpp"

#include <algorithm>
#include <cmath>

#include "lab/app/surface_view.hpp"

namespace lab::app {

namespace {

bool same_view(const scenes::View& a, const scenes::View& b) {
  return a.x_min == b.x_min && a.x_max == b.x_max && a.y_min == b.y_min && a.y_max == b.y_max;
}

}  // namespace

const std::vector<ImVec2>& ScreenPaths::path(const model::Experiment& e, std::size_t index, std::int64_t last,
                                             const Mapping& m) {
  if (entries_.size() != e.runners().size()) entries_.resize(e.runners().size());  // epochs tell who is who
  Entry& c = entries_[index];
  const model::Runner& r = e.runners()[index];
  const auto& history = r.history();
  last = std::min<std::int64_t>(last, static_cast<std::int64_t>(history.size()) - 1);
  const bool same = c.epoch == r.history_epoch() && c.origin.x == m.origin.x && c.origin.y == m.origin.y &&
                    c.size.x == m.size.x && c.size.y == m.size.y && same_view(c.window, m.window);
  if (!same) {
    c.epoch = r.history_epoch();
    c.origin = m.origin, c.size = m.size, c.window = m.window;
    c.done = -1, c.stopped = false;
    c.kept.clear(), c.kept_step.clear();
  } else if (c.done > last - 1) {
    // Back in time: what was kept up to a step depends on the steps before it only.
    const auto end = std::upper_bound(c.kept_step.begin(), c.kept_step.end(), last - 1);
    c.kept.resize(static_cast<std::size_t>(end - c.kept_step.begin()));
    c.kept_step.erase(end, c.kept_step.end());
    c.done = std::max<std::int64_t>(last - 1, -1);
    c.stopped = false;  // a non-finite θ was after done: not needed now
  }
  // Steps done + 1 … last − 1 by the rule; step `last` always, below.
  auto point = [&](std::int64_t k) {
    const auto& theta = history[static_cast<std::size_t>(k)].theta;
    return std::pair{std::isfinite(theta[0]) && std::isfinite(theta[1]), m.clamp(m.to_screen(theta[0], theta[1]))};
  };
  for (std::int64_t k = c.done + 1; k < last && !c.stopped; ++k) {
    const auto [finite, q] = point(k);
    if (!finite) {
      c.stopped = true;
      break;
    }
    c.done = k;
    if (!c.kept.empty()) {
      const float dx = q.x - c.kept.back().x, dy = q.y - c.kept.back().y;
      if (dx * dx + dy * dy < kMinGap * kMinGap) continue;
    }
    c.kept.push_back(q);
    c.kept_step.push_back(k);
  }
  c.shown = c.kept;
  if (!c.stopped && last >= 0) {
    if (const auto [finite, q] = point(last); finite) c.shown.push_back(q);
  }
  return c.shown;
}

}  // namespace lab::app
