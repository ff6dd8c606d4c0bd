#include "lab/cli/args.hpp"

#include <charconv>
#include <cmath>
#include <sstream>

#include "lab/cli/command.hpp"

namespace lab::cli {

double parse_number(std::string_view option, const std::string& text) {
  double value = 0;
  const char* first = text.data();
  const char* last = first + text.size();
  if (first != last && *first == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (text.empty() || ec != std::errc() || ptr != last || !std::isfinite(value))
    throw UsageError("--" + std::string(option) + ": expected a number, got '" + text + "'");
  return value;
}

long parse_integer(std::string_view option, const std::string& text, long min, long max) {
  long value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size())
    throw UsageError("--" + std::string(option) + ": expected a whole number, got '" + text + "'");
  if (value < min || value > max)
    throw UsageError("--" + std::string(option) + ": must be in [" + std::to_string(min) + ", " + std::to_string(max) +
                     "], got " + text);
  return value;
}

std::pair<double, double> parse_pair(std::string_view option, const std::string& text) {
  const auto comma = text.find(',');
  if (comma == std::string::npos || text.find(',', comma + 1) != std::string::npos)
    throw UsageError("--" + std::string(option) + ": expected X,Y, got '" + text + "'");
  return {parse_number(option, text.substr(0, comma)), parse_number(option, text.substr(comma + 1))};
}

std::string option_to_key(std::string_view option) {
  std::string key(option);
  for (char& c : key)
    if (c == '-') c = '_';
  return key;
}

std::string key_to_option(std::string_view key) {
  std::string option(key);
  for (char& c : option)
    if (c == '_') c = '-';
  return option;
}

const std::string& checked_value(std::string_view option, const std::string& text) {
  // CLI11 hands an option the next token even when that token is an option.
  if (text.size() > 2 && text.compare(0, 2, "--") == 0) throw UsageError("--" + std::string(option) + " needs a value");
  return text;
}

CLI::Option* add_parsed(CLI::App& app, const std::string& option, const std::string& type_name,
                        std::function<void(const std::string&)> parse, const std::string& help) {
  return app
      .add_option_function<std::string>(
          "--" + option, [option, parse](const std::string& text) { parse(checked_value(option, text)); }, help)
      ->type_name(type_name);
}

CLI::Option* add_text(CLI::App& app, const std::string& option, std::string& into, const std::string& help) {
  return add_parsed(
      app, option, "FILE",
      [&into, option](const std::string& text) {
        if (text.empty()) throw UsageError("--" + option + ": empty value");
        into = text;
      },
      help);
}

namespace {
template <class Int>
CLI::Option* add_whole(CLI::App& app, const std::string& option, Int& into, long min, long max,
                       const std::string& help) {
  return add_parsed(
      app, option, "N",
      [&into, option, min, max](const std::string& text) {
        into = static_cast<Int>(parse_integer(option, text, min, max));
      },
      help);
}
}  // namespace

CLI::Option* add_integer(CLI::App& app, const std::string& option, long& into, long min, long max,
                         const std::string& help) {
  return add_whole(app, option, into, min, max, help);
}
CLI::Option* add_integer(CLI::App& app, const std::string& option, int& into, long min, long max,
                         const std::string& help) {
  return add_whole(app, option, into, min, max, help);
}
CLI::Option* add_integer(CLI::App& app, const std::string& option, std::uint64_t& into, long min, long max,
                         const std::string& help) {
  return add_whole(app, option, into, min, max, help);
}

CLI::Option* add_number(CLI::App& app, const std::string& option, double& into, double min, double max,
                        const std::string& help, bool max_open) {
  return add_parsed(
      app, option, "X",
      [&into, option, min, max, max_open](const std::string& text) {
        const double v = parse_number(option, text);
        if (v < min || v > max || (max_open && v == max)) {
          std::ostringstream range;
          range << "--" << option << ": must be in [" << min << ", " << max << (max_open ? ")" : "]") << ", got "
                << text;
          throw UsageError(range.str());
        }
        into = v;
      },
      help);
}

}  // namespace lab::cli
