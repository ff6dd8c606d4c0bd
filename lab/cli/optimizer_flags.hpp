// lab/cli/optimizer_flags.hpp — hyperparameters from the command line, for
// every optimizer, with no per-optimizer code: `--lr 0.1`, `--beta1 0.8`,
// `--initial-accumulator-value 0.1`, `--amsgrad`, `--no-bias-correction`,
// `--schedule cosine --t-max 50`. Names are the HyperSpec names with '-' for '_'.
#pragma once

#include <string>
#include <string_view>

#include "lab/cli/args.hpp"
#include "lab/cli/command.hpp"
#include "optim/optimizer.hpp"

namespace lab::cli {

// Whether `option` (no dashes) is a flag of any optimizer: `amsgrad`,
// `no-bias-correction`. Such options take no value on the command line.
bool is_optimizer_flag(std::string_view option);

// Applies `--option value` when `option` names a hyperparameter of `opt`;
// returns false when it does not. Throws UsageError for a bad value.
template <class T>
bool apply_optimizer_option(optim::Optimizer<T>& opt, std::string_view option, const std::string& value) {
  std::string key = option_to_key(option);
  bool negated = false;
  if (!opt.has(key) && key.rfind("no_", 0) == 0 && opt.has(key.substr(3))) {
    key = key.substr(3);
    negated = true;
  }
  if (!opt.has(key)) return false;
  for (const auto& spec : opt.specs()) {
    if (spec.name != key) continue;
    double v = 0;
    try {
      if (spec.kind == optim::HyperSpec::Kind::Flag && value.empty())
        v = negated ? 0 : 1;
      else if (negated)
        throw std::invalid_argument("--" + std::string(option) + " takes no value");
      else
        v = optim::parse_hyper_value(spec, value);
      if (spec.name == "lr" && v < 0) throw std::invalid_argument("--lr: must not be negative, got " + value);
      opt.set(key, v);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
    return true;
  }
  return false;
}

}  // namespace lab::cli
