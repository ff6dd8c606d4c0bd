// optim/registry.hpp — every optimizer by name, for the lab, the CLI and nn.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "optim/optimizer.hpp"

namespace optim {

struct OptimizerInfo {
  std::string name;     // "adam": the key used everywhere
  std::string title;    // "Adam": for legends
  std::string summary;  // one line for `--list` and tooltips
  bool from_course;     // taught in the course (`trace --list` marks it [course])
  bool second_order;    // uses line searches or curvature (cg, bfgs, dfp, lbfgs, newton)
  bool needs_hessian;   // newton
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
