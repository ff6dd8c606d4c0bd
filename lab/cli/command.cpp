#include "lab/cli/command.hpp"

namespace lab::cli {

namespace {
std::vector<Command>& table() {
  static std::vector<Command> commands;  // built during static initialization
  return commands;
}
}  // namespace

Registration::Registration(Command command) {
  table().push_back(std::move(command));
}

const std::vector<Command>& commands() {
  return table();
}

}  // namespace lab::cli
