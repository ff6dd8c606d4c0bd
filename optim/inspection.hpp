// optim/inspection.hpp — what happened inside one step, for the lab's inspector.
//
// An optimizer fills an Inspection only when one is attached with
// Optimizer::set_inspection(). With none attached (the CNN's case) every
// recording call is a test of a null pointer and nothing else.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "optim/objective.hpp"

namespace optim {

// What an evaluation point is, so that a view draws it without reading its label.
enum class ProbeKind {
  point,        // θ itself
  look_ahead,   // a point ahead of θ where the gradient is taken (Nesterov's θ + α·v)
  line_search,  // a trial step along a search direction
};

// One evaluation of the objective during the step, in the order made.
template <class T>
struct Probe {
  std::string label;  // "θ", "θ + α·v (look-ahead)", "line search 3"
  Vec<T> theta;
  T f{};
  Vec<T> g;  // the gradient the optimizer saw (after decay/clipping)
  ProbeKind kind = ProbeKind::point;
};

// What a vector of the step is, so that a view knows which to draw as
// arrows, and which way, without reading its name. Each method marks at most
// one vector as its direction: the one the lab draws next to −g.
enum class VectorKind {
  quantity,           // any other vector of the rule: s, u, r, ŝ, θ
  gradient,           // g as the method saw it: θ moves against it
  descent_direction,  // θ moves along it: the velocity v, the search direction d
  ascent_direction,   // θ moves against it: a momentum m, m̂ or b of gradients
  step,               // Δθ
};

template <class T>
struct ShownVector {
  std::string name;  // the rule's symbol: "g", "v", "m̂", "Δθ"
  Vec<T> value;
  VectorKind kind = VectorKind::quantity;
};

// One line of the update rule in the course's notation. `quantity` names the
// vector or scalar of the Inspection that the line produces, so the lab can
// print "m ← β₁·m + (1−β₁)·g = (0.12, −0.30)". Empty when the line makes none.
struct RuleLine {
  std::string formula;
  std::string quantity;
};

template <class T>
struct Inspection {
  std::vector<Probe<T>> probes;
  std::vector<ShownVector<T>> vectors;                   // "g", "v", "m", "m̂", "d", "Δθ", "θ"
  std::vector<std::pair<std::string, Mat<T>>> matrices;  // "V" (≈ H⁻¹), "H"
  std::vector<std::pair<std::string, double>> scalars;   // "t", "ε", "β_k", "step"

  void clear() {
    probes.clear();
    vectors.clear();
    matrices.clear();
    scalars.clear();
  }
  const Vec<T>* vector(const std::string& name) const {
    for (const auto& v : vectors)
      if (v.name == name) return &v.value;
    return nullptr;
  }
  // The first vector of that kind, or nullptr.
  const ShownVector<T>* first_of(VectorKind kind) const {
    for (const auto& v : vectors)
      if (v.kind == kind) return &v;
    return nullptr;
  }
  const Mat<T>* matrix(const std::string& name) const {
    for (const auto& [key, value] : matrices)
      if (key == name) return &value;
    return nullptr;
  }
  const double* scalar(const std::string& name) const {
    for (const auto& [key, value] : scalars)
      if (key == name) return &value;
    return nullptr;
  }
};

}  // namespace optim
