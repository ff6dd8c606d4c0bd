// optim/hyper_field.hpp — one member of a method's config struct, seen as a
// named hyperparameter by the lab's panel, the CLI's flags and save/load.
//
// A config struct is plain data with PyTorch's names and defaults:
//   struct AdamConfig { double lr = 1e-3; double beta1 = 0.9; … };
// and lists its members once, with what a user needs to know about each:
//   field(&AdamConfig::beta1, {.name = "beta1", .symbol = "β₁", .help = "…"})
// The member's type gives the kind (bool: a flag, int: a whole number, an
// enum: a choice, double: a real) and a default-constructed config gives
// the default, so neither is written twice.
#pragma once

#include <functional>
#include <type_traits>
#include <vector>

#include "optim/hyper.hpp"

namespace optim {

template <class Config>
struct HyperField {
  HyperSpec spec;
  std::function<double(const Config&)> get;
  std::function<void(Config&, double)> set;
};

template <class Config, class Member>
HyperField<Config> field(Member Config::*member, HyperSpec spec) {
  using Kind = HyperSpec::Kind;
  if constexpr (std::is_same_v<Member, bool>) {
    spec.kind = Kind::Flag;
    spec.max = spec.hard_max = 1;
  } else if constexpr (std::is_enum_v<Member>) {
    spec.kind = Kind::Choice;
    spec.max = spec.hard_max = static_cast<double>(spec.choices.size()) - 1;
  } else if constexpr (std::is_integral_v<Member>) {
    spec.kind = Kind::Integer;
  } else {
    static_assert(std::is_same_v<Member, double>, "a hyperparameter is a bool, an int, an enum or a double");
    spec.kind = Kind::Real;
  }
  spec.default_value = static_cast<double>(Config{}.*member);
  return {std::move(spec), [member](const Config& c) { return static_cast<double>(c.*member); },
          [member](Config& c, double value) { c.*member = static_cast<Member>(value); }};
}

template <class Config>
std::vector<HyperSpec> specs_of(const std::vector<HyperField<Config>>& fields) {
  std::vector<HyperSpec> specs;
  for (const auto& f : fields) specs.push_back(f.spec);
  return specs;
}

}  // namespace optim
