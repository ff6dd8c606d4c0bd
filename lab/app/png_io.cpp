#include "lab/app/png_io.hpp"

#include <GL/gl.h>
#include <gif_lib.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace lab::app {

Image read_framebuffer(int width, int height) {
  Image img;
  img.width = width;
  img.height = height;
  const auto w = static_cast<std::size_t>(width), h = static_cast<std::size_t>(height);
  std::vector<std::uint8_t> bottom_up(w * h * 3);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, bottom_up.data());
  img.rgb.resize(bottom_up.size());
  const std::size_t row = w * 3;
  for (std::size_t y = 0; y < h; ++y) std::copy_n(bottom_up.data() + row * (h - 1 - y), row, img.rgb.data() + row * y);
  return img;
}

namespace {
void rename_into_place(const std::string& temp, const std::string& path) {
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::remove(temp.c_str());
    throw std::runtime_error("cannot write " + path + ": " + ec.message());
  }
}
}  // namespace

void write_png(const Image& img, const std::string& path) {
  const std::string temp = path + ".tmp.png";
  if (img.width <= 0 || img.height <= 0 ||
      !stbi_write_png(temp.c_str(), img.width, img.height, 3, img.rgb.data(), img.width * 3)) {
    std::remove(temp.c_str());
    throw std::runtime_error("cannot write " + path);
  }
  rename_into_place(temp, path);
}

Image half_size(const Image& in) {
  Image out;
  out.width = std::max(1, in.width / 2);
  out.height = std::max(1, in.height / 2);
  const auto in_w = static_cast<std::size_t>(in.width), in_h = static_cast<std::size_t>(in.height);
  const auto out_w = static_cast<std::size_t>(out.width), out_h = static_cast<std::size_t>(out.height);
  out.rgb.resize(out_w * out_h * 3);
  for (std::size_t y = 0; y < out_h; ++y)
    for (std::size_t x = 0; x < out_w; ++x)
      for (std::size_t c = 0; c < 3; ++c) {
        int sum = 0;
        for (std::size_t dy = 0; dy < 2; ++dy)
          for (std::size_t dx = 0; dx < 2; ++dx) {
            const std::size_t sx = std::min(2 * x + dx, in_w - 1), sy = std::min(2 * y + dy, in_h - 1);
            sum += in.rgb[(sy * in_w + sx) * 3 + c];
          }
        out.rgb[(y * out_w + x) * 3 + c] = static_cast<std::uint8_t>((sum + 2) / 4);
      }
  return out;
}

// [SECTION] GIF ---------------------------------------------------------------
//
// A fixed global palette: a 6×6×6 RGB cube (216 colors) plus 40 greys, so the
// window's dark greys stay grey. Pixels map to the nearest grey when nearly
// grey, else to the nearest cube entry; giflib compresses them.

namespace {

constexpr int kR = 6, kG = 6, kB = 6, kGreys = 40;

std::uint8_t palette_index(std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  const int hi = std::max({r, g, b}), lo = std::min({r, g, b});
  if (hi - lo <= 12) return static_cast<std::uint8_t>(kR * kG * kB + ((r + g + b) / 3 * (kGreys - 1) + 127) / 255);
  const int ri = (r * (kR - 1) + 127) / 255, gi = (g * (kG - 1) + 127) / 255, bi = (b * (kB - 1) + 127) / 255;
  return static_cast<std::uint8_t>((ri * kG + gi) * kB + bi);
}

std::vector<GifColorType> palette() {
  std::vector<GifColorType> colors(256);
  for (int i = 0; i < 256; ++i) {
    int r, g, b;
    if (i < kR * kG * kB) {
      r = (i / (kG * kB)) * 255 / (kR - 1);
      g = ((i / kB) % kG) * 255 / (kG - 1);
      b = (i % kB) * 255 / (kB - 1);
    } else {
      r = g = b = (i - kR * kG * kB) * 255 / (kGreys - 1);
    }
    colors[static_cast<std::size_t>(i)] = {static_cast<GifByteType>(r), static_cast<GifByteType>(g),
                                           static_cast<GifByteType>(b)};
  }
  return colors;
}

// giflib reports failures as codes; this turns the first into an exception.
class GifOut {
 public:
  GifOut(const std::string& temp, const std::string& path) : temp_(temp), path_(path) {
    int error = 0;
    gif_ = EGifOpenFileName(temp.c_str(), false, &error);
    if (!gif_) fail(error);
    EGifSetGifVersion(gif_, true);  // GIF89a: delays and looping
  }
  ~GifOut() {
    if (gif_) {
      int error = 0;
      EGifCloseFile(gif_, &error);
      std::remove(temp_.c_str());
    }
  }
  GifOut(const GifOut&) = delete;
  GifOut& operator=(const GifOut&) = delete;

  GifFileType* get() { return gif_; }
  void check(int status) {
    if (status != GIF_OK) fail(gif_->Error);
  }
  void close() {
    int error = 0;
    GifFileType* gif = gif_;
    gif_ = nullptr;
    if (EGifCloseFile(gif, &error) != GIF_OK) {
      std::remove(temp_.c_str());
      fail(error);
    }
  }

 private:
  [[noreturn]] void fail(int error) const {
    const char* why = GifErrorString(error);
    throw std::runtime_error("cannot write " + path_ + ": " + (why ? why : "GIF error"));
  }
  std::string temp_, path_;
  GifFileType* gif_ = nullptr;
};

}  // namespace

void write_gif(const std::vector<Image>& frames, int delay_cs, const std::string& path) {
  if (frames.empty()) throw std::runtime_error("no frames to write to " + path);
  const int w = frames[0].width, h = frames[0].height;
  for (const Image& f : frames)
    if (f.width != w || f.height != h) throw std::runtime_error("GIF frames differ in size");
  const std::string temp = path + ".tmp";
  {
    GifOut gif(temp, path);
    GifFileType* g = gif.get();
    std::vector<GifColorType> colors = palette();
    ColorMapObject* map = GifMakeMapObject(256, colors.data());
    const int screen = EGifPutScreenDesc(g, w, h, 8, 0, map);
    GifFreeMapObject(map);
    gif.check(screen);
    // Loop forever: the NETSCAPE2.0 application extension, repeat count 0.
    const GifByteType loop[] = {1, 0, 0};
    gif.check(EGifPutExtensionLeader(g, APPLICATION_EXT_FUNC_CODE));
    gif.check(EGifPutExtensionBlock(g, 11, "NETSCAPE2.0"));
    gif.check(EGifPutExtensionBlock(g, sizeof loop, loop));
    gif.check(EGifPutExtensionTrailer(g));
    GraphicsControlBlock control{};
    control.DisposalMode = DISPOSE_DO_NOT;
    control.DelayTime = delay_cs;
    control.TransparentColor = NO_TRANSPARENT_COLOR;
    GifByteType control_bytes[4];
    const std::size_t control_size = EGifGCBToExtension(&control, control_bytes);
    std::vector<GifPixelType> row(static_cast<std::size_t>(w));
    for (const Image& f : frames) {
      gif.check(EGifPutExtension(g, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(control_size), control_bytes));
      gif.check(EGifPutImageDesc(g, 0, 0, w, h, false, nullptr));
      for (int y = 0; y < h; ++y) {
        const std::uint8_t* p = f.rgb.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(w) * 3;
        for (std::size_t x = 0; x < row.size(); ++x) row[x] = palette_index(p[3 * x], p[3 * x + 1], p[3 * x + 2]);
        gif.check(EGifPutLine(g, row.data(), w));
      }
    }
    gif.close();
  }
  rename_into_place(temp, path);
}

}  // namespace lab::app
