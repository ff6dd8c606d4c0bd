#include "lab/app/png_io.hpp"

#include <GL/gl.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <unordered_map>

namespace lab::app {

Image read_framebuffer(int width, int height) {
  Image img;
  img.width = width;
  img.height = height;
  std::vector<std::uint8_t> bottom_up(static_cast<std::size_t>(width) * height * 3);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, bottom_up.data());
  img.rgb.resize(bottom_up.size());
  const std::size_t row = static_cast<std::size_t>(width) * 3;
  for (int y = 0; y < height; ++y)
    std::copy_n(bottom_up.data() + row * (height - 1 - y), row, img.rgb.data() + row * y);
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
  out.rgb.resize(static_cast<std::size_t>(out.width) * out.height * 3);
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x)
      for (int c = 0; c < 3; ++c) {
        int sum = 0;
        for (int dy = 0; dy < 2; ++dy)
          for (int dx = 0; dx < 2; ++dx) {
            const int sx = std::min(2 * x + dx, in.width - 1), sy = std::min(2 * y + dy, in.height - 1);
            sum += in.rgb[(static_cast<std::size_t>(sy) * in.width + sx) * 3 + c];
          }
        out.rgb[(static_cast<std::size_t>(y) * out.width + x) * 3 + c] = static_cast<std::uint8_t>((sum + 2) / 4);
      }
  return out;
}

// [SECTION] GIF ---------------------------------------------------------------
//
// A fixed global palette: a 6×6×6 RGB cube (216 colors) plus 40 greys, so the
// window's dark greys stay grey. Pixels map to the nearest grey when nearly
// grey, else to the nearest cube entry; codes are LZW-compressed with the
// variable code width that GIF decoders expect.

namespace {

constexpr int kR = 6, kG = 6, kB = 6, kGreys = 40;

std::uint8_t palette_index(std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  const int hi = std::max({r, g, b}), lo = std::min({r, g, b});
  if (hi - lo <= 12) return static_cast<std::uint8_t>(kR * kG * kB + ((r + g + b) / 3 * (kGreys - 1) + 127) / 255);
  const int ri = (r * (kR - 1) + 127) / 255, gi = (g * (kG - 1) + 127) / 255, bi = (b * (kB - 1) + 127) / 255;
  return static_cast<std::uint8_t>((ri * kG + gi) * kB + bi);
}

class BitWriter {
 public:
  explicit BitWriter(std::string& out) : out_(out) {}
  void put(unsigned code, int width) {
    acc_ |= static_cast<std::uint64_t>(code) << bits_;
    bits_ += width;
    while (bits_ >= 8) {
      byte(static_cast<std::uint8_t>(acc_ & 0xFF));
      acc_ >>= 8;
      bits_ -= 8;
    }
  }
  void finish() {
    if (bits_ > 0) byte(static_cast<std::uint8_t>(acc_ & 0xFF));
    acc_ = 0;
    bits_ = 0;
    flush_block();
    out_.push_back('\0');  // block terminator
  }

 private:
  void byte(std::uint8_t b) {
    block_.push_back(static_cast<char>(b));
    if (block_.size() == 255) flush_block();
  }
  void flush_block() {
    if (block_.empty()) return;
    out_.push_back(static_cast<char>(block_.size()));
    out_ += block_;
    block_.clear();
  }
  std::string& out_;
  std::string block_;
  std::uint64_t acc_ = 0;
  int bits_ = 0;
};

void lzw(const std::vector<std::uint8_t>& indices, std::string& out) {
  constexpr unsigned kClear = 256, kEnd = 257;
  out.push_back(8);  // minimum code size
  BitWriter w(out);
  std::unordered_map<std::uint32_t, unsigned> dict;
  unsigned next = 258;
  int width = 9;
  w.put(kClear, width);
  if (indices.empty()) {
    w.put(kEnd, width);
    w.finish();
    return;
  }
  unsigned prefix = indices[0];
  for (std::size_t i = 1; i < indices.size(); ++i) {
    const std::uint32_t key = (prefix << 8) | indices[i];
    if (auto it = dict.find(key); it != dict.end()) {
      prefix = it->second;
      continue;
    }
    w.put(prefix, width);
    if (next == 4096) {
      w.put(kClear, width);
      dict.clear();
      next = 258;
      width = 9;
    } else {
      dict.emplace(key, next++);
      if (next > (1u << width) && width < 12) ++width;
    }
    prefix = indices[i];
  }
  w.put(prefix, width);
  w.put(kEnd, width);
  w.finish();
}

void put16(std::string& s, int v) {
  s.push_back(static_cast<char>(v & 0xFF));
  s.push_back(static_cast<char>((v >> 8) & 0xFF));
}

}  // namespace

void write_gif(const std::vector<Image>& frames, int delay_cs, const std::string& path) {
  if (frames.empty()) throw std::runtime_error("no frames to write to " + path);
  const int w = frames[0].width, h = frames[0].height;
  std::string s = "GIF89a";
  put16(s, w);
  put16(s, h);
  s.push_back(static_cast<char>(0xF7));  // global color table, 8 bits, 256 entries
  s.push_back(0);
  s.push_back(0);
  for (int i = 0; i < 256; ++i) {
    int r, g, b;
    if (i < kR * kG * kB) {
      r = (i / (kG * kB)) * 255 / (kR - 1);
      g = ((i / kB) % kG) * 255 / (kG - 1);
      b = (i % kB) * 255 / (kB - 1);
    } else {
      r = g = b = (i - kR * kG * kB) * 255 / (kGreys - 1);
    }
    s.push_back(static_cast<char>(r));
    s.push_back(static_cast<char>(g));
    s.push_back(static_cast<char>(b));
  }
  // Loop forever (NETSCAPE2.0 extension).
  s += std::string("\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00", 19);
  std::vector<std::uint8_t> indices;
  for (const Image& f : frames) {
    if (f.width != w || f.height != h) throw std::runtime_error("GIF frames differ in size");
    s += std::string("\x21\xF9\x04\x04", 4);  // graphic control: dispose none
    put16(s, delay_cs);
    s.push_back(0);
    s.push_back(0);
    s.push_back(0x2C);  // image descriptor
    put16(s, 0);
    put16(s, 0);
    put16(s, w);
    put16(s, h);
    s.push_back(0);
    indices.resize(static_cast<std::size_t>(w) * h);
    for (std::size_t i = 0; i < indices.size(); ++i)
      indices[i] = palette_index(f.rgb[3 * i], f.rgb[3 * i + 1], f.rgb[3 * i + 2]);
    lzw(indices, s);
  }
  s.push_back(0x3B);
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << s;
    if (!out) {
      std::remove(temp.c_str());
      throw std::runtime_error("cannot write " + path);
    }
  }
  rename_into_place(temp, path);
}

}  // namespace lab::app
