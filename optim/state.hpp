// optim/state.hpp — an optimizer's complete state, for exact save and restore.
//
// Restoring a state and stepping is bit-identical to never having stopped:
// the lab's step-back and the trainer's resume depend on it. State is keyed by
// name and order, never by memory address (PyTorch's state_dict lesson), and
// tagged with the optimizer's name and a version: a mismatch throws.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "optim/objective.hpp"

namespace optim {

template <class T>
struct OptimizerState {
  static constexpr int kVersion = 1;

  std::string optimizer;  // "adam"
  int version = kVersion;
  std::vector<std::pair<std::string, double>> hyper;    // every hyperparameter's value
  std::vector<std::pair<std::string, double>> scalars;  // t, counters, schedule, method scalars
  std::vector<std::pair<std::string, Vec<T>>> buffers;  // v, s, m, V (flattened), history

  // Bitwise equality: the property tests' yardstick.
  bool operator==(const OptimizerState& other) const;
};

}  // namespace optim
