// tests/ui/image_check.cpp — checks a screenshot of the lab.
//
//   image_check SHOT.png X0 Y0 X1 Y1 LX0 LY0 LX1 LY1 #used1 #used2 … -- #unused1 …
//
// Fails (exit 1, with a reason) when the image is blank (fewer than 500
// distinct colors, or almost uniform brightness), when a used trajectory
// color covers fewer than kMinPixels pixels inside the surface canvas
// (X0, Y0)–(X1, Y1) outside the legend box (LX0, LY0)–(LX1, LY1), or when
// an unused palette color covers that many.
#include <stb_image.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

namespace {

constexpr long kMinPixels = 40;

bool parse_hex(const std::string& s, unsigned& rgb) {
  if (s.size() != 7 || s[0] != '#') return false;
  char* end = nullptr;
  rgb = static_cast<unsigned>(std::strtoul(s.c_str() + 1, &end, 16));
  return end && *end == '\0';
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 10) {
    std::fprintf(stderr, "usage: image_check SHOT.png X0 Y0 X1 Y1 LX0 LY0 LX1 LY1 #used… -- #unused…\n");
    return 2;
  }
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(argv[1], &w, &h, &n, 3);
  if (!px) {
    std::fprintf(stderr, "FAIL %s: cannot read the PNG\n", argv[1]);
    return 1;
  }
  const int x0 = std::atoi(argv[2]), y0 = std::atoi(argv[3]), x1 = std::atoi(argv[4]), y1 = std::atoi(argv[5]);
  const int lx0 = std::atoi(argv[6]), ly0 = std::atoi(argv[7]), lx1 = std::atoi(argv[8]), ly1 = std::atoi(argv[9]);
  std::vector<unsigned> used, unused;
  bool after = false;
  for (int i = 10; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--") {
      after = true;
      continue;
    }
    unsigned rgb = 0;
    if (!parse_hex(a, rgb)) {
      std::fprintf(stderr, "bad color '%s'\n", a.c_str());
      return 2;
    }
    (after ? unused : used).push_back(rgb);
  }

  // Not blank: many distinct colors and a spread of brightness.
  std::set<unsigned> distinct;
  double sum = 0, sum2 = 0;
  for (long i = 0; i < static_cast<long>(w) * h; ++i) {
    const unsigned char* p = px + 3 * i;
    distinct.insert(static_cast<unsigned>(p[0]) << 16 | p[1] << 8 | p[2]);
    const double y = 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
    sum += y, sum2 += y * y;
  }
  const double mean = sum / (static_cast<double>(w) * h);
  const double sd = std::sqrt(std::max(0.0, sum2 / (static_cast<double>(w) * h) - mean * mean));
  int failures = 0;
  std::printf("%s: %dx%d, %zu distinct colors, brightness sd %.1f\n", argv[1], w, h, distinct.size(), sd);
  if (distinct.size() < 500 || sd < 10) {
    std::printf("FAIL: the image looks blank\n");
    ++failures;
  }

  // Trajectory colors inside the surface canvas.
  auto count = [&](unsigned rgb) {
    long c = 0;
    for (int y = std::max(0, y0); y < std::min(h, y1); ++y)
      for (int x = std::max(0, x0); x < std::min(w, x1); ++x) {
        if (x >= lx0 && x < lx1 && y >= ly0 && y < ly1) continue;  // the legend's swatches
        const unsigned char* p = px + 3 * (static_cast<long>(y) * w + x);
        if ((static_cast<unsigned>(p[0]) << 16 | p[1] << 8 | p[2]) == rgb) ++c;
      }
    return c;
  };
  int present = 0;
  for (unsigned rgb : used) {
    const long c = count(rgb);
    std::printf("  used   #%06x: %ld px\n", rgb, c);
    if (c < kMinPixels) {
      std::printf("FAIL: trajectory color #%06x is (almost) missing\n", rgb);
      ++failures;
    } else {
      ++present;
    }
  }
  for (unsigned rgb : unused) {
    const long c = count(rgb);
    std::printf("  unused #%06x: %ld px\n", rgb, c);
    if (c >= kMinPixels) {
      std::printf("FAIL: unused palette color #%06x shows up\n", rgb);
      ++failures;
    }
  }
  std::printf("trajectory colors present: %d of %zu expected\n", present, used.size());
  stbi_image_free(px);
  return failures ? 1 : 0;
}
