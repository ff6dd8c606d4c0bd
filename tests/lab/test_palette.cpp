// The palette: colors follow the optimizer, none is white (the contour
// lines' color), and twelve stay apart for color-blind viewers.
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "lab/model/experiment.hpp"
#include "lab/model/palette.hpp"
#include "lab/model/presets.hpp"

namespace {

using Vec3 = std::array<double, 3>;

Vec3 linear(lab::model::Rgb c) {
  auto lin = [](std::uint8_t v) {
    const double s = v / 255.0;
    return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
  };
  return {lin(c.r), lin(c.g), lin(c.b)};
}

// CIELAB of a linear sRGB color (D65).
Vec3 lab_of(const Vec3& l) {
  const double X = (0.4124 * l[0] + 0.3576 * l[1] + 0.1805 * l[2]) / 0.95047;
  const double Y = 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  const double Z = (0.0193 * l[0] + 0.1192 * l[1] + 0.9505 * l[2]) / 1.08883;
  auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116; };
  return {116 * f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))};
}

// Machado, Oliveira & Fernandes (2009), severity 1: protanopia, deuteranopia, tritanopia.
constexpr double kSimulations[3][9] = {
    {0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998},
    {0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.011820, 0.042940, 0.968881},
    {1.255528, -0.076749, -0.178779, -0.078411, 0.930809, 0.147602, 0.004733, 0.691367, 0.303900},
};

Vec3 seen(lab::model::Rgb c, int vision) {  // -1: normal vision
  Vec3 l = linear(c);
  if (vision >= 0) {
    const double* M = kSimulations[vision];
    Vec3 s{};
    for (std::size_t i = 0; i < 3; ++i)
      s[i] = std::clamp(M[3 * i] * l[0] + M[3 * i + 1] * l[1] + M[3 * i + 2] * l[2], 0.0, 1.0);
    l = s;
  }
  return lab_of(l);
}

double delta_e(const Vec3& a, const Vec3& b) {
  return std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
}

}  // namespace

TEST_CASE("no palette color is white or near it") {
  const lab::model::Rgb white{255, 255, 255};
  for (int i = 0; i < lab::model::kPaletteSize; ++i) {
    INFO(lab::model::to_hex(lab::model::palette_color(i)));
    CHECK(delta_e(seen(lab::model::palette_color(i), -1), seen(white, -1)) > 25);
  }
}

TEST_CASE("twelve colors stay apart with normal vision and under three color-vision deficiencies") {
  REQUIRE(lab::model::kPaletteSize >= 12);
  for (int vision = -1; vision < 3; ++vision)
    for (int i = 0; i < lab::model::kPaletteSize; ++i)
      for (int j = i + 1; j < lab::model::kPaletteSize; ++j) {
        INFO("vision " << vision << ": " << lab::model::to_hex(lab::model::palette_color(i)) << " vs "
                       << lab::model::to_hex(lab::model::palette_color(j)));
        CHECK(delta_e(seen(lab::model::palette_color(i), vision), seen(lab::model::palette_color(j), vision)) >
              (vision < 0 ? 20 : 7.5));
      }
}

TEST_CASE("an optimizer has the same color in every preset, whatever its row") {
  std::map<std::string, lab::model::Rgb> first_seen;
  for (const auto& p : lab::model::presets()) {
    const auto e = lab::model::make_preset_experiment(p);
    std::set<std::string> names;
    for (const auto& r : e.runners()) {
      if (!names.insert(r.optimizer_name()).second) continue;  // a second SGD takes a free color
      INFO(p.name << ": " << r.optimizer_name());
      const auto [it, fresh] = first_seen.emplace(r.optimizer_name(), r.color);
      CHECK(it->second == r.color);
    }
  }
  CHECK(first_seen.at("momentum") == lab::model::optimizer_color("momentum", {}));
}

TEST_CASE("two runners of one optimizer get different colors") {
  lab::model::Experiment e;
  e.add_runner("sgd");
  e.add_runner("sgd");
  e.duplicate_runner(0);
  CHECK(e.runner(0).color == lab::model::optimizer_color("sgd", {}));
  CHECK(e.runner(1).color != e.runner(0).color);
  CHECK(e.runner(2).color != e.runner(0).color);
  CHECK(e.runner(2).color != e.runner(1).color);
}
