// optim/hyper.hpp — a hyperparameter's description, so that the lab's panel
// and the CLI's flags need no per-optimizer code. Methods describe theirs
// with designated initializers, next to their config struct (hyper_field.hpp):
//   {.name = "beta1", .symbol = "β₁", .help = "decay of m", .max = 0.999, .hard_max = 1}
#pragma once

#include <string>
#include <vector>

namespace optim {

struct HyperSpec {
  enum class Kind { Real, Integer, Flag, Choice };

  std::string name = {};    // PyTorch's name where PyTorch has one: "lr", "beta1"
  std::string symbol = {};  // the course's symbol: "ε", "β₁", "α"
  std::string help = {};    // one line for tooltips and `--list`
  Kind kind = Kind::Real;
  double default_value = 0;
  double min = 0;  // sensible range for a slider; values outside
  double max = 1;  // [hard_min, hard_max] are rejected by set()
  bool log_scale = false;
  double hard_min = 0;
  double hard_max = 1e300;
  std::vector<std::string> choices = {};  // Kind::Choice: value is the index
  bool common = false;                    // an option every optimizer has (decay, clipping,
                                          // schedule), shown apart from the method's own
};

// The value a user typed for a spec, checked. Throws std::invalid_argument
// with a message naming the hyperparameter.
double parse_hyper_value(const HyperSpec& spec, const std::string& text);

// The value as a user would type it back ("0.001", "true", "cosine").
std::string format_hyper_value(const HyperSpec& spec, double value);

}  // namespace optim
