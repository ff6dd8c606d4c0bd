// optim/hyper.hpp — a hyperparameter's description, so that the lab's panel
// and the CLI's flags need no per-optimizer code.
#pragma once

#include <string>
#include <vector>

namespace optim {

struct HyperSpec {
  enum class Kind { Real, Integer, Flag, Choice };

  std::string name;    // PyTorch's name where PyTorch has one: "lr", "beta1"
  std::string symbol;  // the course's symbol: "ε", "β₁", "α"
  std::string help;    // one line for tooltips and `--list`
  Kind kind = Kind::Real;
  double default_value = 0;
  double min = 0;  // sensible range for a slider; values outside
  double max = 1;  // [hard_min, hard_max] are rejected by set()
  bool log_scale = false;
  double hard_min = 0;
  double hard_max = 1e300;
  std::vector<std::string> choices;  // Kind::Choice: value is the index
  bool common = false;               // an option every optimizer has (decay, clipping,
                                     // schedule), shown apart from the method's own
};

// Builders for the common shapes of spec.
HyperSpec real_spec(std::string name, std::string symbol, std::string help, double default_value, double min,
                    double max, bool log_scale = false);
HyperSpec flag_spec(std::string name, std::string symbol, std::string help, bool default_value);
// The learning rate ε: log slider over [min, max], must be ≥ 0.
HyperSpec lr_spec(double default_value, double min = 1e-5, double max = 1.0);
// A coefficient in [0, 1): momentum α, β₁, β₂, ρ.
HyperSpec unit_spec(std::string name, std::string symbol, std::string help, double default_value);

// The value a user typed for a spec, checked. Throws std::invalid_argument
// with a message naming the hyperparameter.
double parse_hyper_value(const HyperSpec& spec, const std::string& text);

// The value as a user would type it back ("0.001", "true", "cosine").
std::string format_hyper_value(const HyperSpec& spec, double value);

}  // namespace optim
