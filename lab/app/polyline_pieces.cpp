#include "lab/app/polyline_pieces.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <memory>

namespace lab::app {

namespace {

// A segment as the unordered pair of the cells of its ends.
struct SegmentKey {
  std::uint64_t lo = 0, hi = 0;
  bool operator==(const SegmentKey&) const = default;
};

std::uint64_t cell_of(ImVec2 p, float cell) {
  // Clamped: a point farther than 2³⁰ cells away is off every screen.
  constexpr double kFar = 1 << 30;
  const auto coord = [&](float v) {
    return static_cast<std::uint32_t>(static_cast<std::int32_t>(std::clamp(std::floor(double{v} / cell), -kFar, kFar)));
  };
  return (std::uint64_t{coord(p.x)} << 32) | coord(p.y);
}

bool finite(ImVec2 p) {
  return std::isfinite(p.x) && std::isfinite(p.y);
}

// Direct-mapped: one slot per hash, a newer segment replaces an older one.
class RecentSegments {
 public:
  // True when `key` was seen before (and is still remembered); remembers it.
  bool seen(const SegmentKey& key) {
    std::uint64_t h = key.lo * 0x9E3779B97F4A7C15ull ^ (key.hi + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full;
    h ^= h >> 29;
    Slot& s = slots_[h & (kSlots - 1)];
    if (s.used && s.key == key) return true;
    s = {key, true};
    return false;
  }

 private:
  static constexpr std::size_t kSlots = 1 << 14;
  struct Slot {
    SegmentKey key;
    bool used = false;
  };
  std::array<Slot, kSlots> slots_{};
};

}  // namespace

PolylinePieces polyline_pieces(const ImVec2* points, int count, float min_step, float cell) {
  PolylinePieces out;
  if (count <= 0) return out;
  const auto recent = std::make_unique<RecentSegments>();
  // The piece being built starts at out.points[piece]; `last` is the last
  // point kept, drawn or not.
  std::size_t piece = 0;
  ImVec2 last = points[0];
  out.points.push_back(last);
  auto close_piece = [&] {
    if (out.points.size() - piece >= 2)
      out.starts.push_back(static_cast<int>(piece));
    else
      out.points.resize(piece);  // a lone point draws nothing
  };
  for (int i = 1; i < count; ++i) {
    const ImVec2 p = points[i];
    const float dx = p.x - last.x, dy = p.y - last.y;
    // "not closer" rather than "farther": a non-finite point is kept.
    if (i != count - 1 && dx * dx + dy * dy < min_step * min_step) continue;
    bool repeat = false;  // the last segment always stays: it ends where the path is now
    if (i != count - 1 && finite(p) && finite(last)) {
      const std::uint64_t a = cell_of(last, cell), b = cell_of(p, cell);
      repeat = recent->seen({std::min(a, b), std::max(a, b)});
    }
    if (repeat) {
      close_piece();
      piece = out.points.size();
    }
    out.points.push_back(p);
    last = p;
  }
  close_piece();
  return out;
}

}  // namespace lab::app
