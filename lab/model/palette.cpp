#include "lab/model/palette.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>

#include "optim/registry.hpp"

namespace lab::model {

namespace {
// In the order of optim::optimizers(): SGD orange, Momentum sky blue,
// Nesterov bluish green, AdaGrad yellow, RMSProp violet, Adam reddish
// purple, CG wine, BFGS blue, DFP olive, Newton sand, AdamW purple, AMSGrad green.
// Mostly Okabe–Ito's colour-blind-safe set; RMSProp is violet rather than
// its vermillion, which a projector makes hard to tell from SGD's orange,
// and SGD, RMSProp and Adam race together in many lessons.
constexpr std::array<Rgb, kPaletteSize> kPalette = {{
    {0xE6, 0x9F, 0x00},  // orange (Okabe–Ito)
    {0x56, 0xB4, 0xE9},  // sky blue (Okabe–Ito)
    {0x00, 0x9E, 0x73},  // bluish green (Okabe–Ito)
    {0xF0, 0xE4, 0x42},  // yellow (Okabe–Ito)
    {0xA0, 0x8C, 0xFF},  // violet
    {0xCC, 0x79, 0xA7},  // reddish purple (Okabe–Ito)
    {0x88, 0x22, 0x55},  // wine (Tol)
    {0x00, 0x72, 0xB2},  // blue (Okabe–Ito)
    {0x99, 0x99, 0x33},  // olive (Tol)
    {0xDD, 0xCC, 0x77},  // sand (Tol)
    {0xAA, 0x44, 0x99},  // purple (Tol)
    {0x11, 0x77, 0x33},  // green (Tol)
}};
}  // namespace

Rgb palette_color(int i) {
  const int n = kPaletteSize;
  return kPalette[static_cast<std::size_t>(((i % n) + n) % n)];
}

Rgb next_free_color(const std::vector<Rgb>& used) {
  for (int i = 0; i < kPaletteSize; ++i)
    if (std::find(used.begin(), used.end(), palette_color(i)) == used.end()) return palette_color(i);
  return palette_color(static_cast<int>(used.size()));
}

Rgb optimizer_color(std::string_view optimizer, const std::vector<Rgb>& used) {
  const auto& all = optim::optimizers();
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i].name != optimizer) continue;
    const Rgb own = palette_color(static_cast<int>(i));
    if (std::find(used.begin(), used.end(), own) == used.end()) return own;
  }
  return next_free_color(used);
}

std::string to_hex(Rgb c) {
  char text[8];
  std::snprintf(text, sizeof text, "#%02x%02x%02x", c.r, c.g, c.b);
  return text;
}

Rgb parse_hex(std::string_view text) {
  auto bad = [&] { return std::invalid_argument("bad color '" + std::string(text) + "': expected #rrggbb"); };
  if (text.size() != 7 || text[0] != '#') throw bad();
  auto nibble = [&](char ch) -> int {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    throw bad();
  };
  auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(nibble(text[i]) * 16 + nibble(text[i + 1])); };
  return Rgb{byte(1), byte(3), byte(5)};
}

}  // namespace lab::model
