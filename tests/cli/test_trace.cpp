// `descent trace`: the documented output and the documented errors.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <vector>

#include "cli/run_command.hpp"
#include "optim/registry.hpp"
#include "scenes/surface.hpp"

using test_cli::count_lines;
using test_cli::run_descent;

namespace {
struct Row {
  long step;
  double x, y, f;
};
std::vector<Row> parse_csv(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  REQUIRE(line == "step,x,y,f");
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    Row r{};
    REQUIRE(std::sscanf(line.c_str(), "%ld,%lf,%lf,%lf", &r.step, &r.x, &r.y, &r.f) == 4);
    rows.push_back(r);
  }
  return rows;
}
}  // namespace

TEST_CASE("trace writes step,x,y,f from the start point, one row per step") {
  const auto r = run_descent("trace --surface rosenbrock --optimizer adam --start -1.2,1 --steps 25 --lr 0.05");
  REQUIRE(r.code == 0);
  const auto rows = parse_csv(r.out);
  REQUIRE(rows.size() == 26);
  CHECK(rows[0].step == 0);
  CHECK(rows[0].x == -1.2);
  CHECK(rows[0].y == 1.0);
  CHECK(rows[0].f == Approx(24.2));
  for (std::size_t k = 0; k < rows.size(); ++k) CHECK(rows[k].step == static_cast<long>(k));
  CHECK(rows.back().f < rows.front().f);
}

TEST_CASE("trace reproduces the library's own trajectory exactly") {
  const auto r =
      run_descent("trace --surface beale --optimizer momentum --start=1,1 --steps 50 --lr 0.002 --momentum 0.8");
  REQUIRE(r.code == 0);
  const auto rows = parse_csv(r.out);
  auto surface = scenes::make_surface("beale");
  auto opt = optim::make_optimizer<double>("momentum");
  opt->set("lr", 0.002);
  opt->set("momentum", 0.8);
  optim::Vec<double> theta(2);
  theta << 1, 1;
  for (int k = 1; k <= 50; ++k) {
    opt->step(*surface, theta);
    CHECK(rows[static_cast<std::size_t>(k)].x == theta[0]);  // %.17g round-trips exactly
    CHECK(rows[static_cast<std::size_t>(k)].y == theta[1]);
  }
}

TEST_CASE("negative numbers work as typed: --start -1.2,1 and --start=-1.2,1") {
  const auto a = run_descent("trace --surface rosenbrock --optimizer sgd --start -1.2,1 --steps 3");
  const auto b = run_descent("trace --surface rosenbrock --optimizer sgd --start=-1.2,1 --steps 3");
  REQUIRE(a.code == 0);
  REQUIRE(b.code == 0);
  CHECK(a.out == b.out);
  CHECK(count_lines(a.out) == 5);
}

TEST_CASE("a formula surface traces like a built-in one") {
  const auto r = run_descent("trace --formula 'x^2 + 10*y^2' --optimizer sgd --start 1,1 --steps 100 --lr 0.05");
  REQUIRE(r.code == 0);
  const auto rows = parse_csv(r.out);
  REQUIRE(rows.size() == 101);
  CHECK(rows[1].x == Approx(1 - 0.05 * 2));
  CHECK(rows[1].y == Approx(1 - 0.05 * 20));
  CHECK(rows.back().f < 1e-6);
}

TEST_CASE("trace --out writes the file and nothing to stdout") {
  const std::string path = "/tmp/descent_trace_out_" + std::to_string(::getpid()) + ".csv";
  const auto r = run_descent("trace --surface booth --optimizer rmsprop --start 0,0 --steps 10 --out " + path);
  REQUIRE(r.code == 0);
  CHECK(r.out.empty());
  CHECK(count_lines(test_cli::read_all(path)) == 12);
  std::remove(path.c_str());
}

TEST_CASE("trace --list names every surface and every optimizer with its defaults") {
  const auto r = run_descent("trace --list");
  REQUIRE(r.code == 0);
  for (const auto& name : scenes::surface_names()) CHECK(r.out.find(name) != std::string::npos);
  for (const auto& info : optim::optimizers()) CHECK(r.out.find("  " + info.name + " ") != std::string::npos);
  CHECK(r.out.find("--initial-accumulator-value") != std::string::npos);
  CHECK(r.out.find("--beta2") != std::string::npos);
}

TEST_CASE("bad input gets a one-line error naming the problem and exit code 2") {
  struct Case {
    const char* args;
    const char* mentions;
  };
  const Case cases[] = {
      {"trace --surface nowhere --optimizer adam --start 0,0 --steps 5", "unknown surface 'nowhere'"},
      {"trace --surface rosenbrock --optimizer adamm --start 0,0 --steps 5", "unknown optimizer 'adamm'"},
      {"trace --surface rosenbrock --optimizer adam --start 0,x --steps 5", "--start"},
      {"trace --surface rosenbrock --optimizer adam --start 0,0 --steps five", "--steps"},
      {"trace --surface rosenbrock --optimizer adam --start 0,0 --steps 5 --lr -0.1", "--lr"},
      {"trace --surface rosenbrock --optimizer adam --start 0,0 --steps 5 --lr 1e-3x", "--lr"},
      {"trace --surface rosenbrock --optimizer adam --start 0,0", "missing --steps"},
      {"trace --surface rosenbrock --start 0,0 --steps 5", "missing --optimizer"},
      {"trace --optimizer adam --start 0,0 --steps 5", "missing --surface"},
      {"trace --surface rosenbrock --optimizer adam --steps 5", "missing --start"},
      {"trace --surface rosenbrock --optimizer adam --start 0,0 --steps 5 --momentum 0.9", "--momentum"},
      {"trace --surface rosenbrock --optimizer adam --start 0,0 --steps", "--steps needs a value"},
      {"trace --formula 'x^^2' --optimizer adam --start 0,0 --steps 5", "--formula"},
      {"trace --formula 'x + z' --optimizer adam --start 0,0 --steps 5", "--formula"},
  };
  for (const auto& c : cases) {
    INFO(c.args);
    const auto r = run_descent(c.args);
    CHECK(r.code == 2);
    CHECK(count_lines(r.err) == 1);
    CHECK(r.err.find(c.mentions) != std::string::npos);
    CHECK(r.out.empty());
  }
}

TEST_CASE("a diverging run stops at that step, keeps the rows before it, and exits 3") {
  const std::string path = "/tmp/descent_trace_div_" + std::to_string(::getpid()) + ".csv";
  const auto r =
      run_descent("trace --surface rosenbrock --optimizer sgd --start -1.2,1 --steps 500 --lr 0.5 --out " + path);
  CHECK(r.code == 3);
  CHECK(r.err.find("diverged at step") != std::string::npos);
  const auto rows = parse_csv(test_cli::read_all(path));
  REQUIRE(rows.size() >= 2);
  REQUIRE(rows.size() < 501);
  for (const auto& row : rows) CHECK(std::isfinite(row.f));
  std::remove(path.c_str());
}
