// lab/app/screen_paths.hpp — each runner's path on the surface canvas, in
// pixels, kept from frame to frame.
//
// A race at the history cap holds 100,000 steps a runner. Mapping every one
// to the screen each frame took most of a frame in itself; the paths change
// far less often than that. A path here is remembered with the runner's
// history epoch and the canvas mapping it was computed for: while both stay,
// a frame maps only the steps recorded since (playback) or cuts the path back
// (the cursor moved back), and only a new history or a new view (pan, zoom,
// resize) maps the whole path again.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <vector>

#include "lab/model/experiment.hpp"
#include "scenes/surface.hpp"

namespace lab::app {

struct Mapping;

class ScreenPaths {
 public:
  // Points closer than this (pixels) to the last one kept are left out.
  static constexpr float kMinGap = 3.0f;

  // Runner `index` of e, steps 0 … `last`, on canvas m: its θ in pixels (each
  // through Mapping::clamp), without points closer
  // than kMinGap to the last one kept, but always with step `last`; the path
  // stops before the first non-finite θ. The reference stays valid until the
  // next call.
  const std::vector<ImVec2>& path(const model::Experiment& e, std::size_t index, std::int64_t last, const Mapping& m);

 private:
  struct Entry {
    std::uint64_t epoch = 0;
    ImVec2 origin{}, size{};
    scenes::View window{};
    // Steps 0 … done were looked at; kept[i] is step kept_step[i]'s point.
    std::int64_t done = -1;
    bool stopped = false;  // a non-finite θ at or before `done`
    std::vector<ImVec2> kept;
    std::vector<std::int64_t> kept_step;
    std::vector<ImVec2> shown;  // kept, and step `last` when it is not among them
  };
  std::vector<Entry> entries_;  // by runner index
};

}  // namespace lab::app
