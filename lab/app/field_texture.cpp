#include "lab/app/field_texture.hpp"

#include <GL/gl.h>

namespace lab::app {

void upload_field_texture(unsigned int& texture, const Field& field) {
  upload_rgba_texture(texture, field.rgba.data(), field.width, field.height, false);
}

void upload_rgba_texture(unsigned int& texture, const unsigned char* rgba, int width, int height, bool nearest) {
  if (!texture) glGenTextures(1, &texture);
  glBindTexture(GL_TEXTURE_2D, texture);
  const GLint filter = nearest ? GL_NEAREST : GL_LINEAR;
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
}

OwnedTexture& OwnedTexture::operator=(OwnedTexture&& other) noexcept {
  if (this != &other) {
    if (id_) glDeleteTextures(1, &id_);
    id_ = other.id_;
    other.id_ = 0;
  }
  return *this;
}

OwnedTexture::~OwnedTexture() {
  if (id_) glDeleteTextures(1, &id_);
}

}  // namespace lab::app
