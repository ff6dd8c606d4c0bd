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

}  // namespace lab::app
