#include "lab/app/marker_pictures.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace lab::app {

namespace {

// Marker geometry at UI scale s, as the panels drew it with ImGui's circles and lines.
struct Geometry {
  float dot, rim;          // disc radii
  float ring, ring_width;  // the ring's radius and stroke
  float outline_width;     // the ring's outline stroke
  float arm, cross_width;  // the ✕: half-diagonal extent and the red stroke
  float cross_edge_width;  // the white stroke under the red
  explicit Geometry(float s)
      : dot(4 * s),
        rim(5.2f * s),
        ring(5.5f * s),
        ring_width(2 * s),
        outline_width(4 * s),
        arm(6.5f * s),
        cross_width(2 * s),
        cross_edge_width(4 * s) {}
};

// Distance from p to the segment from −(arm, arm·k) to (arm, arm·k), k = ±1.
float distance_to_diagonal(float x, float y, float arm, float k) {
  // Project onto the diagonal's direction (1, k)/√2 and clamp to its length.
  const float half_length = arm * std::sqrt(2.0f);
  const float along = std::clamp((x + k * y) / std::sqrt(2.0f), -half_length, half_length);
  const float dx = x - along / std::sqrt(2.0f), dy = y - k * along / std::sqrt(2.0f);
  return std::hypot(dx, dy);
}

// The share of pixel (i, j)'s 4 × 4 samples inside `shape` (coordinates
// relative to the picture's centre, y down).
float coverage(int i, int j, float centre, const std::function<bool(float, float)>& inside) {
  int hits = 0;
  for (int a = 0; a < 4; ++a)
    for (int b = 0; b < 4; ++b) {
      const float x = static_cast<float>(i) + (static_cast<float>(a) + 0.5f) / 4 - centre;
      const float y = static_cast<float>(j) + (static_cast<float>(b) + 0.5f) / 4 - centre;
      hits += inside(x, y) ? 1 : 0;
    }
  return static_cast<float>(hits) / 16.0f;
}

unsigned char byte(float v) {
  return static_cast<unsigned char>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255));
}

}  // namespace

int marker_reach(Marker marker, float scale) {
  const Geometry g(scale);
  float r = 0;
  switch (marker) {
    case Marker::Dot:
      r = g.dot;
      break;
    case Marker::DotRim:
      r = g.rim;
      break;
    case Marker::Ring:
      r = g.ring + g.ring_width / 2;
      break;
    case Marker::RingOutline:
      r = g.ring + g.outline_width / 2;
      break;
    case Marker::Cross:
      r = g.arm + g.cross_edge_width / 2;
      break;  // the strokes' ends, beyond the arms
  }
  return static_cast<int>(std::ceil(r + 1));
}

int marker_picture_size(float scale) {
  int reach = 0;
  for (Marker m : kMarkers) reach = std::max(reach, marker_reach(m, scale));
  return 2 * reach + 1;
}

std::vector<unsigned char> paint_marker(Marker marker, float scale) {
  const Geometry g(scale);
  const int size = marker_picture_size(scale);
  const float centre = static_cast<float>(size) / 2;  // the middle pixel's centre
  std::vector<unsigned char> rgba(static_cast<std::size_t>(size) * static_cast<std::size_t>(size) * 4, 0);

  auto disc = [](float radius) { return [radius](float x, float y) { return std::hypot(x, y) <= radius; }; };
  auto ring = [](float radius, float width) {
    return [=](float x, float y) { return std::abs(std::hypot(x, y) - radius) <= width / 2; };
  };
  auto cross = [&g](float width) {
    return [&g, width](float x, float y) {
      return std::min(distance_to_diagonal(x, y, g.arm, 1), distance_to_diagonal(x, y, g.arm, -1)) <= width / 2;
    };
  };

  for (int j = 0; j < size; ++j)
    for (int i = 0; i < size; ++i) {
      float r = 1, gr = 1, b = 1, alpha = 0;
      switch (marker) {
        case Marker::Dot:
          alpha = coverage(i, j, centre, disc(g.dot));
          break;
        case Marker::DotRim:
          alpha = coverage(i, j, centre, disc(g.rim));
          break;
        case Marker::Ring:
          alpha = coverage(i, j, centre, ring(g.ring, g.ring_width));
          break;
        case Marker::RingOutline:
          alpha = coverage(i, j, centre, ring(g.ring, g.outline_width));
          break;
        case Marker::Cross: {
          // Red (200, 0, 0) over white, composited here: premultiplied, then divided back.
          const float red = coverage(i, j, centre, cross(g.cross_width));
          const float white = coverage(i, j, centre, cross(g.cross_edge_width));
          alpha = red + white * (1 - red);
          if (alpha > 0) {
            r = (red * 200.0f / 255.0f + white * (1 - red)) / alpha;
            gr = b = white * (1 - red) / alpha;
          }
          break;
        }
      }
      unsigned char* p =
          &rgba[(static_cast<std::size_t>(j) * static_cast<std::size_t>(size) + static_cast<std::size_t>(i)) * 4];
      p[0] = byte(r), p[1] = byte(gr), p[2] = byte(b), p[3] = byte(alpha);
    }
  return rgba;
}

}  // namespace lab::app
