// The network data sets: determinism by seed, shapes, split sizes, class
// balance, the shapes that make each set what it is, and the user's CSV
// against hostile input.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include "scenes/network_datasets.hpp"

using scenes::DatasetSpec;
using scenes::make_dataset;
using scenes::NetworkDataset;
using scenes::parse_dataset_csv;

namespace {

std::map<int, long> class_counts(const NetworkDataset& d) {
  std::map<int, long> counts;
  for (double y : d.train_y) ++counts[static_cast<int>(y)];
  for (double y : d.test_y) ++counts[static_cast<int>(y)];
  return counts;
}

std::string csv_error(const std::string& text) {
  try {
    parse_dataset_csv(text, "points.csv", 0.2, 1);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("every data set has its shape, its split and balanced classes", "[network][data]") {
  for (const auto& name : scenes::dataset_names()) {
    INFO(name);
    const NetworkDataset d = make_dataset({.name = name, .points = 203, .test_fraction = 0.25, .seed = 5});
    CHECK(d.name == name);
    CHECK(d.test_size() == 51);  // round(0.25 · 203)
    CHECK(d.train_size() == 152);
    CHECK(static_cast<long>(d.train_x.size()) == d.train_size() * d.inputs);
    CHECK(static_cast<long>(d.test_x.size()) == d.test_size() * d.inputs);
    for (double v : d.train_x) REQUIRE(std::isfinite(v));
    if (name == "sine") {
      CHECK(d.inputs == 1);
      CHECK(d.regression());
      continue;
    }
    CHECK(d.inputs == 2);
    const int k = name == "spirals3" || name == "blobs" ? 3 : 2;
    CHECK(d.classes == k);
    const auto counts = class_counts(d);
    REQUIRE(counts.size() == static_cast<std::size_t>(k));
    for (const auto& [c, n] : counts) CHECK((n == 203 / k || n == 203 / k + 1));
  }
}

TEST_CASE("a data set is a function of its seed", "[network][data]") {
  for (const auto& name : scenes::dataset_names()) {
    INFO(name);
    const DatasetSpec spec{.name = name, .points = 64, .seed = 11};
    const NetworkDataset a = make_dataset(spec), b = make_dataset(spec);
    CHECK(a.train_x == b.train_x);
    CHECK(a.train_y == b.train_y);
    CHECK(a.test_x == b.test_x);
    DatasetSpec other = spec;
    other.seed = 12;
    CHECK(make_dataset(other).train_x != a.train_x);
  }
}

TEST_CASE("noise 0 puts the points on their curves", "[network][data]") {
  const NetworkDataset circles = make_dataset({.name = "circles", .points = 100, .noise = 0, .seed = 3});
  for (std::size_t i = 0; i < static_cast<std::size_t>(circles.train_size()); ++i) {
    const double r = std::hypot(circles.train_x[2 * i], circles.train_x[2 * i + 1]);
    CHECK(r == Approx(circles.train_y[i] == 0 ? 1.0 : 0.5));
  }
  const NetworkDataset x = make_dataset({.name = "xor", .points = 100, .noise = 0, .seed = 3});
  for (std::size_t i = 0; i < static_cast<std::size_t>(x.train_size()); ++i)
    CHECK((x.train_x[2 * i] * x.train_x[2 * i + 1] < 0) == (x.train_y[i] == 1));
  const NetworkDataset s = make_dataset({.name = "sine", .points = 50, .noise = 0, .seed = 3});
  for (std::size_t i = 0; i < static_cast<std::size_t>(s.train_size()); ++i)
    CHECK(s.train_y[i] == Approx(std::sin(s.train_x[i])));
}

TEST_CASE("scaled is moons with x2 multiplied by 100", "[network][data]") {
  const NetworkDataset m = make_dataset({.name = "moons", .points = 80, .seed = 9});
  const NetworkDataset s = make_dataset({.name = "scaled", .points = 80, .seed = 9});
  REQUIRE(m.train_x.size() == s.train_x.size());
  for (std::size_t i = 0; i < m.train_x.size(); ++i) CHECK(s.train_x[i] == (i % 2 ? 100 * m.train_x[i] : m.train_x[i]));
  CHECK(s.train_y == m.train_y);
}

TEST_CASE("blobs has k classes", "[network][data]") {
  const NetworkDataset d = make_dataset({.name = "blobs", .points = 100, .classes = 5, .seed = 2});
  CHECK(d.classes == 5);
  CHECK(class_counts(d).size() == 5);
}

TEST_CASE("bad data set settings are refused with their reason", "[network][data]") {
  CHECK_THROWS_WITH(make_dataset({.name = "donut"}), Catch::Contains("unknown data set 'donut'"));
  CHECK_THROWS_WITH(make_dataset({.points = 2}), Catch::Contains("points must be in"));
  CHECK_THROWS_WITH(make_dataset({.points = 1'000'000}), Catch::Contains("points must be in"));
  CHECK_THROWS_WITH(make_dataset({.test_fraction = 0.95}), Catch::Contains("test fraction"));
  CHECK_THROWS_WITH(make_dataset({.name = "blobs", .classes = 9}), Catch::Contains("classes"));
  CHECK_THROWS_WITH(make_dataset({.noise = 1e9}), Catch::Contains("noise"));
}

TEST_CASE("a CSV of x1,x2,label is read, header or not", "[network][data][csv]") {
  const std::string rows = "0,0,0\n1,1,1\r\n-2.5,3e-1,0\n\n4,5,1\n 6 , 7 , 2\n";
  const NetworkDataset d = parse_dataset_csv("x1,x2,label\n" + rows, "points.csv", 0.4, 1);
  CHECK(d.classes == 3);
  CHECK(d.train_size() + d.test_size() == 5);
  CHECK(d.test_size() == 2);
  const NetworkDataset e = parse_dataset_csv(rows, "points.csv", 0.4, 1);
  CHECK(e.train_x == d.train_x);
  double sum = 0;
  for (double v : d.train_x) sum += v;
  for (double v : d.test_x) sum += v;
  CHECK(sum == Approx(0 + 0 + 1 + 1 - 2.5 + 0.3 + 4 + 5 + 6 + 7));
}

TEST_CASE("a hostile CSV gets one line naming the line", "[network][data][csv]") {
  const std::string ok = "0,0,0\n1,1,1\n2,2,0\n3,3,1\n";
  CHECK(csv_error(ok).empty());
  CHECK(csv_error(ok + "1,2\n") == "points.csv:5: expected 3 fields x1,x2,label, got 2");
  CHECK(csv_error(ok + "1,2,3,4\n") == "points.csv:5: expected 3 fields x1,x2,label, got 4");
  CHECK(csv_error(ok + "a,2,1\n") == "points.csv:5: x1 is not a finite number");
  CHECK(csv_error(ok + "1,nan,1\n") == "points.csv:5: x2 is not a finite number");
  CHECK(csv_error(ok + "1,inf,1\n") == "points.csv:5: x2 is not a finite number");
  CHECK(csv_error(ok + "1,2,1.5\n") == "points.csv:5: label must be a whole number in [0, 9]");
  CHECK(csv_error(ok + "1,2,-1\n") == "points.csv:5: label must be a whole number in [0, 9]");
  CHECK(csv_error(ok + "1,2,10\n") == "points.csv:5: label must be a whole number in [0, 9]");
  CHECK(csv_error(ok + "1e300,2,1\n") == "points.csv:5: coordinates must be within ±1e6");
  CHECK(csv_error(ok + std::string(100, '1') + ",2,1\n") == "points.csv:5: x1 is not a finite number");
  CHECK(csv_error("x1,x2,label\n") == "points.csv: needs at least 4 points, has 0");
  CHECK(csv_error("") == "points.csv: needs at least 4 points, has 0");
  CHECK(csv_error("0,0,0\n1,1,0\n2,2,0\n3,3,0\n") == "points.csv: needs at least two classes (labels 0 and 1)");
  CHECK(csv_error(std::string("0,0,0\n1,1,1\0,2,2,0\n", 20)).find("points.csv:2:") == 0);
  CHECK(csv_error("x1,x2,label\nx1,x2,label\n").find("points.csv:2: x1 is not") == 0);
  std::string many;
  for (long i = 0; i <= scenes::kMaxCsvRows; ++i) many += "1,1," + std::to_string(i % 2) + "\n";
  CHECK(csv_error(many) == "points.csv:" + std::to_string(scenes::kMaxCsvRows + 1) + ": more than " +
                               std::to_string(scenes::kMaxCsvRows) + " points");
  CHECK(csv_error(std::string(static_cast<std::size_t>(scenes::kMaxCsvBytes) + 1, '\n')).find("larger than") !=
        std::string::npos);
}

TEST_CASE("a CSV file is refused before reading when too large or not a file", "[network][data][csv]") {
  CHECK_THROWS_WITH(scenes::load_dataset_csv("/nonexistent/p.csv", 0.2, 1), Catch::Contains("cannot read"));
  CHECK_THROWS_WITH(scenes::load_dataset_csv("/tmp", 0.2, 1), Catch::Contains("not a regular file"));
  const std::string path = "/tmp/descent_test_network_" + std::to_string(::getpid()) + ".csv";
  {
    std::ofstream out(path);
    out << "x1,x2,label\n0,0,0\n1,1,1\n2,2,0\n3,3,1\n";
  }
  CHECK(scenes::load_dataset_csv(path, 0.25, 1).train_size() == 3);
  std::FILE* f = std::fopen(path.c_str(), "w");
  REQUIRE(f);
  std::fseek(f, scenes::kMaxCsvBytes + 10, SEEK_SET);
  std::fputc('\n', f);
  std::fclose(f);
  CHECK_THROWS_WITH(scenes::load_dataset_csv(path, 0.25, 1), Catch::Contains("larger than"));
  std::remove(path.c_str());
}
