#include "lab/cli/optimizer_flags.hpp"

#include <map>

#include "optim/registry.hpp"

namespace lab::cli {

namespace {
std::string type_name(const optim::HyperSpec& spec) {
  if (spec.kind == optim::HyperSpec::Kind::Integer) return "N";
  if (spec.kind != optim::HyperSpec::Kind::Choice) return "X";
  std::string names;
  for (const auto& c : spec.choices) names += (names.empty() ? "" : "|") + c;
  return names;
}
}  // namespace

OptimizerFlags::OptimizerFlags(CLI::App& app) : app_(app) {
  const std::string group = "Optimizer hyperparameters (each optimizer's own, with defaults: descent trace --list)";
  std::map<std::string, bool> seen;  // name → declared
  for (const auto& info : optim::optimizers()) {
    const auto opt = optim::make_optimizer<double>(info.name);
    for (const auto& spec : opt->specs()) {
      const std::string option = key_to_option(spec.name);
      if (seen.count(spec.name) || app.get_option_no_throw("--" + option)) continue;
      seen[spec.name] = true;
      if (spec.kind == optim::HyperSpec::Kind::Flag) {
        declared_.push_back(
            {app.add_flag("--" + option)->description(spec.help)->group(group), spec.name, true, false});
        declared_.push_back({app.add_flag("--no-" + option)->description("turns " + spec.name + " off")->group(group),
                             spec.name, true, true});
      } else {
        CLI::Option* o =
            app.add_option_function<std::string>(
                   "--" + option, [option](const std::string& text) { checked_value(option, text); }, spec.help)
                ->type_name(type_name(spec))
                ->group(group);
        declared_.push_back({o, spec.name, false, false});
      }
    }
  }
}

std::vector<OptimizerFlags::Given> OptimizerFlags::given() const {
  std::vector<Given> out;
  for (const CLI::Option* o : app_.parse_order())
    for (const Declared& d : declared_) {
      if (d.option != o) continue;
      const std::string option = o->get_name().substr(2);
      if (d.flag) {
        bool on = false;
        try {
          on = o->as<bool>() != d.negated;
        } catch (const CLI::ConversionError&) {
          throw UsageError("--" + option + ": expected true or false, got '" + o->results().back() + "'");
        }
        out.push_back({option, d.key, true, on, ""});
      } else
        out.push_back({option, d.key, false, false, o->as<std::string>()});
    }
  return out;
}

}  // namespace lab::cli
