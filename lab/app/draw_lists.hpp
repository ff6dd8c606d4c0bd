// lab/app/draw_lists.hpp — keeping Dear ImGui's draw lists valid at any
// history length.
//
// Debian's libimgui uses 16-bit indices (ImDrawIdx = unsigned short): one
// draw command addresses at most 65,536 vertices from its VtxOffset. ImGui
// starts a new offset between primitives (the OpenGL 3 backend sets
// RendererHasVtxOffset), but never inside one: a single polyline of more than
// ~16,000 points (four vertices a point) wraps its indices onto earlier
// vertices, and the rest of the window draws garbage. Long paths therefore go
// through add_long_polyline, and the app can check a whole frame with
// draw_data_problem.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

namespace lab::app {

// The most points one AddPolyline call receives: 4 vertices a point
// (anti-aliased thick lines) stay well under 65,536.
inline constexpr int kPolylineChunk = 4096;

// A point this close (in pixels) to the last one drawn adds nothing a viewer
// can see: thousands of steps often crowd into a few hundred pixels, and a
// software rasterizer pays for every vertex.
inline constexpr float kPolylineMinStep = 0.5f;

// A segment whose ends fall in the same squares of this side (pixels) as
// those of a segment already drawn is drawn over it: left out.
inline constexpr float kPolylineCell = 1.0f;

// An open polyline of any length, without what a viewer cannot see
// (polyline_pieces, kPolylineMinStep, kPolylineCell); each piece is drawn in
// chunks that share their end points (so the joins look like one line).
void add_long_polyline(ImDrawList* list, const ImVec2* points, int count, ImU32 color, float thickness);

// "" when every command of every list addresses only vertices that 16-bit
// indices can reach from its VtxOffset; otherwise what is wrong, in one line.
std::string draw_data_problem(const ImDrawData& data);

}  // namespace lab::app
