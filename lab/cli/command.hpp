// lab/cli/command.hpp — the subcommands of the one `descent` binary.
//
// Each command's source file registers itself with a static Registration, so
// adding a command touches no other file:
//
//   static const Registration kTrace{{"trace", "optimizer trajectories on a 2-D surface as CSV",
//                                     kTraceUsage, run_trace}};
//
// Exit codes: 0 success, 1 runtime failure (I/O), 2 bad usage, 3 divergence.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace lab::cli {

struct Command {
  std::string name;                                  // "trace", or "bench optim" for a two-word command
  std::string summary;                               // one line for `descent --help`
  std::string usage;                                 // the full synopsis, printed by `descent NAME --help`
  int (*run)(const std::vector<std::string>& args);  // args after the name
};

struct Registration {
  explicit Registration(Command command);
};

const std::vector<Command>& commands();

// Bad input: main prints "descent NAME: <message>" and exits with 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A run that diverged (NaN/Inf): exit code 3.
struct DivergedError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace lab::cli
