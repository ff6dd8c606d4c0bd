// The lab's GIF export, decoded by giflib: frame count, size, delay, looping,
// and each frame's colours through the fixed palette.
#include <gif_lib.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "lab/app/png_io.hpp"

namespace fs = std::filesystem;
using lab::app::Image;

namespace {

// A w×h frame: left half `left`, right half a ramp of blue, bottom row grey.
Image frame(int w, int h, std::uint8_t left_r, std::uint8_t left_g, std::uint8_t left_b) {
  Image img;
  img.width = w;
  img.height = h;
  img.rgb.resize(static_cast<std::size_t>(w * h * 3));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      std::uint8_t* p = &img.rgb[static_cast<std::size_t>((y * w + x) * 3)];
      if (y == h - 1) {
        p[0] = p[1] = p[2] = 40;
      } else if (x < w / 2) {
        p[0] = left_r, p[1] = left_g, p[2] = left_b;
      } else {
        p[0] = 0, p[1] = 0, p[2] = static_cast<std::uint8_t>(255 * (x - w / 2) / (w - w / 2 - 1));
      }
    }
  return img;
}

struct Decoded {
  GifFileType* gif = nullptr;
  explicit Decoded(const std::string& path) {
    int error = 0;
    gif = DGifOpenFileName(path.c_str(), &error);
    REQUIRE(gif);
    REQUIRE(DGifSlurp(gif) == GIF_OK);
  }
  ~Decoded() {
    int error = 0;
    if (gif) DGifCloseFile(gif, &error);
  }
  // The colour at (x, y) of frame k.
  GifColorType at(int k, int x, int y) const {
    const SavedImage& im = gif->SavedImages[k];
    const ColorMapObject* map = im.ImageDesc.ColorMap ? im.ImageDesc.ColorMap : gif->SColorMap;
    return map->Colors[im.RasterBits[y * im.ImageDesc.Width + x]];
  }
};

bool near(const GifColorType& c, int r, int g, int b, int tolerance) {
  return std::abs(c.Red - r) <= tolerance && std::abs(c.Green - g) <= tolerance && std::abs(c.Blue - b) <= tolerance;
}

}  // namespace

TEST_CASE("write_gif writes every frame at its size, with its delay, looping, in the palette's colours") {
  const fs::path path = fs::temp_directory_path() / ("descent_gif_" + std::to_string(::getpid()) + ".gif");
  const int w = 61, h = 37;
  std::vector<Image> frames = {frame(w, h, 255, 0, 0), frame(w, h, 0, 255, 0), frame(w, h, 200, 200, 200)};
  lab::app::write_gif(frames, 8, path.string());
  REQUIRE(fs::exists(path));
  CHECK_FALSE(fs::exists(path.string() + ".tmp"));

  Decoded d(path.string());
  CHECK(d.gif->SWidth == w);
  CHECK(d.gif->SHeight == h);
  REQUIRE(d.gif->ImageCount == 3);
  // giflib files the blocks before the first frame under that frame.
  bool loops = false;
  const SavedImage& first = d.gif->SavedImages[0];
  for (int i = 0; i < first.ExtensionBlockCount; ++i) {
    const ExtensionBlock& e = first.ExtensionBlocks[i];
    loops = loops || (e.Function == APPLICATION_EXT_FUNC_CODE && e.ByteCount == 11 &&
                      std::string(reinterpret_cast<const char*>(e.Bytes), 11) == "NETSCAPE2.0");
  }
  CHECK(loops);
  const int left[3][3] = {{255, 0, 0}, {0, 255, 0}, {200, 200, 200}};
  for (int k = 0; k < 3; ++k) {
    INFO("frame " << k);
    const SavedImage& im = d.gif->SavedImages[k];
    CHECK(im.ImageDesc.Width == w);
    CHECK(im.ImageDesc.Height == h);
    GraphicsControlBlock control{};
    REQUIRE(DGifSavedExtensionToGCB(d.gif, k, &control) == GIF_OK);
    CHECK(control.DelayTime == 8);
    CHECK(near(d.at(k, 3, 5), left[k][0], left[k][1], left[k][2], 4));  // pure colours and greys are in the palette
    CHECK(near(d.at(k, w - 1, 0), 0, 0, 255, 0));
    CHECK(near(d.at(k, w / 2, 0), 0, 0, 0, 0));
    CHECK(near(d.at(k, 0, h - 1), 40, 40, 40, 4));
    for (int x = w / 2; x < w; ++x) {  // the blue ramp, within half a step of the 6-level cube
      const auto c = d.at(k, x, 10);
      CHECK(std::abs(c.Blue - 255 * (x - w / 2) / (w - w / 2 - 1)) <= 26);
    }
  }
  // identify (ImageMagick), a decoder of its own, agrees on frames and size.
  const std::string out = path.string() + ".identify";
  if (std::system(("identify -format '%wx%h\\n' '" + path.string() + "' > '" + out + "' 2>/dev/null").c_str()) == 0) {
    std::FILE* f = std::fopen(out.c_str(), "r");
    REQUIRE(f);
    int lines = 0, fw = 0, fh = 0;
    while (std::fscanf(f, "%dx%d\n", &fw, &fh) == 2) {
      CHECK(fw == w);
      CHECK(fh == h);
      ++lines;
    }
    std::fclose(f);
    CHECK(lines == 3);
  }
  std::remove(out.c_str());
  fs::remove(path);
}

TEST_CASE("write_gif refuses what it cannot write, and leaves no file behind") {
  const fs::path dir = fs::temp_directory_path() / ("descent_gif_missing_" + std::to_string(::getpid()));
  const std::string path = (dir / "out.gif").string();
  CHECK_THROWS_WITH(lab::app::write_gif({frame(8, 8, 1, 2, 3)}, 8, path), Catch::Contains(path));
  CHECK_FALSE(fs::exists(path + ".tmp"));
  CHECK_THROWS_WITH(lab::app::write_gif({}, 8, path), Catch::Contains("no frames"));
  CHECK_THROWS_WITH(lab::app::write_gif({frame(8, 8, 1, 2, 3), frame(9, 8, 1, 2, 3)}, 8, path),
                    Catch::Contains("differ in size"));
}
