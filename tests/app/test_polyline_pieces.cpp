// polyline_pieces: what of a long path the lab draws. Checked on the shapes
// optimizers make: a path that settles, one that ends in a cycle, a spiral
// that never repeats, and non-finite points.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <set>
#include <utility>
#include <vector>

#include "lab/app/polyline_pieces.hpp"

using lab::app::polyline_pieces;
using lab::app::PolylinePieces;

namespace {

int segment_count(const PolylinePieces& p) {
  int n = 0;
  for (int k = 0; k < p.piece_count(); ++k) n += p.piece_size(k) - 1;
  return n;
}

// Every segment of the input, as the unordered pair of its ends' 1-px cells.
using Cells = std::pair<std::pair<int, int>, std::pair<int, int>>;
Cells cells_of(ImVec2 a, ImVec2 b) {
  std::pair<int, int> ca{static_cast<int>(std::floor(a.x)), static_cast<int>(std::floor(a.y))};
  std::pair<int, int> cb{static_cast<int>(std::floor(b.x)), static_cast<int>(std::floor(b.y))};
  return ca < cb ? Cells{ca, cb} : Cells{cb, ca};
}

std::set<Cells> drawn_cells(const PolylinePieces& p) {
  std::set<Cells> out;
  for (int k = 0; k < p.piece_count(); ++k)
    for (int i = 1; i < p.piece_size(k); ++i) {
      const std::size_t at = static_cast<std::size_t>(p.starts[static_cast<std::size_t>(k)] + i);
      out.insert(cells_of(p.points[at - 1], p.points[at]));
    }
  return out;
}

}  // namespace

TEST_CASE("a path bouncing across a valley forever is drawn once", "[app][polyline]") {
  // Two walls 40 px apart, drifting 3 px along the valley for 50 steps, then
  // bouncing between the same two spots for 100,000 steps.
  std::vector<ImVec2> path;
  for (int k = 0; k < 100050; ++k) {
    const float x = 100.5f + 3.0f * static_cast<float>(std::min(k, 50));
    path.emplace_back(x, k % 2 ? 220.5f : 180.5f);
  }
  const PolylinePieces p = polyline_pieces(path.data(), static_cast<int>(path.size()), 0.5f, 1.0f);
  // The drift's 50 segments and the bounce's one.
  CHECK(segment_count(p) <= 52);
  CHECK(segment_count(p) >= 51);
  // Nothing the input drew is missing.
  std::set<Cells> wanted;
  for (std::size_t k = 1; k < path.size(); ++k) wanted.insert(cells_of(path[k - 1], path[k]));
  CHECK(drawn_cells(p) == wanted);
  REQUIRE(p.piece_count() >= 1);
  CHECK(p.points.front().x == path.front().x);
  CHECK(p.points.front().y == path.front().y);
}

TEST_CASE("a spiral that never repeats keeps every segment", "[app][polyline]") {
  std::vector<ImVec2> path;
  for (int k = 0; k < 3000; ++k) {
    const float r = 400.0f - 0.1f * static_cast<float>(k), t = 0.05f * static_cast<float>(k);
    path.emplace_back(500 + r * std::cos(t), 500 + r * std::sin(t));
  }
  const PolylinePieces p = polyline_pieces(path.data(), static_cast<int>(path.size()), 0.5f, 1.0f);
  CHECK(p.piece_count() == 1);
  CHECK(segment_count(p) == 2999);
  CHECK(p.points.back().x == path.back().x);
  CHECK(p.points.back().y == path.back().y);
}

TEST_CASE("points closer than the step merge; the last point stays", "[app][polyline]") {
  // 1,000 points 0.01 px apart, then one 10 px away, then 999 more 0.01 px apart.
  std::vector<ImVec2> path;
  for (int k = 0; k < 1000; ++k) path.emplace_back(10.0f + 0.01f * static_cast<float>(k), 10.0f);
  for (int k = 0; k < 1000; ++k) path.emplace_back(30.0f + 0.01f * static_cast<float>(k), 10.0f);
  const PolylinePieces p = polyline_pieces(path.data(), static_cast<int>(path.size()), 0.5f, 1.0f);
  REQUIRE(p.piece_count() == 1);
  // 0.01 px steps: one kept every 0.5 px, over 10 px and 10 px, and the jump.
  CHECK(p.points.size() >= 40);
  CHECK(p.points.size() <= 45);
  CHECK(p.points.back().x == path.back().x);
  for (std::size_t k = 1; k + 1 < p.points.size(); ++k)
    CHECK(std::hypot(p.points[k].x - p.points[k - 1].x, p.points[k].y - p.points[k - 1].y) >= 0.499f);
}

TEST_CASE("a repeat breaks the line into pieces that share no segment", "[app][polyline]") {
  // A, B, A, B, C: A→B, then B→A repeats A→B (either direction), A→B again, B→C new.
  const std::vector<ImVec2> path{{0, 0}, {10, 0}, {0, 0}, {10, 0}, {10, 10}};
  const PolylinePieces p = polyline_pieces(path.data(), 5, 0.5f, 1.0f);
  REQUIRE(p.piece_count() == 2);
  CHECK(p.piece_size(0) == 2);  // A→B
  CHECK(p.piece_size(1) == 2);  // B→C
  CHECK(p.points[2].x == 10);
  CHECK(p.points[3].y == 10);
}

TEST_CASE("non-finite points are kept and never count as drawn", "[app][polyline]") {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  const std::vector<ImVec2> path{{0, 0}, {nan, 1}, {0, 0}, {nan, 1}, {inf, -inf}, {5, 5}};
  const PolylinePieces p = polyline_pieces(path.data(), 6, 0.5f, 1.0f);
  CHECK(p.points.size() == 6);
  CHECK(segment_count(p) == 5);
}

TEST_CASE("empty and one-point paths draw nothing", "[app][polyline]") {
  const ImVec2 one{3, 4};
  CHECK(polyline_pieces(nullptr, 0, 0.5f, 1.0f).piece_count() == 0);
  const PolylinePieces p = polyline_pieces(&one, 1, 0.5f, 1.0f);
  CHECK(p.piece_count() == 0);
  CHECK(p.points.empty());
  // Two points on the same spot: one segment of zero length (ImGui draws a dot-less nothing; no crash).
  const std::vector<ImVec2> same{{3, 4}, {3, 4}};
  CHECK(polyline_pieces(same.data(), 2, 0.5f, 1.0f).piece_count() == 1);
}
