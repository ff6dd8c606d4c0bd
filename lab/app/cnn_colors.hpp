// lab/app/cnn_colors.hpp — the CNN trainer's colours for right and wrong
// answers and its text, one set for every panel of the trainer (results,
// progress, the inside view), so a right answer is the same green everywhere.
#pragma once

#include <imgui.h>

namespace lab::app {

inline constexpr ImU32 kRight = IM_COL32(0, 158, 115, 255);  // Okabe–Ito bluish green
inline constexpr ImU32 kWrong = IM_COL32(213, 94, 0, 255);   // Okabe–Ito vermillion
inline constexpr ImU32 kText = IM_COL32(230, 230, 230, 255);
inline constexpr ImU32 kMuted = IM_COL32(150, 150, 160, 255);

}  // namespace lab::app
