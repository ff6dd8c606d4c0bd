#include "lab/app/draw_lists.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "lab/app/polyline_pieces.hpp"

namespace lab::app {

void add_long_polyline(ImDrawList* list, const ImVec2* points, int count, ImU32 color, float thickness) {
  const PolylinePieces pieces = polyline_pieces(points, count, kPolylineMinStep, kPolylineCell);
  for (int k = 0; k < pieces.piece_count(); ++k) {
    const ImVec2* piece = pieces.points.data() + pieces.starts[static_cast<std::size_t>(k)];
    const int n_piece = pieces.piece_size(k);
    for (int first = 0; first + 1 < n_piece; first += kPolylineChunk - 1)
      list->AddPolyline(piece + first, std::min(kPolylineChunk, n_piece - first), color, 0, thickness);
  }
}

std::string draw_data_problem(const ImDrawData& data) {
  constexpr std::int64_t kIndexable = std::int64_t{std::numeric_limits<ImDrawIdx>::max()} + 1;
  for (int l = 0; l < data.CmdListsCount; ++l) {
    const ImDrawList& list = *data.CmdLists[l];
    const std::string name = list._OwnerName ? list._OwnerName : "?";
    // The vertices from one VtxOffset up to the next one form a block; every
    // vertex written was written to be drawn, so a block larger than 16-bit
    // indices can address means some index wrapped around.
    std::vector<unsigned int> offsets;
    for (const ImDrawCmd& c : list.CmdBuffer) offsets.push_back(c.VtxOffset);
    offsets.push_back(static_cast<unsigned int>(list.VtxBuffer.Size));
    std::sort(offsets.begin(), offsets.end());
    offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());
    for (std::size_t i = 0; i + 1 < offsets.size(); ++i)
      if (std::int64_t{offsets[i + 1]} - offsets[i] > kIndexable)
        return "draw list '" + name + "': " + std::to_string(offsets[i + 1] - offsets[i]) +
               " vertices share one offset; 16-bit indices reach " + std::to_string(kIndexable);
    for (const ImDrawCmd& c : list.CmdBuffer) {
      if (c.UserCallback) continue;
      if (std::int64_t{c.IdxOffset} + c.ElemCount > list.IdxBuffer.Size)
        return "draw list '" + name + "': a command reads past the index buffer";
      for (unsigned int k = c.IdxOffset; k < c.IdxOffset + c.ElemCount; ++k)
        if (std::int64_t{c.VtxOffset} + list.IdxBuffer[static_cast<int>(k)] >= list.VtxBuffer.Size)
          return "draw list '" + name + "': an index points past the vertex buffer";
    }
  }
  return "";
}

}  // namespace lab::app
