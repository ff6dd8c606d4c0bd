// lab/model/digit_canvas.hpp — a digit drawn with the mouse, made into the
// image an MNIST network expects.
//
// The canvas keeps the strokes (in canvas cells, a square of side×side) and
// rasterizes them with a round pen into ink ∈ [0, 1] per cell. mnist_image()
// then does what LeCun, Cortes and Burges describe for MNIST itself:
//   1. the ink's bounding box is scaled to fit a 20×20 box, the aspect ratio
//      kept (the longer side becomes 20 pixels);
//   2. anti-aliased by area averaging: an output pixel is the mean ink over
//      the canvas area it covers (grey levels at the edges);
//   3. placed in a 28×28 field so that its centre of mass lies at the field's
//      centre (14, 14), pixel (i, j) having its centre at (j + ½, i + ½),
//      moved by whole pixels (within half a pixel of the centre).
// An empty canvas gives no image (nothing to classify).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace lab::model {

inline constexpr int kMnistSide = 28;  // the field
inline constexpr int kMnistBox = 20;   // the box the digit is scaled to fit

struct CanvasPoint {
  float x = 0, y = 0;  // canvas cells, x to the right, y down
  bool operator==(const CanvasPoint&) const = default;
};
using Stroke = std::vector<CanvasPoint>;

class DigitCanvas {
 public:
  // side: cells per side; pen_radius: in cells (MNIST strokes are about a
  // tenth of the digit's height wide).
  DigitCanvas() : DigitCanvas(112, 4.5f) {}
  DigitCanvas(int side, float pen_radius);

  int side() const { return side_; }
  float pen_radius() const { return pen_radius_; }
  const std::vector<Stroke>& strokes() const { return strokes_; }
  bool empty() const { return strokes_.empty(); }

  // A new stroke starts at p; extend() adds a point to the last one.
  void begin_stroke(CanvasPoint p);
  void extend(CanvasPoint p);
  void clear();

  // Ink per cell, row-major side×side, 1 under the pen, 0 elsewhere.
  const std::vector<float>& ink() const { return ink_; }

 private:
  void stamp(CanvasPoint a, CanvasPoint b);  // the pen dragged from a to b

  int side_;
  float pen_radius_;
  std::vector<Stroke> strokes_;
  std::vector<float> ink_;
};

// The MNIST-made 28×28 image (bytes, 0 background … 255 full ink) of an ink
// grid w×h (row-major, values in [0, 1]); nullopt when there is no ink.
std::optional<std::vector<std::uint8_t>> mnist_image(const std::vector<float>& ink, int w, int h);

// The centre of mass of an image (row-major w×h, any non-negative weights),
// pixel (i, j) at (j + ½, i + ½); nullopt when it is all zero.
struct CentreOfMass {
  double x = 0, y = 0;
};
std::optional<CentreOfMass> centre_of_mass(const std::vector<std::uint8_t>& image, int w, int h);

// Paints on an image as it is (Fashion-MNIST: a test image to edit, no
// preprocessing): every pixel whose centre lies within `radius` pixels of the
// segment a–b (pixel units) becomes `value`.
void paint_segment(std::vector<std::uint8_t>& image, int w, int h, CanvasPoint a, CanvasPoint b, float radius,
                   std::uint8_t value);

}  // namespace lab::model
