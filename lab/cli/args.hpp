// lab/cli/args.hpp — declaring a command's options (CLI11) with values checked
// as they are parsed.
//
// Each add_* declares one `--name` with its help text and its validation; a
// bad value is a UsageError naming the option ("--steps: expected a whole
// number, got 'five'"). A value may be negative (`--start -1.2,1`); a value
// that is itself an option (`--steps --lr 0.1`) means the value is missing.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace lab::cli {

// Strict number parsing: the whole text, finite. Messages name the option.
double parse_number(std::string_view option, const std::string& text);
long parse_integer(std::string_view option, const std::string& text, long min, long max);
// "X,Y" → (X, Y).
std::pair<double, double> parse_pair(std::string_view option, const std::string& text);

// "initial-accumulator-value" → "initial_accumulator_value".
std::string option_to_key(std::string_view option);
std::string key_to_option(std::string_view key);

// `text` as the value of --option: throws UsageError when it is another option.
const std::string& checked_value(std::string_view option, const std::string& text);

// --option FILE (any text, not empty; give another ->type_name() for what is not a file).
CLI::Option* add_text(CLI::App& app, const std::string& option, std::string& into, const std::string& help);
// --option N, a whole number in [min, max].
CLI::Option* add_integer(CLI::App& app, const std::string& option, long& into, long min, long max,
                         const std::string& help);
CLI::Option* add_integer(CLI::App& app, const std::string& option, int& into, long min, long max,
                         const std::string& help);
CLI::Option* add_integer(CLI::App& app, const std::string& option, std::uint64_t& into, long min, long max,
                         const std::string& help);
// --option X, a finite number in [min, max] (`max_open`: [min, max)).
CLI::Option* add_number(CLI::App& app, const std::string& option, double& into, double min, double max,
                        const std::string& help, bool max_open = false);
// --option TEXT with a parser of its own (X,Y pairs, WxH sizes, lists); `parse`
// throws UsageError for a bad value.
CLI::Option* add_parsed(CLI::App& app, const std::string& option, const std::string& type_name,
                        std::function<void(const std::string&)> parse, const std::string& help);

}  // namespace lab::cli
