// Every command's options as a user meets them: --help generated from the
// declarations, a misspelt option reported as unknown, an option without its
// value reported as such, each in one line with exit code 2.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "cli/run_command.hpp"

using test_cli::count_lines;
using test_cli::run_descent;

namespace {

struct Command {
  const char* name;
  std::vector<const char*> options;  // some of what its --help must list
  const char* valued;                // an option that takes a value
};

const std::vector<Command>& commands() {
  static const std::vector<Command> all = {
      {"trace",
       {"--surface", "--formula", "--optimizer", "--start", "--steps", "--out", "--noise", "--list", "--lr", "--beta1",
        "--no-bias-correction", "--schedule"},
       "--steps"},
      {"train",
       {"--data", "--model", "--epochs", "--checkpoint", "--save-best-only", "--resume", "--no-shuffle", "--lr",
        "--eps-inside-sqrt"},
       "--epochs"},
      {"evaluate", {"--data", "--report", "--threads"}, "--threads"},
      {"predict", {"--top", "--invert"}, "--top"},
      {"bench optim", {"--rounds", "--seconds", "--size", "--only"}, "--rounds"},
      {"bench train", {"--batch-size", "--batches", "--warmup", "--threads", "--layers"}, "--batches"},
      {"gui", {"--preset", "--steps", "--screenshot", "--size", "--cnn", "--train", "--list-presets"}, "--steps"},
  };
  return all;
}

}  // namespace

TEST_CASE("every command's --help lists its options and exits 0") {
  for (const Command& c : commands()) {
    INFO(c.name);
    const auto r = run_descent(std::string(c.name) + " --help");
    CHECK(r.code == 0);
    CHECK(r.err.empty());
    CHECK(r.out.find(std::string("descent ") + c.name) != std::string::npos);
    for (const char* option : c.options) {
      INFO(option);
      CHECK(r.out.find(std::string(option) + " ") != std::string::npos);
    }
  }
}

TEST_CASE("a misspelt option is reported as unknown, whatever follows it") {
  for (const Command& c : commands()) {
    for (const char* tail : {"", " 5"}) {
      const std::string args = std::string(c.name) + " --no-such-option" + tail;
      INFO(args);
      const auto r = run_descent(args);
      CHECK(r.code == 2);
      CHECK(count_lines(r.err) == 1);
      CHECK(r.err.find("unknown option --no-such-option") != std::string::npos);
      CHECK(r.out.empty());
    }
  }
}

TEST_CASE("an option without its value says so, at the end or before another option") {
  for (const Command& c : commands()) {
    for (const char* tail : {"", " --help"}) {
      const std::string args = std::string(c.name) + " " + c.valued + tail;
      INFO(args);
      const auto r = run_descent(args);
      CHECK(r.code == 2);
      CHECK(count_lines(r.err) == 1);
      CHECK(r.err.find(std::string(c.valued) + " needs a value") != std::string::npos);
      CHECK(r.out.empty());
    }
  }
}

TEST_CASE("an optimizer's option is checked against the optimizer chosen") {
  const auto r = run_descent("trace --surface rosenbrock --optimizer sgd --start 0,0 --steps 2 --beta1 0.5");
  CHECK(r.code == 2);
  CHECK(r.err.find("unknown option --beta1 for sgd") != std::string::npos);
  const auto flag = run_descent("trace --surface rosenbrock --optimizer adam --start 0,0 --steps 2 --amsgrad=maybe");
  CHECK(flag.code == 2);
  CHECK(count_lines(flag.err) == 1);
  const auto ok =
      run_descent("trace --surface rosenbrock --optimizer adam --start 0,0 --steps 2 --lr 0.5 --lr 0.05 --amsgrad");
  CHECK(ok.code == 0);
  const auto once =
      run_descent("trace --surface rosenbrock --optimizer adam --start 0,0 --steps 2 --lr 0.05 --amsgrad");
  CHECK(ok.out == once.out);  // the last value given counts
}
