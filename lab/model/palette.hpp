// lab/model/palette.hpp — the trajectories' colors.
//
// Twelve colors that stay apart on a washed-out projector and for color-blind
// viewers: the Okabe–Ito set first (chosen to be told apart with
// deuteranopia, protanopia and tritanopia), then five of Paul Tol's muted
// tones picked to stay as far as possible from them under the same three
// simulations. None is white or light grey: white is the contour lines'
// color. Every trajectory is also drawn over a dark outline, so even yellow
// on the colormap's yellow reads.
//
// Colors follow the optimizer, not its row: each optimizer has its own color
// (the i-th optimizer of optim::optimizers() gets palette_color(i)), so
// Momentum is the same blue in every preset. A second runner of the same
// optimizer takes the first free color instead.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lab::model {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  bool operator==(const Rgb&) const = default;
};

inline constexpr int kPaletteSize = 12;

// The i-th palette color, cycling past the end.
Rgb palette_color(int i);
// The first palette color not in `used` (or cycling when all are taken).
Rgb next_free_color(const std::vector<Rgb>& used);
// The optimizer's own color, or the next free one when `used` holds it.
Rgb optimizer_color(std::string_view optimizer, const std::vector<Rgb>& used);

// "#e69f00" and back. parse_hex throws std::invalid_argument on bad text.
std::string to_hex(Rgb c);
Rgb parse_hex(std::string_view text);

}  // namespace lab::model
