// lab/main.cpp — `descent`: the lab's window, or one of its headless subcommands.
//
//   descent                      the lab (GLFW + OpenGL 3 + Dear ImGui)
//   descent trace ...            optimizer trajectory on a 2-D surface, as CSV
//   descent bench optim          optimizer speed beside a bare-loop floor
//   descent --help               every subcommand
//
// Each subcommand registers itself and declares its options on a CLI11 app
// (lab/cli/command.hpp); this file only dispatches, parses, and turns errors
// into one-line messages and exit codes.
#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "lab/cli/command.hpp"
#include "nn/dataset.hpp"

namespace {

using lab::cli::Command;
using lab::cli::UsageError;

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

bool starts_with(const std::string& text, const char* prefix) {
  return text.rfind(prefix, 0) == 0;
}

// What CLI11 left unparsed is an unknown option or a stray argument.
void reject_leftovers(const CLI::App& app) {
  const std::vector<std::string> left = app.remaining();
  for (const std::string& token : left)
    if (starts_with(token, "-") && token.size() > 1 && !(token[1] >= '0' && token[1] <= '9'))
      throw UsageError("unknown option " + token.substr(0, token.find('=')) + " (see " + app.get_name() + " --help)");
  if (!left.empty()) throw UsageError("unexpected argument '" + left.front() + "'");
}

// CLI11 2.1's messages, said in one line the way the rest of descent says them.
std::string one_line(const CLI::ParseError& e) {
  std::string message = e.what();
  for (char& c : message)
    if (c == '\n') c = ' ';
  const std::string kind = e.get_name();
  const auto colon = message.find(':');
  const auto word = [&](const char* w) { return message.find(w); };
  if (kind == "RequiredError" && word(" is required") != std::string::npos)
    return "missing " + message.substr(0, word(" is required"));  // "--steps is required"
  if (kind == "ArgumentMismatch" && colon != std::string::npos && word(" missing") != std::string::npos)
    return message.substr(0, colon) + " needs a value";  // "--steps: 1 required N missing"
  if (kind == "RequiresError" && word(" requires ") != std::string::npos)
    return message.replace(word(" requires "), 10, " needs ");  // "--a requires --b"
  if (kind == "ExcludesError" && word(" excludes ") != std::string::npos)
    return message.replace(word(" excludes "), 10, " and ") + " exclude each other";  // "--a excludes --b"
  return message;
}

// Parses `args` into the options `command` declares, then runs it.
int run(const Command& command, const std::vector<std::string>& args) {
  CLI::App app{command.summary, "descent " + command.name};
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);  // the last --lr given counts
  app.allow_extras();  // reported by reject_leftovers, in one line
  app.set_help_flag("-h,--help", "print this help and exit");
  const std::function<int()> body = command.declare(app);
  try {
    app.parse(std::vector<std::string>(args.rbegin(), args.rend()));  // CLI11 takes them reversed
  } catch (const CLI::CallForHelp&) {
    std::printf("%s", app.help().c_str());
    return 0;
  } catch (const CLI::Success&) {  // an option that does all there is to do (--list)
    return 0;
  } catch (const CLI::ParseError& e) {
    reject_leftovers(app);  // a misspelt option explains a "missing" one
    throw UsageError(one_line(e));
  }
  reject_leftovers(app);
  return body();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help")) {
    print_help();
    return 0;
  }
  // No subcommand (or only options, like --preset): the lab's window.
  const bool named = !args.empty() && !starts_with(args[0], "-");
  std::string name = named ? args[0] : "gui";
  std::size_t skip = named ? 1 : 0;
  if (name == "bench" && args.size() >= 2 && !starts_with(args[1], "-")) {
    name = "bench " + args[1];
    skip = 2;
  }
  // "gui" is always registered (lab/app/gui_command.cpp), so only a named
  // command can be missing.
  const Command* command = find(name);
  if (!command) {
    std::fprintf(stderr, "descent: unknown command '%s' (see descent --help)\n", name.c_str());
    return 2;
  }
  int code = 0;
  try {
    code = run(*command, std::vector<std::string>(args.begin() + static_cast<long>(skip), args.end()));
  } catch (const UsageError& e) {
    std::fprintf(stderr, "descent %s: %s\n", name.c_str(), e.what());
    return 2;
  } catch (const nn::DataError& e) {  // a data file that cannot be used is bad input too
    std::fprintf(stderr, "descent %s: %s\n", name.c_str(), e.what());
    return 2;
  } catch (const lab::cli::DivergedError& e) {
    std::fprintf(stderr, "descent %s: %s\n", name.c_str(), e.what());
    return 3;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "descent %s: %s\n", name.c_str(), e.what());
    return 1;
  }
  // What went to stdout (a trace's CSV, a prediction) is a result too: a full
  // disk behind a redirection is an error, never a silent loss.
  const bool flushed = std::fflush(stdout) == 0;
  if (!flushed || std::ferror(stdout)) {
    std::fprintf(stderr, "descent %s: cannot write the output: %s\n", name.c_str(),
                 flushed ? "a write failed" : std::strerror(errno));
    return 1;
  }
  return code;
}
