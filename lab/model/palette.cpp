#include "lab/model/palette.hpp"

#include <array>
#include <cstdio>
#include <stdexcept>

namespace lab::model {

namespace {
constexpr std::array<Rgb, kPaletteSize> kPalette = {{
    {0xE6, 0x9F, 0x00},  // orange
    {0x56, 0xB4, 0xE9},  // sky blue
    {0x00, 0x9E, 0x73},  // bluish green
    {0xF0, 0xE4, 0x42},  // yellow
    {0xD5, 0x5E, 0x00},  // vermillion
    {0xCC, 0x79, 0xA7},  // reddish purple
    {0xFF, 0xFF, 0xFF},  // white
    {0x00, 0x72, 0xB2},  // blue
    {0xBB, 0xBB, 0xBB},  // light grey
    {0x44, 0xAA, 0x99},  // teal
    {0x99, 0x99, 0x33},  // olive
    {0x88, 0x22, 0x55},  // wine
}};
}  // namespace

Rgb palette_color(int i) {
  const int n = kPaletteSize;
  return kPalette[static_cast<std::size_t>(((i % n) + n) % n)];
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
