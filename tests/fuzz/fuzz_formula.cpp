// Formulas: scenes::make_formula_surface (parse, differentiate, compile, find
// minima), then f, ∇f and ∇²f at a few points, as `descent trace --formula`
// and the lab's formula box use them.
#include "fuzz_input.hpp"
#include "scenes/formula_surface.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto s = scenes::make_formula_surface(std::string(reinterpret_cast<const char*>(data), size));
    const double points[][2] = {{0, 0}, {1, -1}, {-2.5, 0.5}, {1e-300, 3}, {1e6, -1e6}};
    for (const auto& p : points) {
      Eigen::Vector2d g;
      s->value(p[0], p[1]);
      s->value_gradient(p[0], p[1], g);
      s->hessian(p[0], p[1]);
    }
  } catch (const std::exception& e) {
    fuzz::check_refusal(e);
  }
  return 0;
}
