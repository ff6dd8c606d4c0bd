// lab/app/field.hpp — the surface sampled on a grid: heatmap pixels and
// contour lines, rebuilt only when the scene or the window changes.
//
//   z = log₁₀(f − f_lo + δ),  δ = 10⁻³·(f_hi − f_lo) + 10⁻¹²
// f_lo, f_hi the lowest and highest f on the grid; the colors and the
// contour levels are spaced evenly in z, so a valley's floor and its walls
// both show detail. The picture is painted at the canvas's pixel size with
// the contour lines burnt in (a pixel whose contour band differs from its
// right or lower neighbour's is lightened), so the view draws one textured
// quad however many contours there are. No ImGui here: plain arrays.
#pragma once

#include <cstdint>
#include <vector>

#include "scenes/surface.hpp"

namespace lab::app {

struct Field {
  scenes::View window;             // what the grid covers
  int nx = 0, ny = 0;              // samples; row 0 is the top (y_max)
  std::vector<double> z;           // log-scaled values, nx·ny
  int width = 0, height = 0;       // the picture, pixels
  std::vector<std::uint8_t> rgba;  // colormapped pixels with contours, width·height·4
  double z_lo = 0, z_hi = 1;       // z range on the grid
  double f_lo = 0, delta = 1;      // f = 10^z + f_lo − δ
  std::vector<double> levels;      // contour levels (z)

  double z_of(double f) const;  // the log scale, for any f
  double f_of(double z) const;  // its inverse, for the legend
  double t_of(double f) const;  // f → colormap position in [0, 1]
};

// Samples `surface` over `window` at nx × ny points (≥ 2 each) and paints a
// width × height picture (contour_levels lines; 0 for none).
Field build_field(const scenes::Surface& surface, const scenes::View& window, int nx, int ny, int contour_levels,
                  int width, int height);

// The same picture from samples already computed (the loss over a plane of
// weight space): f holds nx × ny values, row 0 at window.y_max, as above.
// Throws std::invalid_argument when the sizes disagree.
Field build_field_from_samples(const std::vector<double>& f, const scenes::View& window, int nx, int ny,
                               int contour_levels, int width, int height);

}  // namespace lab::app
