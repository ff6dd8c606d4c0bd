// optim/hyper.cpp — reading and writing hyperparameter values as users type them.
#include "optim/hyper.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace optim {

namespace {
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}
}  // namespace

double parse_hyper_value(const HyperSpec& spec, const std::string& text) {
  const std::string t = lower(text);
  auto bad = [&](const std::string& why) {
    return std::invalid_argument("--" + spec.name + ": " + why + ", got '" + text + "'");
  };
  switch (spec.kind) {
    case HyperSpec::Kind::Flag:
      if (t == "1" || t == "true" || t == "yes" || t == "on") return 1;
      if (t == "0" || t == "false" || t == "no" || t == "off") return 0;
      throw bad("expected true or false");
    case HyperSpec::Kind::Choice: {
      for (std::size_t i = 0; i < spec.choices.size(); ++i)
        if (lower(spec.choices[i]) == t) return static_cast<double>(i);
      std::string list;
      for (const auto& c : spec.choices) list += (list.empty() ? "" : ", ") + c;
      throw bad("expected one of " + list);
    }
    case HyperSpec::Kind::Integer:
    case HyperSpec::Kind::Real: {
      double value = 0;
      const char* first = text.data();
      const char* last = text.data() + text.size();
      if (first != last && *first == '+') ++first;
      auto [ptr, ec] = std::from_chars(first, last, value);
      if (text.empty() || ec != std::errc() || ptr != last || !std::isfinite(value)) throw bad("expected a number");
      if (spec.kind == HyperSpec::Kind::Integer && value != std::floor(value)) throw bad("expected a whole number");
      if (value < spec.hard_min || value > spec.hard_max) {
        throw bad("must be in [" + format_hyper_value(spec, spec.hard_min) + ", " +
                  format_hyper_value(spec, spec.hard_max) + "]");
      }
      return value;
    }
  }
  throw bad("unreadable");
}

std::string format_hyper_value(const HyperSpec& spec, double value) {
  switch (spec.kind) {
    case HyperSpec::Kind::Flag:
      return value != 0 ? "true" : "false";
    case HyperSpec::Kind::Choice: {
      const auto i = static_cast<std::size_t>(value);
      return i < spec.choices.size() ? spec.choices[i] : "?";
    }
    default:
      break;
  }
  if (value >= 1e300) return "inf";
  std::ostringstream out;
  out.precision(6);
  out << value;
  return out.str();
}

}  // namespace optim
