#include "lab/cli/args.hpp"

#include <charconv>
#include <cmath>

#include "lab/cli/command.hpp"

namespace lab::cli {

bool ParsedArgs::has(std::string_view name) const {
  for (const auto& [key, value] : options)
    if (key == name) return true;
  return false;
}

std::optional<std::string> ParsedArgs::value(std::string_view name) const {
  std::optional<std::string> found;
  for (const auto& [key, value] : options)
    if (key == name) found = value;
  return found;
}

std::string ParsedArgs::required(std::string_view name) const {
  auto v = value(name);
  if (!v) throw UsageError("missing --" + std::string(name));
  return *v;
}

ParsedArgs parse_args(const std::vector<std::string>& args, const std::function<bool(std::string_view)>& is_flag) {
  ParsedArgs out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& token = args[i];
    if (token.size() < 3 || token.compare(0, 2, "--") != 0) {
      if (token == "--") throw UsageError("unexpected '--'");
      out.positional.push_back(token);
      continue;
    }
    const std::string body = token.substr(2);
    const auto eq = body.find('=');
    if (eq != std::string::npos) {
      out.options.emplace_back(body.substr(0, eq), body.substr(eq + 1));
      continue;
    }
    if (is_flag(body)) {
      out.options.emplace_back(body, "");
      continue;
    }
    // Which options exist is the command's to say, after parsing; here a
    // misspelt flag looks like an option without its value, so say both.
    if (i + 1 >= args.size() || args[i + 1].compare(0, 2, "--") == 0)
      throw UsageError("--" + body + " needs a value (or is not an option of this command: see --help)");
    out.options.emplace_back(body, args[++i]);
  }
  return out;
}

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

}  // namespace lab::cli
