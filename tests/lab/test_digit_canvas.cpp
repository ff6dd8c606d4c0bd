// Drawing a digit: strokes become the image an MNIST network expects, made
// as MNIST was (bounding box scaled to fit 20×20 with its aspect kept, area
// averaged, centred by centre of mass in 28×28).
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

#include "lab/model/digit_canvas.hpp"

using lab::model::CanvasPoint;
using lab::model::centre_of_mass;
using lab::model::DigitCanvas;
using lab::model::mnist_image;

namespace {

constexpr int kSide = 28;

// Rows (or columns) of the 28×28 image that hold any ink: [first, last].
std::pair<int, int> inked_rows(const std::vector<std::uint8_t>& img) {
  int first = kSide, last = -1;
  for (int y = 0; y < kSide; ++y)
    for (int x = 0; x < kSide; ++x)
      if (img[static_cast<std::size_t>(y * kSide + x)] > 0) {
        first = std::min(first, y);
        last = std::max(last, y);
      }
  return {first, last};
}
std::pair<int, int> inked_columns(const std::vector<std::uint8_t>& img) {
  int first = kSide, last = -1;
  for (int y = 0; y < kSide; ++y)
    for (int x = 0; x < kSide; ++x)
      if (img[static_cast<std::size_t>(y * kSide + x)] > 0) {
        first = std::min(first, x);
        last = std::max(last, x);
      }
  return {first, last};
}

// A w×h ink grid with the rectangle [x0, x0 + rw) × [y0, y0 + rh) inked.
std::vector<float> rectangle(int w, int h, int x0, int y0, int rw, int rh) {
  std::vector<float> ink(static_cast<std::size_t>(w * h), 0.0f);
  for (int y = y0; y < y0 + rh; ++y)
    for (int x = x0; x < x0 + rw; ++x) ink[static_cast<std::size_t>(y * w + x)] = 1.0f;
  return ink;
}

void draw(DigitCanvas& canvas, std::initializer_list<CanvasPoint> points) {
  bool first = true;
  for (const CanvasPoint& p : points) {
    if (first)
      canvas.begin_stroke(p);
    else
      canvas.extend(p);
    first = false;
  }
}

}  // namespace

TEST_CASE("a vertical stroke becomes a centred bar 20 pixels tall") {
  DigitCanvas canvas(112, 4.5f);
  draw(canvas, {{30, 10}, {31, 50}, {30, 95}});  // off-centre on the canvas, slightly wavy
  const auto img = mnist_image(canvas.ink(), canvas.side(), canvas.side());
  REQUIRE(img);
  const auto [top, bottom] = inked_rows(*img);
  CHECK(bottom - top + 1 == 20);
  const auto [left, right] = inked_columns(*img);
  CHECK(right - left + 1 <= 4);   // a thin bar
  CHECK(left + right + 1 == 28);  // as many empty columns on either side (±½ pixel)
  const auto c = centre_of_mass(*img, kSide, kSide);
  REQUIRE(c);
  CHECK(std::abs(c->x - 14) <= 0.5);
  CHECK(std::abs(c->y - 14) <= 0.5);
}

TEST_CASE("the centre of mass of the image is within half a pixel of (14, 14)") {
  // A "7" in the top-left corner, a "0" (a circle) in the bottom right, an "L".
  DigitCanvas seven(112, 4.5f), zero(112, 4.5f), ell(112, 4.5f);
  draw(seven, {{5, 5}, {50, 5}, {20, 60}});
  std::vector<CanvasPoint> circle;
  for (int k = 0; k <= 40; ++k) {
    const double a = 2 * M_PI * k / 40;
    circle.push_back({static_cast<float>(80 + 20 * std::cos(a)), static_cast<float>(75 + 28 * std::sin(a))});
  }
  zero.begin_stroke(circle.front());
  for (const auto& p : circle) zero.extend(p);
  draw(ell, {{40, 10}, {40, 90}, {100, 90}});
  for (DigitCanvas* canvas : {&seven, &zero, &ell}) {
    const auto img = mnist_image(canvas->ink(), canvas->side(), canvas->side());
    REQUIRE(img);
    const auto c = centre_of_mass(*img, kSide, kSide);
    REQUIRE(c);
    CHECK(std::abs(c->x - 14) <= 0.5);
    CHECK(std::abs(c->y - 14) <= 0.5);
    const auto [top, bottom] = inked_rows(*img);
    const auto [left, right] = inked_columns(*img);
    CHECK(std::max(bottom - top, right - left) + 1 == 20);  // the longer side fills the box
  }
}

TEST_CASE("an empty canvas gives no image, and clear() empties it") {
  DigitCanvas canvas;
  CHECK(canvas.empty());
  CHECK_FALSE(mnist_image(canvas.ink(), canvas.side(), canvas.side()));
  draw(canvas, {{50, 20}, {50, 80}});
  CHECK(mnist_image(canvas.ink(), canvas.side(), canvas.side()));
  canvas.clear();
  CHECK(canvas.empty());
  CHECK_FALSE(mnist_image(canvas.ink(), canvas.side(), canvas.side()));
}

TEST_CASE("the aspect ratio is kept, small drawings are scaled up") {
  SECTION("60×30 becomes 20×10") {
    const auto img = mnist_image(rectangle(100, 100, 7, 50, 60, 30), 100, 100);
    REQUIRE(img);
    const auto [top, bottom] = inked_rows(*img);
    const auto [left, right] = inked_columns(*img);
    CHECK(right - left + 1 == 20);
    CHECK(bottom - top + 1 == 10);
    // Three cells per pixel each way: every pixel of the box is full ink.
    long full = 0;
    for (auto v : *img) full += v == 255;
    CHECK(full == 200);
  }
  SECTION("15×45 becomes 7×20 (⅓ rounded)") {
    const auto img = mnist_image(rectangle(64, 64, 3, 3, 15, 45), 64, 64);
    REQUIRE(img);
    CHECK(inked_rows(*img).second - inked_rows(*img).first + 1 == 20);
    CHECK(inked_columns(*img).second - inked_columns(*img).first + 1 == 7);
  }
  SECTION("a 5×5 dot fills the 20×20 box") {
    const auto img = mnist_image(rectangle(30, 30, 2, 2, 5, 5), 30, 30);
    REQUIRE(img);
    CHECK(inked_rows(*img) == std::pair{4, 23});
    CHECK(inked_columns(*img) == std::pair{4, 23});
  }
}

TEST_CASE("area averaging gives grey edges and keeps the ink's mass") {
  // A one-cell diagonal in a 50×50 box: 2.5 cells per pixel, so no output
  // pixel is fully inked and the mass scales by (20/50)².
  std::vector<float> ink(50 * 50, 0.0f);
  for (int i = 0; i < 50; ++i) ink[static_cast<std::size_t>(i * 50 + i)] = 1.0f;
  const auto img = mnist_image(ink, 50, 50);
  REQUIRE(img);
  long grey = 0;
  double mass = 0;
  for (auto v : *img) {
    grey += v > 0 && v < 255;
    mass += v / 255.0;
  }
  CHECK(grey >= 20);
  CHECK(mass == Approx(50 * (20.0 / 50) * (20.0 / 50)).margin(784 * 0.5 / 255));
}

TEST_CASE("painting on an image sets the pixels under the pen") {
  std::vector<std::uint8_t> img(28 * 28, 0);
  lab::model::paint_segment(img, 28, 28, {10.5f, 5.5f}, {10.5f, 15.5f}, 0.6f, 200);
  long painted = 0;
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      const bool on = img[static_cast<std::size_t>(y * 28 + x)] == 200;
      painted += on;
      CHECK(on == (x == 10 && y >= 5 && y <= 15));
    }
  CHECK(painted == 11);
}
