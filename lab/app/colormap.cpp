#include "lab/app/colormap.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace lab::app {

namespace {
// viridis at t = 0, 0.1, …, 1.
constexpr std::array<Color8, 11> kStops = {{{0x44, 0x01, 0x54},
                                            {0x48, 0x28, 0x78},
                                            {0x3E, 0x4A, 0x89},
                                            {0x31, 0x68, 0x8E},
                                            {0x26, 0x82, 0x8E},
                                            {0x1F, 0x9E, 0x89},
                                            {0x35, 0xB7, 0x79},
                                            {0x6D, 0xCD, 0x59},
                                            {0xB4, 0xDE, 0x2C},
                                            {0xDB, 0xE3, 0x1C},
                                            {0xFD, 0xE7, 0x25}}};
}  // namespace

Color8 colormap(double t) {
  if (!std::isfinite(t)) t = 1;
  t = std::clamp(t, 0.0, 1.0) * (kStops.size() - 1);
  const auto i = std::min<std::size_t>(static_cast<std::size_t>(t), kStops.size() - 2);
  const double u = t - static_cast<double>(i);
  auto mix = [&](std::uint8_t a, std::uint8_t b) { return static_cast<std::uint8_t>(std::lround(a + (b - a) * u)); };
  return {mix(kStops[i].r, kStops[i + 1].r), mix(kStops[i].g, kStops[i + 1].g), mix(kStops[i].b, kStops[i + 1].b)};
}

}  // namespace lab::app
