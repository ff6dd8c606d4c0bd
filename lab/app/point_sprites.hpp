// lab/app/point_sprites.hpp — point markers drawn as textured quads.
//
// Every marker of marker_pictures.hpp, painted at the current UI scale into
// one texture (an atlas, a row of pictures). A point is then one quad of four
// vertices instead of ImGui's anti-aliased circles (two dozen or more each),
// so eight panels of a few hundred points cost little even where OpenGL is
// a software rasterizer.
#pragma once

#include <imgui.h>

#include <array>

#include "lab/app/field_texture.hpp"
#include "lab/app/marker_pictures.hpp"

namespace lab::app {

class PointSprites {
 public:
  // Paints and uploads the atlas when the scale differs from the last one's.
  // Needs the GL context; call from the frame, before add().
  void prepare(float scale);

  // The marker with its middle pixel on the pixel under q, multiplied by
  // `tint` (white leaves it as painted).
  void add(ImDrawList* list, ImVec2 q, Marker marker, ImU32 tint = IM_COL32_WHITE) const;

 private:
  OwnedTexture atlas_;
  float scale_ = 0;
  int size_ = 0;                              // one picture's side in pixels
  std::array<int, kMarkers.size()> reach_{};  // marker_reach of each, at scale_
};

}  // namespace lab::app
