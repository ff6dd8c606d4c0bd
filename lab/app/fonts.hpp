// lab/app/fonts.hpp — crisp fonts at every UI scale, with the course's symbols.
//
// DejaVu Sans (text), DejaVu Sans Mono (numbers in the inspector) and DejaVu
// Sans Bold (titles), rasterized at 18 px × scale; Greek, arrows, operators,
// sub- and superscripts included, so θ ← θ − ε·m̂/√(ŝ + eps) reads as taught.
// Changing the scale rebuilds the atlas between frames.
#pragma once

struct ImFont;

namespace lab::app {

struct Fonts {
  ImFont* text = nullptr;
  ImFont* mono = nullptr;
  ImFont* title = nullptr;
  bool from_ttf = false;  // false: DejaVu not found, ImGui's built-in font
};

inline constexpr float kBaseFontPx = 18.0f;

// Rebuilds the atlas (and, once a renderer is up, its texture) at `scale`,
// and scales the style's sizes to match.
Fonts load_fonts(float scale, bool renderer_ready);

}  // namespace lab::app
