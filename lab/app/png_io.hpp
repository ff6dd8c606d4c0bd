// lab/app/png_io.hpp — the window's pixels to PNG files, and animations.
//
// Frames are read back from the GL back buffer after rendering (bottom row
// first) and written top row first. Files are written under a temporary
// name and renamed, so a failed export never leaves half a file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lab::app {

struct Image {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgb;  // top row first
};

// The current framebuffer (call after rendering, before swapping).
Image read_framebuffer(int width, int height);
// Throws std::runtime_error naming the path on failure.
void write_png(const Image& image, const std::string& path);
// An animated GIF (one 256-color palette, giflib), `delay_cs` hundredths
// of a second per frame, looping forever. Frames must share one size.
void write_gif(const std::vector<Image>& frames, int delay_cs, const std::string& path);
// Halves width and height by averaging 2×2 blocks.
Image half_size(const Image& image);

}  // namespace lab::app
