// optim/registry.cpp — the table of optimizers.
#include "optim/registry.hpp"

#include <functional>
#include <stdexcept>

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

const std::vector<OptimizerInfo>& optimizers() {
  static const std::vector<OptimizerInfo> table = {
      {"sgd", "SGD", "stochastic gradient descent θ ← θ − ε·g (PyTorch's SGD, with its momentum options)", true, false,
       false},
      {"momentum", "Momentum", "heavy ball: v ← α·v − ε·g; θ ← θ + v", true, false, false},
      {"nesterov", "Nesterov", "momentum with the gradient taken at the look-ahead point θ + α·v", true, false, false},
      {"adagrad", "AdaGrad", "per-coordinate rate from the sum of squared gradients", true, false, false},
      {"rmsprop", "RMSProp", "per-coordinate rate from a moving average of squared gradients", true, false, false},
      {"adam", "Adam", "moving averages of g and g⊙g with bias correction", true, false, false},
      {"cg", "Conjugate gradient", "conjugate directions with a Wolfe line search (Polak–Ribière or Fletcher–Reeves)",
       true, true, false},
      {"bfgs", "BFGS", "inverse-Hessian approximation V by the BFGS update, Wolfe line search", true, true, false},
      {"dfp", "DFP", "inverse-Hessian approximation V by the DFP update, Wolfe line search", true, true, false},
      {"newton", "Newton", "Δθ = −η·H⁻¹·g with the exact Hessian, safeguarded when H is not positive definite", true,
       true, true},
      {"adamw", "AdamW", "Adam with decoupled weight decay", false, false, false},
      {"amsgrad", "AMSGrad", "Adam with the running maximum of ŝ", false, false, false},
      {"adamax", "Adamax", "Adam with the infinity norm", false, false, false},
      {"nadam", "NAdam", "Adam with Nesterov momentum", false, false, false},
      {"radam", "RAdam", "Adam with a rectified adaptive rate", false, false, false},
      {"adadelta", "Adadelta", "unit-correct steps from moving averages of g² and Δθ²", false, false, false},
      {"lbfgs", "L-BFGS", "limited-memory BFGS from the last m (s, r) pairs", false, true, false},
      {"lion", "Lion", "sign of an interpolated momentum, decoupled weight decay", false, false, false},
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
  using Make = std::function<std::unique_ptr<Optimizer<T>>()>;
  static const std::vector<std::pair<std::string, Make>> makers = {
      {"sgd", [] { return std::make_unique<Sgd<T>>(); }},
      {"momentum", [] { return std::make_unique<Momentum<T>>(); }},
      {"nesterov", [] { return std::make_unique<Nesterov<T>>(); }},
      {"adagrad", [] { return std::make_unique<Adagrad<T>>(); }},
      {"rmsprop", [] { return std::make_unique<Rmsprop<T>>(); }},
      {"adam", [] { return std::make_unique<Adam<T>>(Adam<T>::Variant::Adam); }},
      {"cg", [] { return std::make_unique<ConjugateGradient<T>>(); }},
      {"bfgs", [] { return std::make_unique<QuasiNewton<T>>(QuasiNewton<T>::Update::Bfgs); }},
      {"dfp", [] { return std::make_unique<QuasiNewton<T>>(QuasiNewton<T>::Update::Dfp); }},
      {"newton", [] { return std::make_unique<Newton<T>>(); }},
      {"adamw", [] { return std::make_unique<Adam<T>>(Adam<T>::Variant::AdamW); }},
      {"amsgrad", [] { return std::make_unique<Adam<T>>(Adam<T>::Variant::AmsGrad); }},
      {"adamax", [] { return std::make_unique<Adamax<T>>(); }},
      {"nadam", [] { return std::make_unique<Nadam<T>>(); }},
      {"radam", [] { return std::make_unique<Radam<T>>(); }},
      {"adadelta", [] { return std::make_unique<Adadelta<T>>(); }},
      {"lbfgs", [] { return std::make_unique<Lbfgs<T>>(); }},
      {"lion", [] { return std::make_unique<Lion<T>>(); }},
  };
  optimizer_info(name);  // throws with the list of names
  for (const auto& [key, make] : makers)
    if (key == name) return make();
  throw std::logic_error("optimizer '" + std::string(name) + "' is listed but has no maker");
}

template std::unique_ptr<Optimizer<float>> make_optimizer<float>(std::string_view);
template std::unique_ptr<Optimizer<double>> make_optimizer<double>(std::string_view);

}  // namespace optim
