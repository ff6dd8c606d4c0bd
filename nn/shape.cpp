#include "nn/shape.hpp"

namespace nn {

std::string Shape::str() const {
  if (rank == 1) return "(None, " + std::to_string(c) + ")";
  return "(None, " + std::to_string(h) + ", " + std::to_string(w) + ", " + std::to_string(c) + ")";
}

}  // namespace nn
