// optim/objective.hpp — what an optimizer minimizes.
//
// An objective f: Rⁿ → R that the optimizer may evaluate at any point it
// chooses: the current θ, Nesterov's look-ahead θ + α·v, or a line-search
// probe θ + t·d. Nothing has to be moved and put back (ensmallen's lesson).
//
// One interface serves a 2-D point on a test surface (T = double) and a
// network's flat parameter vector (T = float).
#pragma once

#include <Eigen/Core>
#include <stdexcept>

namespace optim {

template <class T>
using Vec = Eigen::Matrix<T, Eigen::Dynamic, 1>;
template <class T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

template <class T>
class Objective {
 public:
  virtual ~Objective() = default;

  // Returns f(θ) and writes ∇f(θ) into g. g has θ's size on entry.
  virtual T value_and_gradient(const Vec<T>& theta, Vec<T>& g) = 0;

  // Whether hessian() gives the exact ∇²f (Newton needs it).
  virtual bool has_hessian() const { return false; }

  // Writes ∇²f(θ) (n×n) into H. Only called when has_hessian().
  virtual void hessian(const Vec<T>& /*theta*/, Mat<T>& /*H*/) {
    throw std::logic_error("this objective has no Hessian");
  }
};

// A parameter vector is often several tensors laid end to end. A segment
// with rows > 1 is a weight tensor stored output-major: `rows` output units,
// each owning `cols` contiguous entries (a Dense row, one conv filter).
// Gradient centralization works per segment; 1-D segments are left alone.
struct Segment {
  long offset = 0;
  long rows = 1;
  long cols = 1;
};

}  // namespace optim
