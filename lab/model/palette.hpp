// lab/model/palette.hpp — the trajectories' colors.
//
// Twelve colors that stay apart on a washed-out projector and for color-blind
// viewers: the Okabe–Ito set first (safe for deuteranopia, protanopia and
// tritanopia), then white and Paul Tol's muted tones. Every trajectory is also
// drawn over a dark outline, so even yellow on the colormap's yellow reads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lab::model {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  bool operator==(const Rgb&) const = default;
};

inline constexpr int kPaletteSize = 12;

// The i-th palette color, cycling past the end.
Rgb palette_color(int i);
// The first palette color not in `used` (or cycling when all are taken).
template <class Colors>
Rgb next_free_color(const Colors& used) {
  for (int i = 0; i < kPaletteSize; ++i) {
    bool taken = false;
    for (const Rgb& c : used) taken = taken || c == palette_color(i);
    if (!taken) return palette_color(i);
  }
  return palette_color(static_cast<int>(used.size()));
}

// "#e69f00" and back. parse_hex throws std::invalid_argument on bad text.
std::string to_hex(Rgb c);
Rgb parse_hex(std::string_view text);

}  // namespace lab::model
