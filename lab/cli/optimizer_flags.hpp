// lab/cli/optimizer_flags.hpp — hyperparameters from the command line, for
// every optimizer, with no per-optimizer code: `--lr 0.1`, `--beta1 0.8`,
// `--initial-accumulator-value 0.1`, `--amsgrad`, `--no-bias-correction`,
// `--schedule cosine --t-max 50`. Names are the HyperSpec names with '-' for '_'.
//
// Which optimizer a command runs is known only once its options are parsed,
// so every optimizer's hyperparameters are declared (each name once, with its
// help text), and those given are set on the chosen optimizer afterwards;
// one it does not have is an error naming both.
#pragma once

#include <string>
#include <vector>

#include "lab/cli/args.hpp"
#include "lab/cli/command.hpp"
#include "optim/optimizer.hpp"

namespace lab::cli {

class OptimizerFlags {
 public:
  // Declares --NAME for every hyperparameter of every optimizer in the
  // registry, and --no-NAME for each flag, skipping names `app` already has.
  explicit OptimizerFlags(CLI::App& app);

  // Sets on `opt` the hyperparameters given, in command-line order. Throws
  // UsageError for a bad value or one that `opt` does not have.
  template <class T>
  void apply(optim::Optimizer<T>& opt) const;

 private:
  struct Declared {
    const CLI::Option* option;
    std::string key;  // the HyperSpec name
    bool flag;        // declared as a flag: --NAME, --NAME=false
    bool negated;     // --no-NAME
  };
  struct Given {
    std::string option;  // without dashes: "no-bias-correction"
    std::string key;     // "bias_correction"
    bool flag;
    bool on;            // a flag's value
    std::string value;  // a value's text
  };
  std::vector<Given> given() const;

  const CLI::App& app_;
  std::vector<Declared> declared_;
};

template <class T>
void OptimizerFlags::apply(optim::Optimizer<T>& opt) const {
  for (const Given& g : given()) {
    if (!opt.has(g.key))
      throw UsageError("unknown option --" + g.option + " for " + opt.name() + " (see descent trace --list)");
    const optim::HyperSpec* spec = nullptr;
    for (const auto& s : opt.specs())
      if (s.name == g.key) spec = &s;
    try {
      double v = 0;
      if (g.flag != (spec->kind == optim::HyperSpec::Kind::Flag))
        throw std::invalid_argument("--" + g.option + (g.flag ? " needs a value" : " takes no value") + " for " +
                                    opt.name());
      v = g.flag ? (g.on ? 1 : 0) : optim::parse_hyper_value(*spec, g.value);
      if (g.key == "lr" && v < 0) throw std::invalid_argument("--lr: must not be negative, got " + g.value);
      opt.set(g.key, v);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
  }
}

}  // namespace lab::cli
