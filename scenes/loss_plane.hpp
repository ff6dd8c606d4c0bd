// scenes/loss_plane.hpp — one 2-D plane through weight space, shared by every
// optimizer, and the loss sampled over it.
//
//   point(α, β) = o + α·d₁ + β·d₂                    o, d₁, d₂ ∈ ℝⁿ
//   project(θ)  = argmin_(α, β) ‖θ − point(α, β)‖    (least squares)
//   distance(θ) = ‖θ − point(project(θ))‖             (0 for a point in the plane)
//
// Three planes, each built from every optimizer at once (one plane per
// optimizer could not compare them):
//   pca_plane           the mean of all trajectories' points and the top two
//                       principal directions of those points together;
//   random_plane        the shared start θ₀ and two seeded Gaussian
//                       directions, filter-normalized per layer (Li et al.
//                       2018, "Visualizing the Loss Landscape of Neural Nets");
//   plane_through       the start and two optimizers' current points: o = start,
//                       d₁ = a − start, d₂ = b − start.
//
// Exactness: a plane keeps the points it was built through as anchors, with
// their coordinates — (0, 0) the origin, and for plane_through (1, 0) = a and
// (0, 1) = b. point() at an anchor's coordinates returns the anchor itself,
// and project() of a vector equal to an anchor returns its coordinates and
// distance 0, so the loss "on the plane" at those points is the loss at those
// vectors bit for bit (o + 1·(a − o) need not round to a).
//
// Least squares goes through an orthonormal basis q₁, q₂ of span(d₁, d₂)
// (Gram–Schmidt, twice for accuracy) and the 2×2 R with [d₁ d₂] = [q₁ q₂]·R:
// (α, β) = R⁻¹·Qᵀ(θ − o), and the distance is measured on the residual
// itself, not as √(‖θ − o‖² − ‖Qᵀ(θ − o)‖²), which would cancel.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "optim/objective.hpp"

namespace scenes {

class MlpProblem;

using Vec = optim::Vec<double>;
// θ ↦ the loss there (the full training objective for a network).
using LossFunction = std::function<double(const Vec&)>;

enum class PlaneKind { Pca, RandomFilterNormalized, ThroughStartAndTwo };
std::string plane_kind_name(PlaneKind kind);  // "PCA of all trajectories", …

struct PlaneCoordinates {
  double alpha = 0, beta = 0;
  double distance = 0;  // from θ to point(α, β)
};

class LossPlane {
 public:
  // Throws std::invalid_argument when the sizes differ or d₁, d₂ do not span
  // a plane (one is zero, or they are parallel to rounding).
  LossPlane(PlaneKind kind, Vec origin, Vec d1, Vec d2);

  PlaneKind kind() const { return kind_; }
  long dimension() const { return origin_.size(); }
  const Vec& origin() const { return origin_; }
  const Vec& d1() const { return d1_; }
  const Vec& d2() const { return d2_; }

  // A point that point(alpha, beta) returns exactly; (0, 0) ↦ origin is one.
  void add_anchor(double alpha, double beta, const Vec& theta);

  Vec point(double alpha, double beta) const;
  PlaneCoordinates project(const Vec& theta) const;

 private:
  struct Anchor {
    double alpha, beta;
    Vec theta;
  };
  PlaneKind kind_;
  Vec origin_, d1_, d2_;
  Vec q1_, q2_;             // orthonormal basis of span(d₁, d₂)
  double r11_, r12_, r22_;  // [d₁ d₂] = [q₁ q₂]·[[r11, r12], [0, r22]]
  std::vector<Anchor> anchors_;
};

// ---- the three planes

// Every point of every trajectory (all optimizers, all steps), in order.
using Trajectories = std::vector<std::vector<Vec>>;

struct PcaOptions {
  // The directions come from at most this many points, evenly spaced along
  // each trajectory (its first and last points always among them); the mean
  // is taken over all points. 8 optimizers × 10,000 steps thus cost what
  // 4,096 points cost, and the principal directions of a smooth path barely
  // move when it is thinned.
  long max_points = 4096;
  // Dimensions up to this many: the n×n covariance and Eigen's
  // SelfAdjointEigenSolver (exact, O(m·n²)). Above: subspace iteration.
  long exact_dimension_limit = 200;
};

// The plane through the mean of all points, spanned by their two principal
// directions (unit vectors, d₁ the larger variance; each signed so that its
// largest component is positive, so the picture does not flip between
// recomputations).
//
// Algorithm: with m points of dimension n, the covariance Cov = XcᵀXc/m is
// formed and solved exactly when n ≤ exact_dimension_limit. Beyond that
// (n of hundreds to thousands) Cov is never formed: block subspace
// iteration V ← orth(Xcᵀ(Xc·V)) on 8 vectors (2 wanted + 6 to speed
// convergence, seeded), then Rayleigh–Ritz on the 8×8 VᵀCov V. Each sweep
// costs 2·m·n·8 flops over the thinned points, and it stops once the two
// leading Ritz values change by < 10⁻¹⁰ relative (at most 200 sweeps).
// Throws std::invalid_argument when the points span less than a plane.
LossPlane pca_plane(const Trajectories& trajectories, const PcaOptions& options = {});

// One weight tensor of θ: `rows` units of `cols` contiguous entries each (a
// Dense kernel, output-major), or a bias vector.
struct WeightTensor {
  long offset = 0, rows = 1, cols = 1;
  bool bias = false;
};
// The network's tensors in θ order, named from its layers' parameter lists
// (a 1-unit kernel and a bias both have one row; only the names tell them apart).
std::vector<WeightTensor> weight_tensors(MlpProblem& problem);

// A Gaussian direction of N(0, I) entries drawn from `seed`, filter-normalized:
// each unit's row of each kernel rescaled to the norm of the same row in θ₀,
// ‖d_row‖ = ‖θ₀_row‖. Bias entries are set to 0, as the paper does for biases
// (biases start at zero here, so "their norm in θ₀" would zero them anyway).
Vec filter_normalized_direction(const Vec& theta0, const std::vector<WeightTensor>& tensors, std::uint64_t seed);

// θ₀ and two filter-normalized directions from `seed` (d₂ from a second
// stream of the same seed).
LossPlane random_plane(const Vec& theta0, const std::vector<WeightTensor>& tensors, std::uint64_t seed);

// The plane with origin `start`, point(1, 0) = a and point(0, 1) = b exactly.
// Throws std::invalid_argument when the three points lie on one line (at
// step 0 every optimizer is still at the start).
LossPlane plane_through(const Vec& start, const Vec& a, const Vec& b);

// ---- the loss over the plane

// The rectangle of (α, β) a grid covers.
struct PlaneExtent {
  double alpha_min = -1, alpha_max = 1, beta_min = -1, beta_max = 1;
};

// Every point's coordinates on the plane, trajectory by trajectory. O(n) a
// point: project new points as they come rather than all of them per frame.
std::vector<std::vector<PlaneCoordinates>> project_all(const LossPlane& plane, const Trajectories& trajectories);

// The rectangle that holds every projected point and the origin, widened by
// `margin` of its width and height on each side; neither side is let below a
// tenth of the other, so a path along one direction still gets a picture.
PlaneExtent extent_of(const std::vector<std::vector<PlaneCoordinates>>& projected, double margin = 0.15);

// The loss at nx × ny samples (α_i, β_j): α_i = α_min + i·(α_max − α_min)/(nx − 1),
// row 0 at β_max (the top of a picture), as lab/app/field.hpp lays grids out.
struct PlaneGrid {
  PlaneExtent extent = {};
  int nx = 0, ny = 0;
  std::vector<double> loss = {};  // nx·ny, row-major from the top row
  double alpha(int i) const;
  double beta(int j) const;
  double at(int i, int j) const {
    return loss[static_cast<std::size_t>(j) * static_cast<std::size_t>(nx) + static_cast<std::size_t>(i)];
  }
};

inline constexpr int kMinPlaneSamples = 64;

// Samples `loss` over the plane. Rows are computed in order; `keep_going`
// (may be empty) is asked before each row, and a false answer stops the
// computation and returns an empty grid (nx = ny = 0).
PlaneGrid sample_plane(const LossPlane& plane, const PlaneExtent& extent, int nx, int ny, const LossFunction& loss,
                       const std::function<bool()>& keep_going = {});

// What one trajectory point shows on hover: how far the picture is from the truth there.
struct PointReport {
  PlaneCoordinates where;
  double true_loss = 0;   // loss(θ)
  double plane_loss = 0;  // loss(point(α, β)): what the plane's picture shows
};
PointReport report_point(const LossPlane& plane, const Vec& theta, const LossFunction& loss);

}  // namespace scenes
