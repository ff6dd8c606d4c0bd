// optim/registry.cpp — the table of optimizers.
#include "optim/registry.hpp"

#include <stdexcept>
#include <type_traits>

#include "optim/adabelief.hpp"
#include "optim/adadelta.hpp"
#include "optim/adagrad.hpp"
#include "optim/adam.hpp"
#include "optim/adamax.hpp"
#include "optim/conjugate_gradient.hpp"
#include "optim/lbfgs.hpp"
#include "optim/lion.hpp"
#include "optim/momentum.hpp"
#include "optim/nadam.hpp"
#include "optim/nesterov.hpp"
#include "optim/newton.hpp"
#include "optim/quasi_newton.hpp"
#include "optim/radam.hpp"
#include "optim/rmsprop.hpp"
#include "optim/sgd.hpp"

namespace optim {

namespace {

// A row's factory: Method<float> and Method<double>, built from `args`.
template <template <class> class Method, class... Args>
OptimizerInfo row(OptimizerInfo info, Args... args) {
  info.make_float = [=] { return std::unique_ptr<Optimizer<float>>(std::make_unique<Method<float>>(args...)); };
  info.make_double = [=] { return std::unique_ptr<Optimizer<double>>(std::make_unique<Method<double>>(args...)); };
  return info;
}

const std::string kNeedsHessian = "needs the exact Hessian, which a network does not provide";
const std::string kKeepsMatrix = "keeps an n × n matrix: too big for a network (use lbfgs)";

}  // namespace

const std::vector<OptimizerInfo>& optimizers() {
  static const std::vector<OptimizerInfo> table = {
      row<Sgd>({.name = "sgd",
                .title = "SGD",
                .summary = "stochastic gradient descent θ ← θ − ε·g (PyTorch's SGD, with its momentum options)",
                .from_course = true}),
      row<Momentum>({.name = "momentum",
                     .title = "Momentum",
                     .summary = "heavy ball: v ← α·v − ε·g; θ ← θ + v",
                     .from_course = true}),
      row<Nesterov>({.name = "nesterov",
                     .title = "Nesterov",
                     .summary = "momentum with the gradient taken at the look-ahead point θ + α·v",
                     .from_course = true}),
      row<Adagrad>({.name = "adagrad",
                    .title = "AdaGrad",
                    .summary = "per-coordinate rate from the sum of squared gradients",
                    .from_course = true}),
      row<Rmsprop>({.name = "rmsprop",
                    .title = "RMSProp",
                    .summary = "per-coordinate rate from a moving average of squared gradients",
                    .from_course = true}),
      row<Adam>({.name = "adam",
                 .title = "Adam",
                 .summary = "moving averages of g and g⊙g with bias correction",
                 .from_course = true}),
      row<ConjugateGradient>(
          {.name = "cg",
           .title = "Conjugate gradient",
           .summary = "conjugate directions with a Wolfe line search (Polak–Ribière or Fletcher–Reeves)",
           .from_course = true,
           .second_order = true}),
      row<QuasiNewton>({.name = "bfgs",
                        .title = "BFGS",
                        .summary = "inverse-Hessian approximation V by the BFGS update, Wolfe line search",
                        .from_course = true,
                        .second_order = true,
                        .not_for_networks = kKeepsMatrix},
                       QuasiNewtonUpdate::Bfgs),
      row<QuasiNewton>({.name = "dfp",
                        .title = "DFP",
                        .summary = "inverse-Hessian approximation V by the DFP update, Wolfe line search",
                        .from_course = true,
                        .second_order = true,
                        .not_for_networks = kKeepsMatrix},
                       QuasiNewtonUpdate::Dfp),
      row<Newton>({.name = "newton",
                   .title = "Newton",
                   .summary = "Δθ = −η·H⁻¹·g with the exact Hessian, safeguarded when H is not positive definite",
                   .from_course = true,
                   .second_order = true,
                   .needs_hessian = true,
                   .not_for_networks = kNeedsHessian}),
      row<Adam>({.name = "adamw", .title = "AdamW", .summary = "Adam with decoupled weight decay"}, AdamConfig{},
                AdamVariant::AdamW),
      row<Adam>({.name = "amsgrad", .title = "AMSGrad", .summary = "Adam with the running maximum of ŝ"},
                AdamConfig{.amsgrad = true}, AdamVariant::AmsGrad),
      row<Adamax>({.name = "adamax", .title = "Adamax", .summary = "Adam with the infinity norm"}),
      row<Nadam>({.name = "nadam", .title = "NAdam", .summary = "Adam with Nesterov momentum"}),
      row<Radam>({.name = "radam", .title = "RAdam", .summary = "Adam with a rectified adaptive rate"}),
      row<Adadelta>({.name = "adadelta",
                     .title = "Adadelta",
                     .summary = "unit-correct steps from moving averages of g² and Δθ²"}),
      row<Lbfgs>({.name = "lbfgs",
                  .title = "L-BFGS",
                  .summary = "limited-memory BFGS from the last m (s, r) pairs",
                  .second_order = true}),
      row<Lion>(
          {.name = "lion", .title = "Lion", .summary = "sign of an interpolated momentum, decoupled weight decay"}),
      row<Adabelief>({.name = "adabelief",
                      .title = "AdaBelief",
                      .summary = "Adam that divides by the spread of g around m, rectified as RAdam"}),
  };
  return table;
}

const OptimizerInfo& optimizer_info(std::string_view name) {
  for (const auto& info : optimizers())
    if (info.name == name) return info;
  std::string known;
  for (const auto& info : optimizers()) known += (known.empty() ? "" : ", ") + info.name;
  throw std::invalid_argument("unknown optimizer '" + std::string(name) + "' (known: " + known + ")");
}

template <class T>
std::unique_ptr<Optimizer<T>> make_optimizer(std::string_view name) {
  const OptimizerInfo& info = optimizer_info(name);  // throws with the list of names
  if constexpr (std::is_same_v<T, float>)
    return info.make_float();
  else
    return info.make_double();
}

template std::unique_ptr<Optimizer<float>> make_optimizer<float>(std::string_view);
template std::unique_ptr<Optimizer<double>> make_optimizer<double>(std::string_view);

}  // namespace optim
