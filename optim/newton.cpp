#include "optim/newton.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <cmath>
#include <stdexcept>

#include "optim/line_search.hpp"

namespace optim {

namespace {

std::vector<HyperSpec> newton_specs() {
  HyperSpec lr = lr_spec(1, 1e-3, 2);
  lr.symbol = "η";
  lr.help = "step scale η: Δθ = −η·H⁻¹·g (the line search's first trial)";
  HyperSpec delta =
      real_spec("delta", "δ", "smallest eigenvalue allowed in H̃ (|λ| below it is raised)", 1e-8, 1e-12, 1, true);
  delta.hard_min = 1e-300;
  HyperSpec line_search;
  line_search.name = "line_search";
  line_search.symbol = "t_k";
  line_search.help = "armijo: backtrack from t = η until f decreases enough; none: t = η";
  line_search.kind = HyperSpec::Kind::Choice;
  line_search.choices = {"none", "armijo"};
  line_search.default_value = 1;
  line_search.max = 1;
  line_search.hard_max = 1;
  return {lr, delta, line_search};
}

}  // namespace

template <class T>
Newton<T>::Newton() : Optimizer<T>("newton", newton_specs()) {}

template <class T>
std::vector<RuleLine> Newton<T>::rule() const {
  const bool armijo = static_cast<int>(this->hyper(kLineSearch)) == kArmijo;
  return {{"g = ∇f(θ)", "g"},
          {"H = ∇²f(θ) = Q·Λ·Qᵀ", "λ"},
          {"H̃ = Q·max(|Λ|, δ)·Qᵀ   (= H where H is positive definite)", "H̃"},
          {"d = −H̃⁻¹·g", "d"},
          {armijo ? "t_k: backtrack from η until f(θ + t·d) ≤ f(θ) + 10⁻⁴·t·gᵀd" : "t_k = η", "t_k"},
          {"Δθ = t_k·d   (= −η·H⁻¹·g for a positive definite H and t_k = η)", "Δθ"},
          {"θ ← θ + Δθ", "θ"}};
}

template <class T>
void Newton<T>::compute_step(Evaluator<T>& eval, Vec<T>& theta) {
  if (!eval.has_hessian())
    throw std::invalid_argument("newton needs the exact Hessian, which this problem does not provide");
  const T f = eval(theta, g_, "θ");
  this->show("g", g_);
  eval.hessian(theta, H_);
  this->show("H", H_);
  const long n = theta.size();
  const T delta = static_cast<T>(this->hyper(kDelta));

  if (n <= kEigenLimit) {
    Eigen::SelfAdjointEigenSolver<Mat<T>> eigen(H_);
    const Vec<T>& lambda = eigen.eigenvalues();
    const Mat<T>& Q = eigen.eigenvectors();
    const Vec<T> lambda_mod = lambda.cwiseAbs().cwiseMax(delta);
    d_.noalias() = Q.transpose() * g_;
    d_ = -(d_.array() / lambda_mod.array()).matrix();
    d_ = Q * d_;
    this->show("λ", lambda);
    if (this->inspecting()) this->show("H̃", Mat<T>(Q * lambda_mod.asDiagonal() * Q.transpose()));
  } else {
    // H + τ·I with the smallest τ that factors (N&W Alg. 3.3).
    const T min_diag = H_.diagonal().minCoeff();
    const T beta = T(1e-3);
    T tau = min_diag > 0 ? T(0) : beta - min_diag;
    Eigen::LLT<Mat<T>> llt;
    for (int k = 0; k < 64; ++k) {
      Mat<T> shifted = H_;
      shifted.diagonal().array() += tau;
      llt.compute(shifted);
      if (llt.info() == Eigen::Success) break;
      tau = std::max(T(2) * tau, beta);
    }
    if (llt.info() != Eigen::Success)
      throw std::runtime_error("newton: the Hessian could not be made positive definite");
    d_ = -llt.solve(g_);
    this->show("τ", static_cast<double>(tau));
  }
  this->show("d", d_);

  const double eta = this->lr();
  double t = eta;
  if (static_cast<int>(this->hyper(kLineSearch)) == kArmijo && eta > 0) t = backtracking(eval, theta, d_, f, g_, eta).t;
  if (!std::isfinite(static_cast<double>(d_.squaredNorm()))) t = 0;  // H̃ singular in floating point: stay
  this->show("t_k", t);
  if (t != 0) step_along(theta, t, d_, theta);
}

template class Newton<float>;
template class Newton<double>;

}  // namespace optim
