// [SECTION] the plane: basis, anchors, projection
// [SECTION] PCA of all trajectories
// [SECTION] random filter-normalized directions
// [SECTION] the plane through the start and two points
// [SECTION] the loss over the plane
#include "scenes/loss_plane.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

#include "nn/init.hpp"
#include "scenes/mlp_problem.hpp"

namespace scenes {
namespace {

constexpr std::uint64_t kDirectionSalt1 = 0x6469726563743121ULL;
constexpr std::uint64_t kDirectionSalt2 = 0x6469726563743221ULL;
constexpr std::uint64_t kSubspaceSeed = 0x7375627370616365ULL;
// Below this share of d₁'s or of the leading variance, a direction counts as absent.
constexpr double kRankTolerance = 1e-12;

}  // namespace

std::string plane_kind_name(PlaneKind kind) {
  switch (kind) {
    case PlaneKind::Pca:
      return "PCA of all trajectories";
    case PlaneKind::RandomFilterNormalized:
      return "random, filter-normalized";
    case PlaneKind::ThroughStartAndTwo:
      return "through the start and two optimizers";
  }
  return "?";
}

// ---- [SECTION] the plane: basis, anchors, projection

LossPlane::LossPlane(PlaneKind kind, Vec origin, Vec d1, Vec d2)
    : kind_(kind), origin_(std::move(origin)), d1_(std::move(d1)), d2_(std::move(d2)) {
  if (d1_.size() != origin_.size() || d2_.size() != origin_.size())
    throw std::invalid_argument("a plane's origin and directions must have one size");
  r11_ = d1_.norm();
  if (!(r11_ > 0) || !std::isfinite(r11_)) throw std::invalid_argument("the first direction is zero or not finite");
  q1_ = d1_ / r11_;
  // Gram–Schmidt twice: the second pass removes what rounding left of q₁.
  r12_ = q1_.dot(d2_);
  Vec w = d2_ - r12_ * q1_;
  const double again = q1_.dot(w);
  w -= again * q1_;
  r12_ += again;
  r22_ = w.norm();
  if (!(r22_ > kRankTolerance * std::max(r11_, d2_.norm())) || !std::isfinite(r22_))
    throw std::invalid_argument("the two directions do not span a plane (one is zero, or they are parallel)");
  q2_ = w / r22_;
  add_anchor(0, 0, origin_);
}

void LossPlane::add_anchor(double alpha, double beta, const Vec& theta) {
  if (theta.size() != origin_.size()) throw std::invalid_argument("an anchor must have the plane's dimension");
  anchors_.push_back({alpha, beta, theta});
}

Vec LossPlane::point(double alpha, double beta) const {
  for (const Anchor& a : anchors_)
    if (a.alpha == alpha && a.beta == beta) return a.theta;
  return origin_ + alpha * d1_ + beta * d2_;
}

PlaneCoordinates LossPlane::project(const Vec& theta) const {
  if (theta.size() != origin_.size()) throw std::invalid_argument("a point must have the plane's dimension");
  for (const Anchor& a : anchors_)
    if (a.theta == theta) return {.alpha = a.alpha, .beta = a.beta, .distance = 0};
  const Vec v = theta - origin_;
  const double c1 = q1_.dot(v), c2 = q2_.dot(v);
  PlaneCoordinates p;
  p.beta = c2 / r22_;
  p.alpha = (c1 - r12_ * p.beta) / r11_;
  p.distance = (v - c1 * q1_ - c2 * q2_).norm();
  return p;
}

// ---- [SECTION] PCA of all trajectories

namespace {

// The evenly spaced indices of `count` points out of `length` (both ends kept).
std::vector<long> thinned(long length, long count) {
  std::vector<long> out;
  if (length <= 0) return out;
  count = std::clamp(count, std::min(2L, length), length);
  for (long k = 0; k < count; ++k)
    out.push_back(count == 1 ? 0
                             : static_cast<long>(std::llround(static_cast<double>(k) * static_cast<double>(length - 1) /
                                                              static_cast<double>(count - 1))));
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The top two eigenvectors of Cov = XcᵀXc (unscaled) as columns, largest first,
// and their eigenvalues.
struct TopTwo {
  optim::Mat<double> vectors;  // (n, 2)
  double lambda1 = 0, lambda2 = 0;
};

TopTwo top_two_exact(const optim::Mat<double>& xc) {
  const long n = xc.cols();
  optim::Mat<double> cov = optim::Mat<double>::Zero(n, n);
  cov.selfadjointView<Eigen::Lower>().rankUpdate(xc.transpose());
  Eigen::SelfAdjointEigenSolver<optim::Mat<double>> es(cov.selfadjointView<Eigen::Lower>());
  TopTwo t;  // eigenvalues ascend
  t.vectors.resize(n, 2);
  t.vectors.col(0) = es.eigenvectors().col(n - 1);
  t.vectors.col(1) = es.eigenvectors().col(n - 2);
  t.lambda1 = es.eigenvalues()[n - 1];
  t.lambda2 = es.eigenvalues()[n - 2];
  return t;
}

TopTwo top_two_subspace(const optim::Mat<double>& xc) {
  const long n = xc.cols(), k = std::min({8L, n, xc.rows()});
  std::mt19937_64 rng(kSubspaceSeed);
  std::normal_distribution<double> normal;
  optim::Mat<double> v(n, k);
  for (long c = 0; c < k; ++c)
    for (long r = 0; r < n; ++r) v(r, c) = normal(rng);
  auto orthonormal = [&](const optim::Mat<double>& a) {
    Eigen::HouseholderQR<optim::Mat<double>> qr(a);
    return optim::Mat<double>(qr.householderQ() * optim::Mat<double>::Identity(a.rows(), a.cols()));
  };
  v = orthonormal(v);
  Eigen::SelfAdjointEigenSolver<optim::Mat<double>> ritz;
  double prev1 = -1, prev2 = -1;
  for (int sweep = 0; sweep < 200; ++sweep) {
    const optim::Mat<double> w = xc * v;  // (m, k)
    ritz.compute(w.transpose() * w);      // VᵀCov V, eigenvalues ascending
    const double l1 = ritz.eigenvalues()[k - 1], l2 = ritz.eigenvalues()[k - 2];
    const bool settled = std::abs(l1 - prev1) <= 1e-10 * l1 && std::abs(l2 - prev2) <= 1e-10 * l1;
    if (settled) break;
    prev1 = l1, prev2 = l2;
    v = orthonormal(xc.transpose() * w);
  }
  TopTwo t;
  t.vectors.resize(n, 2);
  t.vectors.col(0) = v * ritz.eigenvectors().col(k - 1);
  t.vectors.col(1) = v * ritz.eigenvectors().col(k - 2);
  t.lambda1 = ritz.eigenvalues()[k - 1];
  t.lambda2 = ritz.eigenvalues()[k - 2];
  return t;
}

// The sign that makes the largest component (the first of equals) positive.
Vec signed_canonically(Vec d) {
  Eigen::Index i = 0;
  d.cwiseAbs().maxCoeff(&i);
  return d[i] < 0 ? Vec(-d) : d;
}

}  // namespace

LossPlane pca_plane(const Trajectories& trajectories, const PcaOptions& options) {
  long n = -1, total = 0;
  for (const auto& t : trajectories)
    for (const Vec& p : t) {
      if (n < 0) n = p.size();
      if (p.size() != n) throw std::invalid_argument("every point of every trajectory must have one dimension");
      ++total;
    }
  if (total < 3 || n < 2) throw std::invalid_argument("a PCA plane needs at least 3 points of dimension ≥ 2");

  Vec mean = Vec::Zero(n);
  for (const auto& t : trajectories)
    for (const Vec& p : t) mean += p;
  mean /= static_cast<double>(total);

  std::vector<const Vec*> rows;
  const long budget = std::max(options.max_points, 3L);
  for (const auto& t : trajectories) {
    const long length = static_cast<long>(t.size());
    const long share = std::max(2L, budget * length / total);
    for (long i : thinned(length, share)) rows.push_back(&t[static_cast<std::size_t>(i)]);
  }
  optim::Mat<double> xc(static_cast<long>(rows.size()), n);
  for (std::size_t r = 0; r < rows.size(); ++r) xc.row(static_cast<long>(r)) = (*rows[r] - mean).transpose();

  const TopTwo top = n <= options.exact_dimension_limit ? top_two_exact(xc) : top_two_subspace(xc);
  if (!(top.lambda1 > 0) || !(top.lambda2 > kRankTolerance * top.lambda1))
    throw std::invalid_argument("the trajectories lie on one line: no PCA plane yet");
  return LossPlane(PlaneKind::Pca, mean, signed_canonically(top.vectors.col(0).normalized()),
                   signed_canonically(top.vectors.col(1).normalized()));
}

// ---- [SECTION] random filter-normalized directions

std::vector<WeightTensor> weight_tensors(MlpProblem& problem) {
  std::vector<WeightTensor> out;
  auto& model = problem.model();
  for (std::size_t i = 0; i < model.size(); ++i) {
    long offset = model.offset(i);
    for (const auto& p : model.layer(i).param_info()) {
      out.push_back({.offset = offset, .rows = p.rows, .cols = p.cols, .bias = p.name == "bias"});
      offset += p.size();
    }
  }
  return out;
}

Vec filter_normalized_direction(const Vec& theta0, const std::vector<WeightTensor>& tensors, std::uint64_t seed) {
  std::mt19937_64 rng(nn::mix64(seed));
  std::normal_distribution<double> normal;
  Vec d(theta0.size());
  for (long i = 0; i < d.size(); ++i) d[i] = normal(rng);
  for (const WeightTensor& t : tensors) {
    if (t.offset < 0 || t.offset + t.rows * t.cols > theta0.size())
      throw std::invalid_argument("a weight tensor lies outside θ");
    if (t.bias) {
      d.segment(t.offset, t.rows * t.cols).setZero();
      continue;
    }
    for (long r = 0; r < t.rows; ++r) {
      auto row = d.segment(t.offset + r * t.cols, t.cols);
      const double norm = row.norm();
      const double target = theta0.segment(t.offset + r * t.cols, t.cols).norm();
      row *= norm > 0 ? target / norm : 0.0;
    }
  }
  return d;
}

LossPlane random_plane(const Vec& theta0, const std::vector<WeightTensor>& tensors, std::uint64_t seed) {
  return LossPlane(PlaneKind::RandomFilterNormalized, theta0,
                   filter_normalized_direction(theta0, tensors, seed ^ kDirectionSalt1),
                   filter_normalized_direction(theta0, tensors, seed ^ kDirectionSalt2));
}

// ---- [SECTION] the plane through the start and two points

LossPlane plane_through(const Vec& start, const Vec& a, const Vec& b) {
  if (a.size() != start.size() || b.size() != start.size())
    throw std::invalid_argument("the start and the two points must have one dimension");
  try {
    LossPlane plane(PlaneKind::ThroughStartAndTwo, start, a - start, b - start);
    plane.add_anchor(1, 0, a);
    plane.add_anchor(0, 1, b);
    return plane;
  } catch (const std::invalid_argument&) {
    throw std::invalid_argument("the start and the two optimizers' points lie on one line: no plane through them yet");
  }
}

// ---- [SECTION] the loss over the plane

std::vector<std::vector<PlaneCoordinates>> project_all(const LossPlane& plane, const Trajectories& trajectories) {
  std::vector<std::vector<PlaneCoordinates>> out;
  out.reserve(trajectories.size());
  for (const auto& t : trajectories) {
    auto& row = out.emplace_back();
    row.reserve(t.size());
    for (const Vec& p : t) row.push_back(plane.project(p));
  }
  return out;
}

PlaneExtent extent_of(const std::vector<std::vector<PlaneCoordinates>>& projected, double margin) {
  double a0 = 0, a1 = 0, b0 = 0, b1 = 0;  // the origin is always in view
  for (const auto& t : projected)
    for (const PlaneCoordinates& p : t) {
      if (!std::isfinite(p.alpha) || !std::isfinite(p.beta)) continue;
      a0 = std::min(a0, p.alpha), a1 = std::max(a1, p.alpha);
      b0 = std::min(b0, p.beta), b1 = std::max(b1, p.beta);
    }
  // A path along one axis still gets a picture: neither side below a tenth of the other.
  const double wa = a1 - a0, wb = b1 - b0, floor_width = std::max({0.1 * std::max(wa, wb), 1e-9});
  auto widen = [&](double& lo, double& hi, double w) {
    const double grow = std::max(w, floor_width) - w;
    lo -= grow / 2, hi += grow / 2;
    const double m = margin * (hi - lo);
    lo -= m, hi += m;
  };
  widen(a0, a1, wa);
  widen(b0, b1, wb);
  return {.alpha_min = a0, .alpha_max = a1, .beta_min = b0, .beta_max = b1};
}

// (1 − t)·lo + t·hi: exactly lo and hi at the two ends.
double PlaneGrid::alpha(int i) const {
  const double t = nx < 2 ? 0.0 : static_cast<double>(i) / (nx - 1);
  return (1 - t) * extent.alpha_min + t * extent.alpha_max;
}
double PlaneGrid::beta(int j) const {
  const double t = ny < 2 ? 0.0 : static_cast<double>(j) / (ny - 1);
  return (1 - t) * extent.beta_max + t * extent.beta_min;
}

PlaneGrid sample_plane(const LossPlane& plane, const PlaneExtent& extent, int nx, int ny, const LossFunction& loss,
                       const std::function<bool()>& keep_going) {
  if (nx < 2 || ny < 2) throw std::invalid_argument("a plane grid needs at least 2 × 2 samples");
  PlaneGrid grid;
  grid.extent = extent;
  grid.nx = nx;
  grid.ny = ny;
  grid.loss.resize(static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny));
  for (int j = 0; j < ny; ++j) {
    if (keep_going && !keep_going()) return {};
    for (int i = 0; i < nx; ++i)
      grid.loss[static_cast<std::size_t>(j) * static_cast<std::size_t>(nx) + static_cast<std::size_t>(i)] =
          loss(plane.point(grid.alpha(i), grid.beta(j)));
  }
  return grid;
}

PointReport report_point(const LossPlane& plane, const Vec& theta, const LossFunction& loss) {
  PointReport r;
  r.where = plane.project(theta);
  r.true_loss = loss(theta);
  r.plane_loss = loss(plane.point(r.where.alpha, r.where.beta));
  return r;
}

}  // namespace scenes
