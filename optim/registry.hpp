// optim/registry.hpp — every optimizer by name, for the lab, the CLI and nn.
//
// One row per method, in display order (the course's methods first). Adding
// a method is one header, one source and one row in registry.cpp.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "optim/optimizer.hpp"

namespace optim {

struct OptimizerInfo {
  std::string name;            // "adam": the key used everywhere
  std::string title;           // "Adam": for legends
  std::string summary;         // one line for `--list` and tooltips
  bool from_course = false;    // taught in the course (`trace --list` marks it [course])
  bool second_order = false;   // uses line searches or curvature (cg, bfgs, dfp, lbfgs, newton)
  bool needs_hessian = false;  // newton
  // Why the method cannot train a network ("needs the exact Hessian, …"),
  // to follow its title in a message; empty when it can.
  std::string not_for_networks = {};
  std::function<std::unique_ptr<Optimizer<float>>()> make_float = {};
  std::function<std::unique_ptr<Optimizer<double>>()> make_double = {};

  bool for_networks() const { return not_for_networks.empty(); }
};

// In display order: the course's methods first.
const std::vector<OptimizerInfo>& optimizers();
// Throws std::invalid_argument naming the known optimizers when unknown.
const OptimizerInfo& optimizer_info(std::string_view name);

template <class T>
std::unique_ptr<Optimizer<T>> make_optimizer(std::string_view name);

extern template std::unique_ptr<Optimizer<float>> make_optimizer<float>(std::string_view);
extern template std::unique_ptr<Optimizer<double>> make_optimizer<double>(std::string_view);

}  // namespace optim
