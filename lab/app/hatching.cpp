#include "lab/app/hatching.hpp"

#include <algorithm>
#include <cmath>

namespace lab::app {

Color8 hatch_pixel(int px, int py) {
  constexpr int kPeriod = 12, kStripe = 3;  // pixels
  const bool stripe = ((px + py) % kPeriod + kPeriod) % kPeriod < kStripe;
  return stripe ? Color8{120, 120, 120} : Color8{24, 24, 28};
}

bool has_undefined(const Field& field) {
  return std::any_of(field.z.begin(), field.z.end(), [](double z) { return std::isnan(z); });
}

}  // namespace lab::app
