// lab/cli/command.hpp — the subcommands of the one `descent` binary.
//
// Each command's source file registers itself with a static Registration, so
// adding a command touches no other file. A command declares its options once,
// on the CLI11 app main gives it (which generates `descent NAME --help` from
// them), and returns what runs once they are parsed:
//
//   std::function<int()> declare_trace(CLI::App& app) {
//     auto o = std::make_shared<TraceOptions>();
//     add_integer(app, "steps", o->steps, 0, 100'000'000, "the number of steps")->required();
//     return [o] { return run_trace(*o); };
//   }
//   const Registration kTrace{{"trace", "one optimizer's trajectory on a 2-D surface, as CSV", declare_trace}};
//
// Exit codes: 0 success, 1 runtime failure (I/O), 2 bad usage, 3 divergence.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace lab::cli {

struct Command {
  std::string name;     // "trace", or "bench optim" for a two-word command
  std::string summary;  // one line for `descent --help`
  // Declares the options on `app`; the function it returns runs the command.
  std::function<std::function<int()>(CLI::App& app)> declare;
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
