#include "lab/cli/optimizer_flags.hpp"

#include "optim/registry.hpp"

namespace lab::cli {

bool is_optimizer_flag(std::string_view option) {
  std::string key = option_to_key(option);
  if (key.rfind("no_", 0) == 0) key = key.substr(3);
  for (const auto& info : optim::optimizers()) {
    const auto opt = optim::make_optimizer<double>(info.name);
    for (const auto& spec : opt->specs())
      if (spec.kind == optim::HyperSpec::Kind::Flag && spec.name == key) return true;
  }
  return false;
}

}  // namespace lab::cli
