// lab/app/field_texture.hpp — a painted Field (field.hpp) as an OpenGL texture.
//
// The surface view and the loss-plane view both draw their heatmap with its
// burnt-in contours as one textured quad; this is the one upload they share.
#pragma once

#include "lab/app/field.hpp"

namespace lab::app {

// Creates `texture` when it is 0, then uploads field.rgba (field.width ×
// field.height, RGBA bytes) into it, linearly filtered and clamped at the edges.
void upload_field_texture(unsigned int& texture, const Field& field);

// The same for any RGBA bytes (width × height, rows top first); `nearest`
// keeps each pixel a sharp square when drawn larger (a grid of cells).
void upload_rgba_texture(unsigned int& texture, const unsigned char* rgba, int width, int height, bool nearest);

// An OpenGL texture that deletes itself: one per cached picture.
class OwnedTexture {
 public:
  OwnedTexture() = default;
  OwnedTexture(const OwnedTexture&) = delete;
  OwnedTexture& operator=(const OwnedTexture&) = delete;
  OwnedTexture(OwnedTexture&& other) noexcept : id_(other.id_) { other.id_ = 0; }
  OwnedTexture& operator=(OwnedTexture&& other) noexcept;
  ~OwnedTexture();
  unsigned int& id() { return id_; }
  unsigned int id() const { return id_; }

 private:
  unsigned int id_ = 0;
};

}  // namespace lab::app
