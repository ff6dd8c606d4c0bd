#include "scenes/formula_parser.hpp"

#include <cctype>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace scenes {

namespace {

// [SECTION] bounds on what GiNaC may compute

[[noreturn]] void out_of_range() {
  throw std::invalid_argument("formula has a number out of range");
}

// Bits of the largest numerator or denominator of an exact rational.
double exact_bits(const GiNaC::numeric& n) {
  if (!n.is_rational()) return 0;  // floats and complex floats: fixed precision
  return static_cast<double>(std::max(GiNaC::numer(n).int_length(), GiNaC::denom(n).int_length()));
}

// |n| as a double that never overflows the check: +inf past double range.
double magnitude(const GiNaC::numeric& n) {
  static const GiNaC::numeric kLargest(std::numeric_limits<double>::max());
  const GiNaC::numeric a = GiNaC::abs(n);
  if (!a.is_real()) return 0;  // complex: reported later as not real-valued
  return a > kLargest ? std::numeric_limits<double>::infinity() : a.to_double();
}

// An upper bound on the bits of the exact numbers GiNaC computes when it
// raises `base` to the exact rational `e`: it raises exact numbers, the
// numeric coefficient of a product, and the bases of powers (b^r)^e = b^(r·e).
double power_bits(const GiNaC::ex& base, double e) {
  using namespace GiNaC;
  if (is_a<numeric>(base)) return exact_bits(ex_to<numeric>(base)) * e;
  if (is_a<mul>(base)) {
    double bits = 0;
    for (std::size_t i = 0; i < base.nops(); ++i) bits = std::max(bits, power_bits(base.op(i), e));
    return bits;
  }
  if (is_a<power>(base) && is_a<numeric>(base.op(1)))
    return power_bits(base.op(0), e * magnitude(ex_to<numeric>(base.op(1))));
  return 0;  // symbols, sums, functions: GiNaC keeps (…)^e as it is
}

// [SECTION] building nodes so that a throw inside GiNaC leaks nothing
// GiNaC evaluates a node when it becomes an ex. Its pow(), +, −, * and /
// allocate the node on the heap first, and when that evaluation throws (a
// pole, CLN's overflow) nothing frees it: LeakSanitizer saw 0^−1 (found by
// fuzzing) and e^1e20 leak so. A node built here lives on the stack until it
// is evaluated, so a throw unwinds it like any local.

GiNaC::ex evaluated(const GiNaC::basic& node) {
  return GiNaC::ex(node);
}
GiNaC::ex plus(const GiNaC::ex& a, const GiNaC::ex& b) {
  return evaluated(GiNaC::add(a, b));
}
GiNaC::ex negative(const GiNaC::ex& a) {
  return evaluated(GiNaC::mul(a, GiNaC::ex(-1)));
}
GiNaC::ex times(const GiNaC::ex& a, const GiNaC::ex& b) {
  return evaluated(GiNaC::mul(a, b));
}
GiNaC::ex divided(const GiNaC::ex& a, const GiNaC::ex& b) {
  return evaluated(GiNaC::mul(a, GiNaC::power(b, GiNaC::ex(-1))));
}
GiNaC::ex raised(const GiNaC::ex& base, const GiNaC::ex& exponent) {
  return evaluated(GiNaC::power(base, exponent));
}

// [SECTION] functions of decimals, in double

// A real decimal (not an exact rational), other than 0.
bool is_decimal(const GiNaC::ex& e) {
  if (!GiNaC::is_a<GiNaC::numeric>(e)) return false;
  const GiNaC::numeric& n = GiNaC::ex_to<GiNaC::numeric>(e);
  return n.is_real() && !n.is_rational() && !n.is_zero();
}

// GiNaC computes a function of a decimal in CLN's 17-digit floats, which lose
// large arguments (sin(1e300) = 0, exp(1e300) = 1) and overflow or underflow
// past about ±1e19 (exp, sinh, cosh, even tanh). The function of a
// decimal is taken in double instead, as muParser takes it of x and y. (0.0
// stays with GiNaC, which knows that log 0 is a pole.) Null: not one of these.
double (*in_double(const std::string& name))(double) {
  static const std::pair<const char*, double (*)(double)> kFunctions[] = {
      {"sin", [](double u) { return std::sin(u); }},   {"cos", [](double u) { return std::cos(u); }},
      {"tan", [](double u) { return std::tan(u); }},   {"asin", [](double u) { return std::asin(u); }},
      {"acos", [](double u) { return std::acos(u); }}, {"atan", [](double u) { return std::atan(u); }},
      {"sinh", [](double u) { return std::sinh(u); }}, {"cosh", [](double u) { return std::cosh(u); }},
      {"tanh", [](double u) { return std::tanh(u); }}, {"exp", [](double u) { return std::exp(u); }},
      {"log", [](double u) { return std::log(u); }},
  };
  for (const auto& [n, f] : kFunctions)
    if (name == n) return f;
  return nullptr;
}

GiNaC::ex decimal_function(double (*f)(double), const GiNaC::numeric& u) {
  const double v = f(u.to_double());
  if (std::isnan(v)) throw std::invalid_argument("formula is not real-valued");
  if (!std::isfinite(v)) out_of_range();
  return GiNaC::numeric(v);
}

// Past this, a power of a decimal is taken in double.
constexpr double kLargestFloatExponent = 1e6;

// A node, once built: a number it evaluated to must be a double.
GiNaC::ex checked(const GiNaC::ex& e) {
  if (GiNaC::is_a<GiNaC::numeric>(e) && !std::isfinite(magnitude(GiNaC::ex_to<GiNaC::numeric>(e)))) out_of_range();
  return e;
}

GiNaC::ex checked_power(const GiNaC::ex& base, const GiNaC::ex& exponent) {
  // 0^u with u not a number: its derivative needs log 0, and GiNaC leaks
  // memory when that pole_error leaves power::derivative (found by fuzzing).
  if (GiNaC::is_a<GiNaC::numeric>(base) && base.is_zero() && !GiNaC::is_a<GiNaC::numeric>(exponent))
    throw std::invalid_argument("formula divides by zero");
  if (GiNaC::is_a<GiNaC::numeric>(exponent)) {
    const GiNaC::numeric& e = GiNaC::ex_to<GiNaC::numeric>(exponent);
    // 0^e for Re e ≤ 0: GiNaC's power::eval throws, and leaks the power it
    // was evaluating (found by fuzzing), so it is refused before pow.
    if (GiNaC::is_a<GiNaC::numeric>(base) && base.is_zero() && !(GiNaC::real_part(e) > 0)) {
      if (e.is_zero()) throw std::invalid_argument("formula has 0^0, which is undefined");
      throw std::invalid_argument("formula divides by zero");
    }
    // A decimal raised to a huge power, or a number to a huge decimal power:
    // CLN's fixed-precision floats lose the first (1.5^(10^300) comes out as
    // 1.0) and overflow on the second (101^5e21 throws out of power::eval,
    // which leaks, found by fuzzing), so take both in double, where they are
    // 0 or out of range.
    if (GiNaC::is_a<GiNaC::numeric>(base) && magnitude(e) > kLargestFloatExponent) {
      const GiNaC::numeric& b = GiNaC::ex_to<GiNaC::numeric>(base);
      if ((!b.is_rational() || !e.is_rational()) && b.is_real() && e.is_real()) {
        const double huge = e.is_negative() ? -HUGE_VAL : HUGE_VAL;
        const double v = std::pow(b.to_double(), std::isfinite(magnitude(e)) ? e.to_double() : huge);
        if (!std::isfinite(v)) out_of_range();
        return GiNaC::numeric(v);
      }
    }
    // exp(u)^e is exp(u·e) for reals (GiNaC's rule, which computes it): a
    // decimal u·e goes through exp in double like any function of a decimal.
    if (GiNaC::is_the_function<GiNaC::exp_SERIAL>(base)) {
      const GiNaC::ex product = checked(times(base.op(0), exponent));
      if (is_decimal(product)) return decimal_function(in_double("exp"), GiNaC::ex_to<GiNaC::numeric>(product));
    }
    // (NaN, from 0 bits times an infinite exponent, is refused too.)
    if (e.is_rational() && !(power_bits(base, std::ceil(magnitude(e))) <= kMaxExactPowerBits))
      throw std::invalid_argument("formula has an exact power too large (its result may have at most " +
                                  std::to_string(static_cast<int>(kMaxExactPowerBits)) + " bits)");
  }
  return checked(raised(base, exponent));
}

// [SECTION] the recursive-descent parser

class Parser {
 public:
  Parser(const std::string& s, const GiNaC::ex& x, const GiNaC::ex& y) : s_(s), x_(x), y_(y) { next(); }

  GiNaC::ex formula() {
    GiNaC::ex e = sum();
    if (!token_.empty()) unexpected();
    return e;
  }

 private:
  // sum := product { (+|−) product }
  GiNaC::ex sum() {
    GiNaC::ex e = product();
    while (token_ == "+" || token_ == "-") {
      const bool minus = token_ == "-";
      next();
      const GiNaC::ex rhs = product();
      e = checked(plus(e, minus ? negative(rhs) : rhs));
    }
    return e;
  }

  // product := signed { (*|/) signed }
  GiNaC::ex product() {
    GiNaC::ex e = signed_power();
    while (token_ == "*" || token_ == "/") {
      const bool divide = token_ == "/";
      next();
      const GiNaC::ex rhs = signed_power();
      e = checked(divide ? divided(e, rhs) : times(e, rhs));
    }
    return e;
  }

  // signed := (+|−) signed | power
  GiNaC::ex signed_power() {
    if (token_ != "+" && token_ != "-") return power();
    const bool minus = token_ == "-";
    next();
    const Nest nest(*this);
    const GiNaC::ex e = signed_power();
    return minus ? checked(negative(e)) : e;
  }

  // power := primary [ ^ exponent ]; a^b^c is ambiguous
  GiNaC::ex power() {
    const GiNaC::ex base = primary();
    if (token_ != "^") return base;
    next();
    const Nest nest(*this);
    const GiNaC::ex e = exponent();
    if (token_ == "^")
      throw std::invalid_argument("syntax error in formula: a^b^c is ambiguous: write (a^b)^c or a^(b^c)");
    return checked_power(base, e);
  }

  // exponent := (+|−) exponent | primary
  GiNaC::ex exponent() {
    if (token_ != "+" && token_ != "-") return primary();
    const bool minus = token_ == "-";
    next();
    const Nest nest(*this);
    const GiNaC::ex e = exponent();
    return minus ? checked(negative(e)) : e;
  }

  // primary := number | x | y | pi | e | name(args) | (sum)
  GiNaC::ex primary() {
    if (token_.empty()) throw std::invalid_argument("syntax error in formula: the formula ends too early");
    const unsigned char c = static_cast<unsigned char>(token_[0]);
    if (token_ == "(") {
      next();
      const Nest nest(*this);
      const GiNaC::ex e = sum();
      expect_close();
      return e;
    }
    if (std::isdigit(c) || c == '.') {
      const double v = std::strtod(token_.c_str(), nullptr);
      if (!std::isfinite(v)) out_of_range();
      // A literal that is 0 in double: CLN would compute 10^exponent exactly
      // first (1e-3080000010 runs for minutes, found by fuzzing). Below the
      // smallest double it is out of range like one above the largest; a zero
      // mantissa is read without its exponent.
      std::string literal = token_;
      if (v == 0) {
        const std::size_t exponent = literal.find_first_of("eE");
        if (literal.find_first_of("123456789") < exponent) out_of_range();
        literal = literal.substr(0, exponent);
      }
      const GiNaC::ex n = checked(GiNaC::numeric(literal.c_str()));
      next();
      return n;
    }
    if (!std::isalpha(c)) unexpected();
    const std::string name = token_;
    next();
    if (token_ != "(") {
      if (name == "x") return x_;
      if (name == "y") return y_;
      if (name == "pi") return GiNaC::Pi;
      if (name == "e") return GiNaC::exp(GiNaC::ex(1));
      throw std::invalid_argument("unknown variable '" + name + "' in formula (use x, y, pi, e)");
    }
    next();
    const Nest nest(*this);
    std::vector<GiNaC::ex> args{sum()};
    while (token_ == ",") {
      next();
      args.push_back(sum());
    }
    expect_close();
    return checked(call(name, args));
  }

  GiNaC::ex call(const std::string& name, const std::vector<GiNaC::ex>& a) {
    if (name == "pow" && a.size() == 2) return checked_power(a[0], a[1]);
    if (a.size() != 1) throw std::invalid_argument("function '" + name + "' in formula takes 1 argument");
    const GiNaC::ex& u = a[0];
    if (const auto f = in_double(name); f && is_decimal(u)) return decimal_function(f, GiNaC::ex_to<GiNaC::numeric>(u));
    if (name == "sin") return GiNaC::sin(u);
    if (name == "cos") return GiNaC::cos(u);
    if (name == "tan") return GiNaC::tan(u);
    if (name == "asin") return GiNaC::asin(u);
    if (name == "acos") return GiNaC::acos(u);
    if (name == "atan") return GiNaC::atan(u);
    if (name == "sinh") return GiNaC::sinh(u);
    if (name == "cosh") return GiNaC::cosh(u);
    if (name == "tanh") return GiNaC::tanh(u);
    if (name == "exp") return GiNaC::exp(u);
    if (name == "log") return GiNaC::log(u);
    if (name == "sqrt") return checked_power(u, GiNaC::numeric(1, 2));
    if (name == "abs") return GiNaC::abs(u);
    throw std::invalid_argument("unknown function '" + name + "' in formula");
  }

  void expect_close() {
    if (token_.empty()) throw std::invalid_argument("syntax error in formula: missing ')'");
    if (token_ != ")") unexpected();
    next();
  }

  [[noreturn]] void unexpected() const {
    throw std::invalid_argument("syntax error in formula: unexpected \"" + token_ + "\"");
  }

  // One level of nesting while it lives.
  struct Nest {
    Parser& p;
    explicit Nest(Parser& parser) : p(parser) {
      if (++p.depth_ > kMaxNesting)
        throw std::invalid_argument("formula nests too deeply (at most " + std::to_string(kMaxNesting) +
                                    " levels of parentheses, calls, signs and powers)");
    }
    ~Nest() { --p.depth_; }
    Nest(const Nest&) = delete;
    Nest& operator=(const Nest&) = delete;
  };

  // The next token: a number, a name, or one operator character; empty at the end.
  void next() {
    while (at_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[at_]))) ++at_;
    const std::size_t start = at_;
    auto is = [&](auto pred) { return at_ < s_.size() && pred(static_cast<unsigned char>(s_[at_])); };
    auto digit_or_dot = [](unsigned char c) { return std::isdigit(c) || c == '.'; };
    auto word = [](unsigned char c) { return std::isalnum(c) || c == '_'; };
    if (is(digit_or_dot)) {
      while (is(digit_or_dot)) ++at_;
      if (at_ < s_.size() && (s_[at_] == 'e' || s_[at_] == 'E')) {
        std::size_t j = at_ + 1;
        if (j < s_.size() && (s_[j] == '+' || s_[j] == '-')) ++j;
        if (j < s_.size() && std::isdigit(static_cast<unsigned char>(s_[j]))) {
          at_ = j;
          while (is([](unsigned char c) { return std::isdigit(c) != 0; })) ++at_;
        }
      }
    } else if (is([](unsigned char c) { return std::isalpha(c) || c == '_'; })) {
      while (is(word)) ++at_;
    } else if (at_ < s_.size()) {
      ++at_;
    }
    token_ = s_.substr(start, at_ - start);
  }

  const std::string& s_;
  GiNaC::ex x_, y_;
  std::size_t at_ = 0;
  std::string token_;
  int depth_ = 0;
};

}  // namespace

double to_finite_double(const GiNaC::numeric& n) {
  if (!std::isfinite(magnitude(n))) out_of_range();
  return n.to_double();
}

GiNaC::ex parse_formula(const std::string& ascii, const GiNaC::ex& x, const GiNaC::ex& y) {
  return Parser(ascii, x, y).formula();
}

}  // namespace scenes
