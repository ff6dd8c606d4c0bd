// lab/app/hatching.hpp — how the heatmap paints where f is undefined.
//
// Where f has no real value (√ of a negative, a log of 0, 0/0) the field
// holds NaN. Painted with the colormap, that would read as the highest f; it
// is painted instead as grey diagonal stripes on near-black, and the view
// says in words what the stripes mean (undefined_note.hpp). No ImGui here.
#pragma once

#include "lab/app/colormap.hpp"
#include "lab/app/field.hpp"

namespace lab::app {

// The pixel at (px, py) of an undefined region: stripes 45° wide apart.
Color8 hatch_pixel(int px, int py);

// Whether any sample of the field is undefined.
bool has_undefined(const Field& field);

}  // namespace lab::app
