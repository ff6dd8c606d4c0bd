// lab/app/polyline_pieces.hpp — what of a long polyline is worth drawing.
//
// A path of 100,000 steps costs a software rasterizer (llvmpipe) for every
// vertex, and most such paths do not show 100,000 different things:
//  - steps crowd together: near a minimum, thousands of points fall within
//    a pixel of each other;
//  - steps repeat: a constant-step method that ends bouncing across a valley
//    (RMSProp, SGD with a large ε) jumps many pixels each step, forever over
//    the same few pixels. Its last 99,000 segments are drawn over its first
//    thousand.
// polyline_pieces keeps what a viewer can see: it merges points closer than
// `min_step` to the last one kept, and leaves out a segment whose two ends
// fall in the same cells (squares of side `cell`) as a segment already kept.
// What is left is drawn as pieces: a segment left out ends one piece, and the
// next piece starts where it ended.
#pragma once

#include <imgui.h>

#include <vector>

namespace lab::app {

struct PolylinePieces {
  std::vector<ImVec2> points;
  // Piece k is points[starts[k]] … points[starts[k + 1] − 1] (the last piece
  // runs to the end); every piece has at least two points.
  std::vector<int> starts;

  int piece_count() const { return static_cast<int>(starts.size()); }
  int piece_size(int k) const {
    const int end = k + 1 < piece_count() ? starts[static_cast<std::size_t>(k) + 1] : static_cast<int>(points.size());
    return end - starts[static_cast<std::size_t>(k)];
  }
};

// The pieces of points[0 … count−1]. The first and last points, and the
// last segment, are always drawn. A non-finite point is kept as it is, and never counts as drawn before.
// Repeats are found through a fixed table of recent segments (no allocation
// per segment): a repeat the table has forgotten is drawn again, which costs
// time, never a wrong picture.
PolylinePieces polyline_pieces(const ImVec2* points, int count, float min_step, float cell);

}  // namespace lab::app
