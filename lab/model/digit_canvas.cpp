#include "lab/model/digit_canvas.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace lab::model {

namespace {

// Squared distance from p to the segment a–b.
float distance2(CanvasPoint p, CanvasPoint a, CanvasPoint b) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len2 = dx * dx + dy * dy;
  float t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0f;
  t = std::clamp(t, 0.0f, 1.0f);
  const float ex = p.x - (a.x + t * dx), ey = p.y - (a.y + t * dy);
  return ex * ex + ey * ey;
}

// Calls f(index) for every cell of a w×h grid whose centre is within r of a–b.
template <class F>
void cells_under_pen(int w, int h, CanvasPoint a, CanvasPoint b, float r, F&& f) {
  const int x0 = std::max(0, static_cast<int>(std::floor(std::min(a.x, b.x) - r)));
  const int x1 = std::min(w - 1, static_cast<int>(std::ceil(std::max(a.x, b.x) + r)));
  const int y0 = std::max(0, static_cast<int>(std::floor(std::min(a.y, b.y) - r)));
  const int y1 = std::min(h - 1, static_cast<int>(std::ceil(std::max(a.y, b.y) + r)));
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x)
      if (distance2({static_cast<float>(x) + 0.5f, static_cast<float>(y) + 0.5f}, a, b) <= r * r)
        f(static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x));
}

// Area-averaging weights from n source cells onto m output cells covering
// the same length: output k covers [k·n/m, (k+1)·n/m) in source units, and
// each source cell counts by its overlap, divided by the output's length.
struct Weight {
  int source = 0;
  double w = 0;
};
std::vector<std::vector<Weight>> area_weights(int n, int m) {
  std::vector<std::vector<Weight>> out(static_cast<std::size_t>(m));
  const double step = static_cast<double>(n) / m;
  for (int k = 0; k < m; ++k) {
    const double lo = k * step, hi = (k + 1) * step;
    for (int i = static_cast<int>(std::floor(lo)); i < n && i < hi; ++i) {
      const double overlap = std::min(hi, i + 1.0) - std::max(lo, static_cast<double>(i));
      if (overlap > 0) out[static_cast<std::size_t>(k)].push_back({i, overlap / step});
    }
  }
  return out;
}

}  // namespace

DigitCanvas::DigitCanvas(int side, float pen_radius)
    : side_(side), pen_radius_(pen_radius), ink_(static_cast<std::size_t>(side) * static_cast<std::size_t>(side), 0) {
  if (side < 1 || !(pen_radius > 0)) throw std::invalid_argument("a canvas needs a side ≥ 1 and a pen radius > 0");
}

void DigitCanvas::begin_stroke(CanvasPoint p) {
  strokes_.push_back({p});
  stamp(p, p);
}

void DigitCanvas::extend(CanvasPoint p) {
  if (strokes_.empty()) return begin_stroke(p);
  const CanvasPoint last = strokes_.back().back();
  strokes_.back().push_back(p);
  stamp(last, p);
}

void DigitCanvas::clear() {
  strokes_.clear();
  std::fill(ink_.begin(), ink_.end(), 0.0f);
}

void DigitCanvas::stamp(CanvasPoint a, CanvasPoint b) {
  cells_under_pen(side_, side_, a, b, pen_radius_, [&](std::size_t i) { ink_[i] = 1.0f; });
}

void paint_segment(std::vector<std::uint8_t>& image, int w, int h, CanvasPoint a, CanvasPoint b, float radius,
                   std::uint8_t value) {
  cells_under_pen(w, h, a, b, radius, [&](std::size_t i) { image[i] = value; });
}

std::optional<std::vector<std::uint8_t>> mnist_image(const std::vector<float>& ink, int w, int h) {
  // The ink's bounding box [x0, x1] × [y0, y1].
  int x0 = w, x1 = -1, y0 = h, y1 = -1;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      if (ink[static_cast<std::size_t>(y * w + x)] > 0) {
        x0 = std::min(x0, x);
        x1 = std::max(x1, x);
        y0 = std::min(y0, y);
        y1 = std::max(y1, y);
      }
  if (x1 < 0) return std::nullopt;
  const int bw = x1 - x0 + 1, bh = y1 - y0 + 1;

  // 1–2. The longer side becomes kMnistBox pixels, the other keeps the aspect.
  const auto fit = [](int side, int longer) {
    return std::max(1, static_cast<int>(std::lround(static_cast<double>(kMnistBox) * side / longer)));
  };
  const int ow = bw >= bh ? kMnistBox : fit(bw, bh), oh = bh >= bw ? kMnistBox : fit(bh, bw);
  const auto wx = area_weights(bw, ow), wy = area_weights(bh, oh);
  std::vector<std::uint8_t> box(static_cast<std::size_t>(ow * oh), 0);
  for (int oy = 0; oy < oh; ++oy)
    for (int ox = 0; ox < ow; ++ox) {
      double v = 0;
      for (const Weight& r : wy[static_cast<std::size_t>(oy)])
        for (const Weight& c : wx[static_cast<std::size_t>(ox)])
          v += r.w * c.w * ink[static_cast<std::size_t>((y0 + r.source) * w + x0 + c.source)];
      box[static_cast<std::size_t>(oy * ow + ox)] =
          static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0, 1.0) * 255));
    }

  // 3. Whole-pixel shift putting the centre of mass at (14, 14), kept inside the field.
  const double centre = kMnistSide / 2.0;
  const CentreOfMass c = centre_of_mass(box, ow, oh).value_or(CentreOfMass{ow / 2.0, oh / 2.0});
  const int left = std::clamp(static_cast<int>(std::lround(centre - c.x)), 0, kMnistSide - ow);
  const int top = std::clamp(static_cast<int>(std::lround(centre - c.y)), 0, kMnistSide - oh);
  std::vector<std::uint8_t> out(static_cast<std::size_t>(kMnistSide * kMnistSide), 0);
  for (int oy = 0; oy < oh; ++oy) std::copy_n(box.begin() + oy * ow, ow, out.begin() + (top + oy) * kMnistSide + left);
  return out;
}

std::optional<CentreOfMass> centre_of_mass(const std::vector<std::uint8_t>& image, int w, int h) {
  double mass = 0, mx = 0, my = 0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const double v = image[static_cast<std::size_t>(y * w + x)];
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  if (mass == 0) return std::nullopt;
  return CentreOfMass{mx / mass, my / mass};
}

}  // namespace lab::model
