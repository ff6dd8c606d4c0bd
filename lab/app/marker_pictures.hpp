// lab/app/marker_pictures.hpp — the data panels' point markers, painted as pixels.
//
// A network scene's panels show every data point in every optimizer's panel,
// hundreds of anti-aliased circles each, every frame. Drawn as ImGui circles
// they are most of the vertices a software rasterizer (Xvfb's llvmpipe, a
// classroom laptop without a GPU driver) has to push. Painted once per UI
// scale, a marker is one textured quad instead (point_sprites.hpp).
//
// Each picture is size × size RGBA bytes, top row first, not premultiplied
// (ImGui blends with SRC_ALPHA), its shape centred on the middle pixel's
// centre. White parts are meant to be tinted: a dot takes its class colour.
// Edges are anti-aliased by 4 × 4 samples per pixel.
#pragma once

#include <array>
#include <vector>

namespace lab::app {

enum class Marker {
  Dot,          // a training point: a disc of radius 4·s (tint: the class colour)
  DotRim,       // the white rim under it, radius 5.2·s
  Ring,         // a test point: a ring of radius 5.5·s, 2·s wide (tint: the class colour)
  RingOutline,  // the dark outline under it, 4·s wide (tint: black)
  Cross,        // a mistake: a red ✕ edged in white, arms of 6.5·s (not tinted)
};
inline constexpr std::array<Marker, 5> kMarkers = {Marker::Dot, Marker::DotRim, Marker::Ring, Marker::RingOutline,
                                                   Marker::Cross};

// The pixels every marker's picture spans at UI scale s: odd, so that the
// middle pixel is the point's.
int marker_picture_size(float scale);

// How many pixels the marker reaches from the middle pixel, its fringe
// included: drawing only those 2·r + 1 keeps a small dot's quad small.
int marker_reach(Marker marker, float scale);

// size × size × 4 bytes, size = marker_picture_size(scale).
std::vector<unsigned char> paint_marker(Marker marker, float scale);

}  // namespace lab::app
