// tests/ui/hatch_check.cpp — checks that a region of a screenshot is hatched.
//
//   hatch_check SHOT.png X0 Y0 X1 Y1
//
// Passes when the region (X0, Y0)–(X1, Y1) is stripes: two colors, clearly
// apart, cover nearly all of it, each a fair share, and they alternate along
// every row many times. A solid fill (one color), a colormap gradient (many
// colors) or a single edge (one change per row) fails, with the reason.
#include <stb_image.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <utility>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: hatch_check SHOT.png X0 Y0 X1 Y1\n");
    return 2;
  }
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(argv[1], &w, &h, &n, 3);
  if (!px) {
    std::fprintf(stderr, "FAIL %s: cannot read the PNG\n", argv[1]);
    return 1;
  }
  const int x0 = std::max(0, std::atoi(argv[2])), y0 = std::max(0, std::atoi(argv[3]));
  const int x1 = std::min(w, std::atoi(argv[4])), y1 = std::min(h, std::atoi(argv[5]));
  if (x1 - x0 < 24 || y1 - y0 < 24) {
    std::fprintf(stderr, "FAIL %s: region (%d, %d)-(%d, %d) is too small\n", argv[1], x0, y0, x1, y1);
    stbi_image_free(px);
    return 2;
  }
  auto at = [&](int x, int y) {
    const unsigned char* p = px + 3 * (static_cast<long>(y) * w + x);
    return static_cast<unsigned>(p[0]) << 16 | p[1] << 8 | p[2];
  };

  // The two most frequent colors.
  std::map<unsigned, long> counts;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) ++counts[at(x, y)];
  std::vector<std::pair<long, unsigned>> ranked;
  for (const auto& [rgb, c] : counts) ranked.push_back({c, rgb});
  std::sort(ranked.rbegin(), ranked.rend());
  const double total = static_cast<double>(x1 - x0) * (y1 - y0);
  const unsigned a = ranked[0].second, b = ranked.size() > 1 ? ranked[1].second : a;
  const double share_a = static_cast<double>(ranked[0].first) / total,
               share_b = ranked.size() > 1 ? static_cast<double>(ranked[1].first) / total : 0;
  auto brightness = [](unsigned rgb) { return static_cast<int>((rgb >> 16) + (rgb >> 8 & 255) + (rgb & 255)) / 3; };
  const int contrast = std::abs(brightness(a) - brightness(b));

  // Changes between the two colors along each row, counted between runs of
  // either (anti-aliased pixels between them are skipped).
  long changes = 0;
  for (int y = y0; y < y1; ++y) {
    unsigned last = 0;
    bool seen = false;
    for (int x = x0; x < x1; ++x) {
      const unsigned c = at(x, y);
      if (c != a && c != b) continue;
      if (seen && c != last) ++changes;
      last = c, seen = true;
    }
  }
  const double per_row = static_cast<double>(changes) / (y1 - y0);
  stbi_image_free(px);

  std::printf("%s (%d, %d)-(%d, %d): #%06x %.0f%%, #%06x %.0f%%, brightness apart %d, %.1f changes a row\n", argv[1],
              x0, y0, x1, y1, a, 100 * share_a, b, 100 * share_b, contrast, per_row);
  int failures = 0;
  if (share_a + share_b < 0.8) {
    std::printf("FAIL: not two colors (the two commonest cover %.0f%%)\n", 100 * (share_a + share_b));
    ++failures;
  }
  if (share_b < 0.1) {
    std::printf("FAIL: one color covers the region: a solid fill\n");
    ++failures;
  }
  if (contrast < 40) {
    std::printf("FAIL: the two colors are too close to read as stripes\n");
    ++failures;
  }
  if (per_row < (x1 - x0) / 40.0) {
    std::printf("FAIL: the colors do not alternate along the rows (%.1f changes a row)\n", per_row);
    ++failures;
  }
  return failures ? 1 : 0;
}
