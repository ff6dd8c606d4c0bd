// The point markers' pictures: the shapes the panels used to draw with
// ImGui's circles and lines, measured on their pixels.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "lab/app/marker_pictures.hpp"

using lab::app::Marker;
using lab::app::marker_picture_size;
using lab::app::marker_reach;
using lab::app::paint_marker;

namespace {

struct Picture {
  int size;
  std::vector<unsigned char> rgba;
  // Pixel (i, j) counted from the middle pixel.
  const unsigned char* at(int di, int dj) const {
    const int i = size / 2 + di, j = size / 2 + dj;
    return &rgba[(static_cast<std::size_t>(j) * static_cast<std::size_t>(size) + static_cast<std::size_t>(i)) * 4];
  }
  double area() const {  // Σ alpha, in pixels
    double sum = 0;
    for (std::size_t k = 3; k < rgba.size(); k += 4) sum += rgba[k] / 255.0;
    return sum;
  }
};

Picture picture(Marker m, float scale) {
  return {marker_picture_size(scale), paint_marker(m, scale)};
}

}  // namespace

TEST_CASE("Every marker fits its picture, which has a middle pixel", "[markers]") {
  for (float s : {1.0f, 1.5f, 2.0f, 3.0f}) {
    const int size = marker_picture_size(s);
    CHECK(size % 2 == 1);
    for (Marker m : lab::app::kMarkers) {
      CAPTURE(s, static_cast<int>(m));
      const Picture p = picture(m, s);
      REQUIRE(p.rgba.size() == static_cast<std::size_t>(size * size * 4));
      const int reach = marker_reach(m, s);
      CHECK(reach <= size / 2);
      // Nothing is painted beyond the marker's reach: its quad may stop there.
      for (int dj = -size / 2; dj <= size / 2; ++dj)
        for (int di = -size / 2; di <= size / 2; ++di)
          if (std::abs(di) > reach || std::abs(dj) > reach) REQUIRE(p.at(di, dj)[3] == 0);
    }
  }
}

TEST_CASE("A dot is a white disc of radius 4·s with an anti-aliased edge", "[markers]") {
  for (float s : {1.0f, 2.0f}) {
    const Picture dot = picture(Marker::Dot, s), rim = picture(Marker::DotRim, s);
    const unsigned char* middle = dot.at(0, 0);
    CHECK(middle[0] == 255);
    CHECK(middle[3] == 255);
    const double pi = std::acos(-1.0);
    CHECK(dot.area() == Approx(pi * 16 * s * s).epsilon(0.03));
    CHECK(rim.area() == Approx(pi * 5.2 * 5.2 * s * s).epsilon(0.03));
    // Some edge pixel is partly covered.
    bool partial = false;
    for (int di = 0; di <= dot.size / 2; ++di) partial |= dot.at(di, 0)[3] > 0 && dot.at(di, 0)[3] < 255;
    CHECK(partial);
  }
}

TEST_CASE("A test point's ring is hollow; its outline is wider", "[markers]") {
  const float s = 2;
  const Picture ring = picture(Marker::Ring, s), outline = picture(Marker::RingOutline, s);
  CHECK(ring.at(0, 0)[3] == 0);
  const int r = static_cast<int>(std::lround(5.5 * s));
  CHECK(ring.at(r, 0)[3] == 255);
  CHECK(ring.at(0, -r)[3] == 255);
  const double pi = std::acos(-1.0);
  CHECK(ring.area() == Approx(2 * pi * 5.5 * s * 2 * s).epsilon(0.05));
  CHECK(outline.area() == Approx(2 * ring.area()).epsilon(0.05));
}

TEST_CASE("A mistake's cross is red on a white edge along both diagonals", "[markers]") {
  const float s = 2;
  const Picture cross = picture(Marker::Cross, s);
  const unsigned char* middle = cross.at(0, 0);
  CHECK(middle[0] == 200);
  CHECK(middle[1] == 0);
  CHECK(middle[3] == 255);
  // On a diagonal, beside the red stroke: white. Off the diagonals: nothing.
  const int k = static_cast<int>(4 * s);
  CHECK(cross.at(k, k)[0] == 200);
  CHECK(cross.at(-k, k)[3] == 255);
  const unsigned char* beside = cross.at(k + 4, k);  // 2.8 px off the diagonal: past the red, in the white
  CHECK(beside[0] == 255);
  CHECK(beside[1] == 255);
  CHECK(beside[3] > 0);
  CHECK(cross.at(k, 0)[3] == 0);
  CHECK(cross.at(0, k)[3] == 0);
}
