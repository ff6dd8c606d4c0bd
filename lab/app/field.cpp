#include "lab/app/field.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "lab/app/colormap.hpp"
#include "lab/app/hatching.hpp"

namespace lab::app {

double Field::z_of(double f) const {
  return std::log10(std::max(f - f_lo + delta, delta * 1e-3));
}
double Field::f_of(double zz) const {
  return std::pow(10.0, zz) + f_lo - delta;
}
double Field::t_of(double f) const {
  return z_hi > z_lo ? (z_of(f) - z_lo) / (z_hi - z_lo) : 0.5;
}

Field build_field(const scenes::Surface& surface, const scenes::View& window, int nx, int ny, int contour_levels,
                  int width, int height) {
  nx = std::max(nx, 2);
  ny = std::max(ny, 2);
  std::vector<double> f(static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny));
  for (int j = 0; j < ny; ++j) {
    const double y = window.y_max - (window.y_max - window.y_min) * j / (ny - 1);
    for (int i = 0; i < nx; ++i) {
      const double x = window.x_min + (window.x_max - window.x_min) * i / (nx - 1);
      f[static_cast<std::size_t>(j * nx + i)] = surface.value(x, y);
    }
  }
  return build_field_from_samples(f, window, nx, ny, contour_levels, width, height);
}

Field build_field_from_samples(const std::vector<double>& f, const scenes::View& window, int nx, int ny,
                               int contour_levels, int width, int height) {
  if (nx < 2 || ny < 2 || f.size() != static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny))
    throw std::invalid_argument("a field needs nx × ny ≥ 2 × 2 samples");
  Field fd;
  fd.window = window;
  fd.nx = nx;
  fd.ny = ny;
  const std::size_t n = f.size();
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double v : f)
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  fd.f_lo = lo;
  fd.delta = 1e-3 * (hi - lo) + 1e-12;
  fd.z.resize(n);
  fd.z_lo = std::numeric_limits<double>::infinity();
  fd.z_hi = -fd.z_lo;
  for (std::size_t k = 0; k < n; ++k) {
    fd.z[k] = std::isfinite(f[k]) ? fd.z_of(f[k]) : std::numeric_limits<double>::quiet_NaN();
    if (std::isfinite(fd.z[k])) fd.z_lo = std::min(fd.z_lo, fd.z[k]), fd.z_hi = std::max(fd.z_hi, fd.z[k]);
  }
  if (!(fd.z_hi > fd.z_lo)) fd.z_hi = fd.z_lo + 1;
  for (int l = 1; l <= contour_levels; ++l)
    fd.levels.push_back(fd.z_lo + (fd.z_hi - fd.z_lo) * l / (contour_levels + 1));

  // The picture: z interpolated bilinearly at each pixel centre.
  fd.width = std::max(width, 1);
  fd.height = std::max(height, 1);
  const std::size_t pixels = static_cast<std::size_t>(fd.width) * static_cast<std::size_t>(fd.height);
  std::vector<float> zi(pixels);
  for (int py = 0; py < fd.height; ++py) {
    const double gy = (py + 0.5) / fd.height * (fd.ny - 1);
    const int j0 = std::min(static_cast<int>(gy), fd.ny - 2);
    const double v = gy - j0;
    for (int px = 0; px < fd.width; ++px) {
      const double gx = (px + 0.5) / fd.width * (fd.nx - 1);
      const int i0 = std::min(static_cast<int>(gx), fd.nx - 2);
      const double u = gx - i0;
      auto at = [&](int ii, int jj) { return fd.z[static_cast<std::size_t>(jj * fd.nx + ii)]; };
      const double z = (1 - v) * ((1 - u) * at(i0, j0) + u * at(i0 + 1, j0)) +
                       v * ((1 - u) * at(i0, j0 + 1) + u * at(i0 + 1, j0 + 1));
      zi[static_cast<std::size_t>(py * fd.width + px)] = static_cast<float>(z);
    }
  }
  const double span = fd.z_hi - fd.z_lo;
  auto band = [&](float z) {
    return std::isfinite(z) ? static_cast<int>(std::floor((z - fd.z_lo) / span * (contour_levels + 1))) : -1;
  };
  fd.rgba.resize(pixels * 4);
  for (int py = 0; py < fd.height; ++py)
    for (int px = 0; px < fd.width; ++px) {
      const auto k = static_cast<std::size_t>(py * fd.width + px);
      const Color8 c = std::isnan(zi[k]) ? hatch_pixel(px, py) : colormap((zi[k] - fd.z_lo) / span);
      int r = c.r, g = c.g, b = c.b;
      if (contour_levels > 0) {
        const int here = band(zi[k]);
        const bool edge = (px + 1 < fd.width && band(zi[k + 1]) != here) ||
                          (py + 1 < fd.height && band(zi[k + static_cast<std::size_t>(fd.width)]) != here);
        if (edge) r += (255 - r) * 2 / 5, g += (255 - g) * 2 / 5, b += (255 - b) * 2 / 5;
      }
      fd.rgba[4 * k + 0] = static_cast<std::uint8_t>(r);
      fd.rgba[4 * k + 1] = static_cast<std::uint8_t>(g);
      fd.rgba[4 * k + 2] = static_cast<std::uint8_t>(b);
      fd.rgba[4 * k + 3] = 255;
    }
  return fd;
}

}  // namespace lab::app
