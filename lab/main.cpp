// lab/main.cpp — `descent`: the lab's window, or one of its headless subcommands.
//
//   descent                      the lab (GLFW + OpenGL 3 + Dear ImGui)
//   descent trace ...            optimizer trajectory on a 2-D surface, as CSV
//   descent bench optim          optimizer speed beside a bare-loop floor
//   descent --help               every subcommand
//
// Each subcommand registers itself (lab/cli/command.hpp); this file only
// dispatches and turns errors into messages and exit codes.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "lab/cli/command.hpp"

namespace {

using lab::cli::Command;

void print_help() {
  std::printf("descent: a lab for seeing and comparing how optimizers train neural networks\n\n");
  std::printf("usage: descent [COMMAND] [OPTIONS]\n\n");
  for (const Command& c : lab::cli::commands()) std::printf("  %-14s %s\n", c.name.c_str(), c.summary.c_str());
  std::printf("\n`descent COMMAND --help` prints a command's options.\n");
}

const Command* find(const std::string& name) {
  for (const Command& c : lab::cli::commands())
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help")) {
    print_help();
    return 0;
  }
  // No subcommand (or only options, like --preset): the lab's window.
  const bool named = !args.empty() && args[0].rfind("-", 0) != 0;
  std::string name = named ? args[0] : "gui";
  std::size_t skip = named ? 1 : 0;
  if (name == "bench" && args.size() >= 2 && args[1].rfind("-", 0) != 0) {
    name = "bench " + args[1];
    skip = 2;
  }
  const Command* command = find(name);
  if (!command) {
    if (name == "gui") {
      print_help();
      return 0;
    }
    std::fprintf(stderr, "descent: unknown command '%s' (see descent --help)\n", name.c_str());
    return 2;
  }
  std::vector<std::string> rest(args.begin() + static_cast<long>(skip), args.end());
  if (!rest.empty() && (rest[0] == "--help" || rest[0] == "-h")) {
    std::printf("%s\n", command->usage.c_str());
    return 0;
  }
  try {
    return command->run(rest);
  } catch (const lab::cli::UsageError& e) {
    std::fprintf(stderr, "descent %s: %s\n", name.c_str(), e.what());
    return 2;
  } catch (const lab::cli::DivergedError& e) {
    std::fprintf(stderr, "descent %s: %s\n", name.c_str(), e.what());
    return 3;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "descent %s: %s\n", name.c_str(), e.what());
    return 1;
  }
}
