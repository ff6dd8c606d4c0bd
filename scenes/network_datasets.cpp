#include "scenes/network_datasets.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <numbers>
#include <random>
#include <sstream>
#include <stdexcept>

#include "nn/init.hpp"

namespace scenes {
namespace {

constexpr double kPi = std::numbers::pi;
// Salts that keep the data set's draws apart from other users of the same seed.
constexpr std::uint64_t kDataSalt = 0x6461746173657473ULL;

struct Point {
  double x1 = 0, x2 = 0, label = 0;
};

// N(0, 1) by Box–Muller from the engine's raw bits: the same numbers on every platform.
double normal(std::mt19937_64& rng) {
  const double u1 = 1.0 - nn::uniform01(rng);  // (0, 1]
  const double u2 = nn::uniform01(rng);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * kPi * u2);
}

long class_count(long n, int classes, int c) {
  return n / classes + (c < n % classes ? 1 : 0);
}

std::vector<Point> moons(long n, double noise, std::mt19937_64& rng) {
  std::vector<Point> p;
  for (int c = 0; c < 2; ++c)
    for (long i = 0; i < class_count(n, 2, c); ++i) {
      const double t = kPi * nn::uniform01(rng);
      Point q = c == 0 ? Point{std::cos(t), std::sin(t), 0.0} : Point{1 - std::cos(t), 0.5 - std::sin(t), 1.0};
      q.x1 += noise * normal(rng) - 0.5;
      q.x2 += noise * normal(rng) - 0.25;
      p.push_back(q);
    }
  return p;
}

std::vector<Point> circles(long n, double noise, std::mt19937_64& rng) {
  std::vector<Point> p;
  for (int c = 0; c < 2; ++c)
    for (long i = 0; i < class_count(n, 2, c); ++i) {
      const double t = 2 * kPi * nn::uniform01(rng), r = c == 0 ? 1.0 : 0.5;
      p.push_back({r * std::cos(t) + noise * normal(rng), r * std::sin(t) + noise * normal(rng), double(c)});
    }
  return p;
}

std::vector<Point> xor_set(long n, double noise, std::mt19937_64& rng) {
  std::vector<Point> p;
  for (int c = 0; c < 2; ++c)
    for (long i = 0; i < class_count(n, 2, c); ++i) {
      // Class 0 in quadrants I and III, class 1 in II and IV, away from the axes.
      const double a = 0.05 + 0.95 * nn::uniform01(rng), b = 0.05 + 0.95 * nn::uniform01(rng);
      const double s = nn::uniform01(rng) < 0.5 ? 1.0 : -1.0;
      const double x1 = s * a, x2 = (c == 0 ? s : -s) * b;
      p.push_back({x1 + noise * normal(rng), x2 + noise * normal(rng), double(c)});
    }
  return p;
}

std::vector<Point> spirals(long n, int arms, double noise, std::mt19937_64& rng) {
  std::vector<Point> p;
  for (int c = 0; c < arms; ++c) {
    const long m = class_count(n, arms, c);
    for (long i = 0; i < m; ++i) {
      const double r = (static_cast<double>(i) + 0.5) / static_cast<double>(m);
      const double t = 2 * kPi * (static_cast<double>(c) / arms + 1.25 * r);
      p.push_back({r * std::cos(t) + noise * normal(rng), r * std::sin(t) + noise * normal(rng), double(c)});
    }
  }
  return p;
}

std::vector<Point> blobs(long n, int classes, double noise, std::mt19937_64& rng) {
  std::vector<Point> p;
  for (int c = 0; c < classes; ++c)
    for (long i = 0; i < class_count(n, classes, c); ++i) {
      const double t = 2 * kPi * c / classes;
      p.push_back({1.5 * std::cos(t) + noise * normal(rng), 1.5 * std::sin(t) + noise * normal(rng), double(c)});
    }
  return p;
}

std::vector<Point> sine(long n, double noise, std::mt19937_64& rng) {
  std::vector<Point> p;
  for (long i = 0; i < n; ++i) {
    const double x = kPi * (2 * nn::uniform01(rng) - 1);
    p.push_back({x, 0.0, std::sin(x) + noise * normal(rng)});
  }
  return p;
}

// Shuffles the points (Fisher–Yates on the engine's raw bits) and splits them.
NetworkDataset split(std::vector<Point> points, std::string name, int inputs, int classes, double test_fraction,
                     std::mt19937_64& rng) {
  const long n = static_cast<long>(points.size());
  for (long i = n - 1; i > 0; --i) {
    const auto j = static_cast<long>(rng() % static_cast<std::uint64_t>(i + 1));
    std::swap(points[static_cast<std::size_t>(i)], points[static_cast<std::size_t>(j)]);
  }
  const long n_test = std::lround(test_fraction * static_cast<double>(n));
  NetworkDataset d{.name = std::move(name), .inputs = inputs, .classes = classes};
  for (long i = 0; i < n; ++i) {
    const Point& q = points[static_cast<std::size_t>(i)];
    auto& x = i < n_test ? d.test_x : d.train_x;
    auto& y = i < n_test ? d.test_y : d.train_y;
    x.push_back(q.x1);
    if (inputs == 2) x.push_back(q.x2);
    y.push_back(q.label);
  }
  return d;
}

void check_split(long points, double test_fraction) {
  if (!(test_fraction >= 0 && test_fraction <= 0.9))
    throw std::invalid_argument("test fraction must be in [0, 0.9], got " + std::to_string(test_fraction));
  if (points - std::lround(test_fraction * static_cast<double>(points)) < 2)
    throw std::invalid_argument("the split leaves fewer than 2 training points");
}

}  // namespace

const std::vector<std::string>& dataset_names() {
  static const std::vector<std::string> names = {"moons",    "circles", "xor",  "spirals",
                                                 "spirals3", "blobs",   "sine", "scaled"};
  return names;
}

double default_noise(std::string_view name) {
  if (name == "moons" || name == "scaled" || name == "sine") return 0.1;
  if (name == "circles") return 0.08;
  if (name == "xor" || name == "spirals" || name == "spirals3") return 0.05;
  if (name == "blobs") return 0.4;
  std::string known;
  for (const auto& n : dataset_names()) known += (known.empty() ? "" : ", ") + n;
  throw std::invalid_argument("unknown data set '" + std::string(name) + "' (known: " + known + ", or FILE.csv)");
}

NetworkDataset make_dataset(const DatasetSpec& spec) {
  const double noise = spec.noise < 0 ? default_noise(spec.name) : spec.noise;
  if (spec.noise >= 0) default_noise(spec.name);  // the name's check
  if (spec.points < kMinPoints || spec.points > kMaxPoints)
    throw std::invalid_argument("points must be in [" + std::to_string(kMinPoints) + ", " + std::to_string(kMaxPoints) +
                                "], got " + std::to_string(spec.points));
  if (!std::isfinite(noise) || noise > 10) throw std::invalid_argument("noise must be in [0, 10]");
  if (spec.name == "blobs" && (spec.classes < 2 || spec.classes > 8))
    throw std::invalid_argument("blobs: classes must be in [2, 8], got " + std::to_string(spec.classes));
  check_split(spec.points, spec.test_fraction);
  std::mt19937_64 rng(nn::mix64(spec.seed ^ kDataSalt));
  const long n = spec.points;
  const std::string& s = spec.name;
  if (s == "sine") return split(sine(n, noise, rng), s, 1, 0, spec.test_fraction, rng);
  std::vector<Point> p;
  int classes = 2;
  if (s == "moons" || s == "scaled") p = moons(n, noise, rng);
  if (s == "circles") p = circles(n, noise, rng);
  if (s == "xor") p = xor_set(n, noise, rng);
  if (s == "spirals") p = spirals(n, 2, noise, rng);
  if (s == "spirals3") p = spirals(n, classes = 3, noise, rng);
  if (s == "blobs") p = blobs(n, classes = spec.classes, noise, rng);
  if (s == "scaled")
    for (Point& q : p) q.x2 *= 100;
  return split(std::move(p), s, 2, classes, spec.test_fraction, rng);
}

// [SECTION] the user's CSV ------------------------------------------------------

namespace {

// The whole field as a finite number.
bool parse_field(std::string_view text, double& out) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.empty() || text.size() > 64) return false;
  char buffer[65];
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  char* end = nullptr;
  out = std::strtod(buffer, &end);
  return end == buffer + text.size() && std::isfinite(out);
}

}  // namespace

NetworkDataset parse_dataset_csv(std::string_view text, const std::string& where, double test_fraction,
                                 std::uint64_t seed) {
  auto fail = [&](long line, const std::string& why) {
    throw std::invalid_argument(where + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + why);
  };
  if (static_cast<long>(text.size()) > kMaxCsvBytes) fail(0, "larger than " + std::to_string(kMaxCsvBytes) + " bytes");
  if (!(test_fraction >= 0 && test_fraction <= 0.9)) fail(0, "test fraction must be in [0, 0.9]");
  std::vector<Point> points;
  int max_label = -1;
  long line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank
    std::string_view fields[3];
    int count = 0;
    std::size_t start = 0;
    for (;;) {
      const std::size_t comma = line.find(',', start);
      if (count < 3) fields[count] = line.substr(start, comma == std::string_view::npos ? line.npos : comma - start);
      ++count;
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (count != 3) fail(line_no, "expected 3 fields x1,x2,label, got " + std::to_string(count));
    Point q;
    const bool numbers = parse_field(fields[0], q.x1);
    if (!numbers && points.empty() && line_no == 1 && line == "x1,x2,label") continue;  // the header
    if (!numbers) fail(line_no, "x1 is not a finite number");
    if (!parse_field(fields[1], q.x2)) fail(line_no, "x2 is not a finite number");
    if (!parse_field(fields[2], q.label) || q.label != std::floor(q.label) || q.label < 0 || q.label >= kMaxCsvClasses)
      fail(line_no, "label must be a whole number in [0, " + std::to_string(kMaxCsvClasses - 1) + "]");
    if (std::abs(q.x1) > 1e6 || std::abs(q.x2) > 1e6) fail(line_no, "coordinates must be within ±1e6");
    if (static_cast<long>(points.size()) >= kMaxCsvRows)
      fail(line_no, "more than " + std::to_string(kMaxCsvRows) + " points");
    max_label = std::max(max_label, static_cast<int>(q.label));
    points.push_back(q);
  }
  const long n = static_cast<long>(points.size());
  if (n < kMinPoints) fail(0, "needs at least " + std::to_string(kMinPoints) + " points, has " + std::to_string(n));
  if (max_label < 1) fail(0, "needs at least two classes (labels 0 and 1)");
  try {
    check_split(n, test_fraction);
  } catch (const std::invalid_argument& e) {
    fail(0, e.what());
  }
  std::mt19937_64 rng(nn::mix64(seed ^ kDataSalt));
  return split(std::move(points), where, 2, max_label + 1, test_fraction, rng);
}

NetworkDataset load_dataset_csv(const std::string& path, double test_fraction, std::uint64_t seed) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw std::invalid_argument(path + ": cannot read: " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw std::invalid_argument(path + ": not a regular file");
  if (st.st_size > kMaxCsvBytes)
    throw std::invalid_argument(path + ": larger than " + std::to_string(kMaxCsvBytes) + " bytes");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument(path + ": cannot read: " + std::strerror(errno));
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  in.read(text.data(), st.st_size);
  text.resize(static_cast<std::size_t>(in.gcount()));
  return parse_dataset_csv(text, path, test_fraction, seed);
}

}  // namespace scenes
