#include "scenes/formula_derivatives.hpp"

#include <ginac/ginac.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "scenes/formula_parser.hpp"

// [SECTION] |u| with the derivative sign(u)
// GiNaC's own abs differentiates to u/|u| (0/0 at u = 0), so parsed abs(u)
// is replaced by descent_abs(u), whose derivative is descent_sign(u), whose
// derivative is 0. Both print as muParser's abs and sign.
namespace {
DECLARE_FUNCTION_1P(descent_abs)
DECLARE_FUNCTION_1P(descent_sign)

GiNaC::ex descent_abs_derivative(const GiNaC::ex& u, unsigned) {
  return descent_sign(u);
}
GiNaC::ex descent_sign_derivative(const GiNaC::ex&, unsigned) {
  return 0;
}
}  // namespace

REGISTER_FUNCTION(descent_abs, derivative_func(descent_abs_derivative))
REGISTER_FUNCTION(descent_sign, derivative_func(descent_sign_derivative))

namespace scenes {

namespace {

// [SECTION] checking the text before GiNaC sees it

constexpr std::size_t kMaxLength = 1000;

// GiNaC function name → muParser function name.
struct FunctionName {
  const char* ginac;
  const char* muparser;
};
constexpr FunctionName kFunctions[] = {
    {"sin", "sin"},   {"cos", "cos"},   {"tan", "tan"},   {"asin", "asin"}, {"acos", "acos"},
    {"atan", "atan"}, {"sinh", "sinh"}, {"cosh", "cosh"}, {"tanh", "tanh"}, {"exp", "exp"},
    {"log", "ln"},    {"sqrt", "sqrt"}, {"abs", "abs"},   {"pow", ""},
};

bool is_function(const std::string& name) {
  return std::any_of(std::begin(kFunctions), std::end(kFunctions),
                     [&](const FunctionName& f) { return name == f.ginac; });
}

std::string known_functions() {
  std::string s;
  for (const FunctionName& f : kFunctions) s += (s.empty() ? "" : ", ") + std::string(f.ginac);
  return s;
}

// The course's notation to the parser's: ² → ^2, − → -, · → *, π → pi, ** → ^.
std::string to_ascii(std::string_view text) {
  static const std::pair<const char*, const char*> kReplace[] = {
      {"\u00b2", "^2"}, {"\u00b3", "^3"}, {"\u2212", "-"}, {"\u00b7", "*"},
      {"\u00d7", "*"},  {"\u03c0", "pi"}, {"**", "^"},
  };
  std::string s(text);
  for (const auto& [from, to] : kReplace)
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at))
      s.replace(at, std::string(from).size(), to);
  return s;
}

// The arguments of the call whose '(' is at s[open] must be as many as the
// function takes. (GiNaC's parser must never see "sin()": it matches a call
// without arguments to any arity and crashes.) Unbalanced parentheses are
// left for the parser to report.
void check_arity(const std::string& name, const std::string& s, std::size_t open) {
  int depth = 0, commas = 0;
  bool empty = true;
  for (std::size_t k = open + 1; k < s.size(); ++k) {
    const char c = s[k];
    if (c == ')' && depth == 0) {
      const int got = empty ? 0 : commas + 1, wanted = name == "pow" ? 2 : 1;
      if (got != wanted)
        throw std::invalid_argument("function '" + name + "' in formula takes " + std::to_string(wanted) +
                                    (wanted == 1 ? " argument" : " arguments") + ", got " + std::to_string(got));
      return;
    }
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) ++commas;
    if (!std::isspace(static_cast<unsigned char>(c))) empty = false;
  }
}

// Numbers, names and characters: everything GiNaC would reject with a less
// helpful message, or accept though it is not in our language.
void check_tokens(const std::string& s) {
  const std::string ops = "+-*/^(),";
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isspace(c) || ops.find(static_cast<char>(c)) != std::string::npos) {
      ++i;
    } else if (std::isdigit(c) || c == '.') {
      const std::size_t start = i;
      while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
      if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        std::size_t j = i + 1;
        if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
        if (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) {
          i = j;
          while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
        }
      }
      const std::string number = s.substr(start, i - start);
      const std::string mantissa = number.substr(0, number.find_first_of("eE"));
      if (std::count(mantissa.begin(), mantissa.end(), '.') > 1 || mantissa == ".")
        throw std::invalid_argument("malformed number '" + number + "' in formula");
      if (i < s.size() && (std::isalpha(static_cast<unsigned char>(s[i])) || s[i] == '_')) {
        throw std::invalid_argument("number '" + number + "' followed by '" + s[i] + "' in formula (write " + number +
                                    "*" + s[i] + ")");
      }
    } else if (std::isalpha(c) || c == '_') {
      const std::size_t start = i;
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
      const std::string name = s.substr(start, i - start);
      std::size_t j = i;
      while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
      const bool called = j < s.size() && s[j] == '(';
      if (called && !is_function(name))
        throw std::invalid_argument("unknown function '" + name + "' in formula (known: " + known_functions() + ")");
      if (called) check_arity(name, s, j);
      if (!called && is_function(name))
        throw std::invalid_argument("function '" + name + "' in formula needs parentheses: " + name + "(…)");
      if (!called && name != "x" && name != "y" && name != "pi" && name != "e")
        throw std::invalid_argument("unknown variable '" + name + "' in formula (use x, y, pi, e)");
    } else {
      // A whole UTF-8 sequence, so the message shows the character typed.
      std::size_t n = 1;
      while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
      throw std::invalid_argument("unexpected character '" + s.substr(i, n) + "' in formula");
    }
  }
}

// [SECTION] printing GiNaC expressions for muParser
// Every sum, product and power is parenthesized, so muParser's precedence
// rules (unary minus against ^) never matter.

// Concatenation by append (GCC 12 warns falsely about "(" + s + ")").
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string s;
  for (std::string_view p : parts) s.append(p);
  return s;
}

std::string number_text(double v) {
  if (!std::isfinite(v)) throw std::invalid_argument("formula has a number out of range");
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return v < 0 ? cat({"(", buf, ")"}) : std::string(buf);
}

std::string to_muparser(const GiNaC::ex& e) {
  using namespace GiNaC;
  if (is_a<numeric>(e)) {
    const numeric& n = ex_to<numeric>(e);
    if (!n.is_real()) throw std::invalid_argument("formula is not real-valued");
    return number_text(to_finite_double(n));
  }
  if (is_a<symbol>(e)) return ex_to<symbol>(e).get_name();
  if (is_a<constant>(e)) {
    if (e.is_equal(Pi)) return "_pi";
    throw std::invalid_argument("formula uses an unsupported constant");
  }
  auto join = [&](const char* sep) {
    std::string s = "(";
    for (std::size_t i = 0; i < e.nops(); ++i) s.append(i ? sep : "").append(to_muparser(e.op(i)));
    return s.append(")");
  };
  if (is_a<add>(e)) return join("+");
  if (is_a<mul>(e)) return join("*");
  if (is_a<power>(e)) {
    const ex& base = e.op(0);
    const ex& exponent = e.op(1);
    if (exponent.is_equal(numeric(1, 2))) return cat({"sqrt(", to_muparser(base), ")"});
    if (exponent.is_equal(numeric(-1, 2))) return cat({"(1/sqrt(", to_muparser(base), "))"});
    return cat({"(", to_muparser(base), "^", to_muparser(exponent), ")"});
  }
  if (is_a<function>(e)) {
    const std::string name = ex_to<function>(e).get_name();
    std::string out;
    if (name == "descent_abs") out = "abs";
    if (name == "descent_sign") out = "sign";
    for (const FunctionName& f : kFunctions)
      if (name == f.ginac && *f.muparser) out = f.muparser;
    if (out.empty() || e.nops() != 1)
      throw std::invalid_argument("formula uses '" + name + "', which cannot be evaluated");
    return cat({out, "(", to_muparser(e.op(0)), ")"});
  }
  throw std::invalid_argument("formula has a term that cannot be evaluated");
}

// muParser compiles at most 20000 characters (its MaxLenExpression) per
// expression, and FormulaSurface compiles f,fx,fy and fxx,fxy,fyy as one
// each: refuse larger derivatives as soon as they are printed, before GiNaC
// spends seconds on the next, larger, ones.
constexpr std::size_t kMaxEvaluatorLength = 20000;

void check_evaluator_length(std::initializer_list<std::string_view> parts) {
  std::size_t n = parts.size() - 1;  // the commas
  for (std::string_view p : parts) n += p.size();
  if (n > kMaxEvaluatorLength)
    throw std::invalid_argument("formula is too complex: its derivatives take more than " +
                                std::to_string(kMaxEvaluatorLength) + " characters");
}

}  // namespace

FormulaDerivatives differentiate_formula(std::string_view text) {
  // Trim.
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) throw std::invalid_argument("formula is empty");
  text = text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
  if (text.find('\n') != std::string_view::npos) throw std::invalid_argument("formula must be one line");
  if (text.size() > kMaxLength)
    throw std::invalid_argument("formula is too long (at most " + std::to_string(kMaxLength) + " characters)");

  const std::string ascii = to_ascii(text);
  check_tokens(ascii);

  // GiNaC's reference counts and function registry are process-global.
  static std::mutex ginac_mutex;
  const std::lock_guard<std::mutex> lock(ginac_mutex);
  try {
    const GiNaC::realsymbol x("x"), y("y");
    GiNaC::ex f = parse_formula(ascii, x, y);
    f = f.subs(GiNaC::abs(GiNaC::wild()) == descent_abs(GiNaC::wild()));
    FormulaDerivatives d;
    d.text = std::string(text);
    d.f = to_muparser(f);
    const GiNaC::ex fx = f.diff(x), fy = f.diff(y);
    d.fx = to_muparser(fx);
    d.fy = to_muparser(fy);
    check_evaluator_length({d.f, d.fx, d.fy});  // before the second derivatives, which are larger still
    d.fxx = to_muparser(fx.diff(x));
    d.fxy = to_muparser(fx.diff(y));
    d.fyy = to_muparser(fy.diff(y));
    check_evaluator_length({d.fxx, d.fxy, d.fyy});
    return d;
  } catch (const GiNaC::pole_error&) {
    throw std::invalid_argument("formula divides by zero");
  } catch (const std::invalid_argument&) {
    throw;
  } catch (const std::exception& e) {
    std::string what = e.what();
    throw std::invalid_argument("formula cannot be read: " + what.substr(0, what.find('\n')));
  }
}

}  // namespace scenes
