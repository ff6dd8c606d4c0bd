#include "lab/app/point_sprites.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace lab::app {

void PointSprites::prepare(float scale) {
  if (atlas_.id() && scale == scale_) return;
  scale_ = scale;
  size_ = marker_picture_size(scale);
  const auto size = static_cast<std::size_t>(size_);
  const std::size_t width = size * kMarkers.size();
  std::vector<unsigned char> atlas(width * size * 4);
  for (std::size_t m = 0; m < kMarkers.size(); ++m) {
    const std::vector<unsigned char> picture = paint_marker(kMarkers[m], scale);
    reach_[m] = marker_reach(kMarkers[m], scale);
    for (std::size_t row = 0; row < size; ++row)
      std::memcpy(&atlas[(row * width + m * size) * 4], &picture[row * size * 4], size * 4);
  }
  // Nearest: each quad lands on whole pixels, so a texel is a pixel.
  upload_rgba_texture(atlas_.id(), atlas.data(), static_cast<int>(width), size_, true);
}

void PointSprites::add(ImDrawList* list, ImVec2 q, Marker marker, ImU32 tint) const {
  if (!atlas_.id()) return;
  // The marker's own square around the middle pixel: its reach on each side.
  const auto m = static_cast<std::size_t>(marker);
  const int middle = size_ / 2, reach = reach_[m];
  const ImVec2 a(std::floor(q.x) - static_cast<float>(reach), std::floor(q.y) - static_cast<float>(reach));
  const ImVec2 b(a.x + static_cast<float>(2 * reach + 1), a.y + static_cast<float>(2 * reach + 1));
  const float width = static_cast<float>(size_ * static_cast<int>(kMarkers.size())), height = static_cast<float>(size_);
  const float x0 = static_cast<float>(static_cast<int>(m) * size_ + middle - reach);
  const float y0 = static_cast<float>(middle - reach);
  const float side = static_cast<float>(2 * reach + 1);
  list->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(atlas_.id())), a, b,
                 ImVec2(x0 / width, y0 / height), ImVec2((x0 + side) / width, (y0 + side) / height), tint);
}

}  // namespace lab::app
