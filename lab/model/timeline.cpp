#include "lab/model/timeline.hpp"

#include <algorithm>
#include <cmath>

namespace lab::model {

void Timeline::set_speed(double s) {
  if (!std::isfinite(s)) return;
  speed_ = std::clamp(s, kMinSpeed, kMaxSpeed);
}

std::int64_t Timeline::due(double dt) {
  if (!playing_ || !(dt > 0)) return 0;
  carry_ += speed_ * std::min(dt, 0.25);  // a stalled frame does not jump ahead
  const double whole = std::floor(carry_);
  carry_ -= whole;
  return static_cast<std::int64_t>(whole);
}

}  // namespace lab::model
