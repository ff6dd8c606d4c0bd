// lab/cli/args.hpp — command-line parsing that works as users type.
//
// Options are `--name value` or `--name=value`; a value may be negative
// (`--start -1.2,1`), since only tokens that begin with "--" are options.
// Whether an option takes a value is the caller's to say (`is_flag`), so
// `--amsgrad --lr 0.1` parses without a table of every flag up front.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lab::cli {

struct ParsedArgs {
  std::vector<std::string> positional;
  std::vector<std::pair<std::string, std::string>> options;  // name without "--"; "" for a bare flag

  bool has(std::string_view name) const;
  // The last value given for `name`, if any.
  std::optional<std::string> value(std::string_view name) const;
  // Throws UsageError "missing --name" when absent.
  std::string required(std::string_view name) const;
};

// Throws UsageError for an option that wants a value and has none.
ParsedArgs parse_args(const std::vector<std::string>& args, const std::function<bool(std::string_view)>& is_flag);

// Strict number parsing: the whole text, finite. Messages name the option.
double parse_number(std::string_view option, const std::string& text);
long parse_integer(std::string_view option, const std::string& text, long min, long max);
// "X,Y" → (X, Y).
std::pair<double, double> parse_pair(std::string_view option, const std::string& text);

// "initial-accumulator-value" → "initial_accumulator_value".
std::string option_to_key(std::string_view option);
std::string key_to_option(std::string_view key);

}  // namespace lab::cli
