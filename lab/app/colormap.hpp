// lab/app/colormap.hpp — the heatmap's colors.
//
// A perceptually uniform, color-blind-safe ramp from dark blue-violet (low f)
// through teal and green to yellow (high f): matplotlib's viridis, sampled at
// eleven stops and interpolated linearly. Lightness rises monotonically, so
// the picture reads in grey on a washed-out projector too.
#pragma once

#include <cstdint>

namespace lab::app {

struct Color8 {
  std::uint8_t r, g, b;
};

// t in [0, 1] (clamped) → color.
Color8 colormap(double t);

}  // namespace lab::app
