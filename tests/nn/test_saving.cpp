// Saving and loading: architecture JSON, weights, whole models in Keras' .h5
// layout (checked with h5py), atomic writes, and resume ≡ never stopping; a
// full disk, a read-only folder or a device at the destination, through
// `descent` as a user runs it.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "nn/atomic_file.hpp"
#include "nn/batch_norm.hpp"
#include "nn/callbacks.hpp"
#include "nn/conv2d.hpp"
#include "nn/dense.hpp"
#include "nn/idx.hpp"
#include "nn/model_io.hpp"
#include "nn/pooling.hpp"
#include "nn/simple_layers.hpp"
#include "nn/tiny_idx.hpp"
#include "optim/registry.hpp"

namespace fs = std::filesystem;
using nn::Act;
using nn::Shape;

namespace {

fs::path temp_dir() {
  const fs::path d = fs::temp_directory_path() / ("descent_nn_saving_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

std::unique_ptr<nn::Sequential<float>> small_model(std::uint64_t seed) {
  auto m = std::make_unique<nn::Sequential<float>>(Shape::image(8, 8, 1));
  m->add(std::make_unique<nn::Conv2D<float>>(nn::Conv2DConfig{
      .filters = 4, .kernel_h = 3, .kernel_w = 3, .padding = nn::Padding::Same, .activation = Act::Relu, .l2 = 1e-4}));
  m->add(std::make_unique<nn::BatchNormalization<float>>());
  m->add(nn::max_pooling<float>({}));
  m->add(nn::average_pooling<float>({.pool_h = 2, .pool_w = 2, .padding = nn::Padding::Same}));
  m->add(std::make_unique<nn::Flatten<float>>());
  m->add(std::make_unique<nn::Dropout<float>>(nn::DropoutConfig{.rate = 0.25}));
  m->add(std::make_unique<nn::Dense<float>>(
      nn::DenseConfig{.units = 6, .activation = Act::Tanh, .kernel_initializer = nn::Init::HeNormal}));
  m->add(std::make_unique<nn::Activation<float>>(Act::LeakyRelu));
  m->add(std::make_unique<nn::Dense<float>>(nn::DenseConfig{.units = 3, .activation = Act::Softmax}));
  m->set_loss(nn::LossKind::CategoricalCrossentropy);
  m->initialize(seed);
  m->set_seed(seed);
  m->set_threads(2);
  return m;
}

nn::Dataset toy_data(long n, std::uint64_t seed) {
  nn::Dataset d;
  d.shape = Shape::image(8, 8, 1);
  d.classes = 3;
  std::mt19937_64 rng(seed);
  for (long i = 0; i < n; ++i) {
    const int label = static_cast<int>(rng() % 3);
    d.labels.push_back(label);
    for (int p = 0; p < 64; ++p)
      d.pixels.push_back(static_cast<std::uint8_t>((p % 3 == label ? 150 : 0) + rng() % 100));
  }
  return d;
}

bool same_bits(const optim::Vec<float>& a, const optim::Vec<float>& b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<std::size_t>(a.size())) == 0;
}

}  // namespace

TEST_CASE("Architecture JSON round-trips and rebuilds the same model") {
  auto m = small_model(1);
  const std::string json = nn::architecture_json(*m);
  auto rebuilt = nn::model_from_json(json, 1);
  CHECK(nn::architecture_json(*rebuilt) == json);
  CHECK(rebuilt->summary() == m->summary());
  CHECK(same_bits(rebuilt->params(), m->params()));  // same seed, same initializers
  const fs::path p = temp_dir() / "arch.json";
  nn::save_architecture(p.string(), *m);
  CHECK(nn::architecture_json(*nn::load_architecture(p.string(), 1)) == json);
  CHECK_THROWS_AS(nn::model_from_json("{\"class_name\": \"Functional\"}"), std::invalid_argument);
  CHECK_THROWS_WITH(
      nn::model_from_json(
          R"({"class_name":"Sequential","config":{"layers":[{"class_name":"InputLayer","config":{"batch_input_shape":[null,4]}},{"class_name":"LSTM","config":{}}]}})"),
      Catch::Contains("unsupported class 'LSTM'"));
}

TEST_CASE("Weights round-trip through HDF5, moving averages included") {
  auto m = small_model(2);
  auto data = toy_data(40, 3);
  auto opt = optim::make_optimizer<float>("adam");
  nn::Trainer trainer(*m, *opt);
  trainer.fit(data, nullptr, {.epochs = 1, .batch_size = 8, .seed = 4});
  const fs::path p = temp_dir() / "weights.h5";
  nn::save_weights(p.string(), *m);
  auto other = small_model(99);
  REQUIRE(!same_bits(other->params(), m->params()));
  nn::load_weights(p.string(), *other);
  CHECK(same_bits(other->params(), m->params()));
  auto* bn = &m->layer(1);
  auto* bn2 = &other->layer(1);
  CHECK(*bn->state()[0].second == *bn2->state()[0].second);
  CHECK(*bn->state()[1].second == *bn2->state()[1].second);
  // A model of another shape refuses them.
  nn::Sequential<float> wrong(Shape::image(8, 8, 1));
  wrong.add(std::make_unique<nn::Conv2D<float>>(nn::Conv2DConfig{.filters = 5, .kernel_h = 3, .kernel_w = 3}));
  CHECK_THROWS_WITH(nn::load_weights(p.string(), wrong), Catch::Contains("does not fit"));
}

TEST_CASE("Loading a whole model and continuing training equals never stopping, bit for bit") {
  const auto data = toy_data(60, 5);
  const nn::FitOptions options{.epochs = 3, .batch_size = 8, .validation_split = 0.2, .seed = 6};
  for (const char* method : {"adam", "nesterov", "rmsprop"}) {
    INFO(method);
    // Uninterrupted.
    auto a = small_model(7);
    auto opt_a = optim::make_optimizer<float>(method);
    opt_a->set("lr", 0.01);
    nn::Trainer ta(*a, *opt_a);
    ta.fit(data, nullptr, options);
    // Stopped after one epoch, saved, loaded, continued.
    auto b = small_model(7);
    auto opt_b = optim::make_optimizer<float>(method);
    opt_b->set("lr", 0.01);
    nn::Trainer tb(*b, *opt_b);
    nn::FitOptions first = options;
    first.epochs = 1;
    tb.fit(data, nullptr, first);
    const fs::path p = temp_dir() / "resume.h5";
    nn::save_model(p.string(), tb);
    nn::LoadedModel loaded = nn::load_model(p.string());
    REQUIRE(loaded.optimizer);
    CHECK(loaded.epoch == 1);
    CHECK(loaded.options.seed == 6);
    CHECK(loaded.history.size() == 1);
    CHECK(loaded.optimizer->get("lr") == Approx(0.01));
    nn::Trainer tc(*loaded.model, *loaded.optimizer);
    tc.set_epoch(loaded.epoch);
    tc.set_history(loaded.history);
    tc.fit(data, nullptr, options);
    CHECK(same_bits(loaded.model->params(), a->params()));
    REQUIRE(tc.history().size() == ta.history().size());
    CHECK(tc.history().back().at("val_loss") == ta.history().back().at("val_loss"));
    CHECK(loaded.optimizer->save_state() == opt_a->save_state());
  }
}

TEST_CASE("A saved model has Keras' .h5 layout for h5py") {
  auto m = small_model(8);
  auto opt = optim::make_optimizer<float>("adam");
  nn::Trainer trainer(*m, *opt);
  trainer.fit(toy_data(16, 1), nullptr, {.epochs = 1, .batch_size = 8});
  const fs::path p = temp_dir() / "model.h5";
  nn::save_model(p.string(), trainer);
  const std::string script = std::string(DESCENT_TEST_DATA) + "/../../tools/nn/check_h5.py";
  const std::string cmd = "/usr/bin/python3 " + script + " " + p.string();
  CHECK(std::system(cmd.c_str()) == 0);
}

TEST_CASE("Writes are atomic: a failed save leaves nothing behind") {
  auto m = small_model(9);
  const fs::path dir = temp_dir() / "no" / "such" / "dir";
  CHECK_THROWS(nn::save_weights((dir / "w.h5").string(), *m));
  const fs::path p = temp_dir() / "keep.h5";
  nn::save_weights(p.string(), *m);
  CHECK(fs::exists(p));
  for (const auto& e : fs::directory_iterator(temp_dir()))
    CHECK(e.path().filename().string().find(".tmp") == std::string::npos);
  std::ofstream(temp_dir() / "junk.h5") << "not hdf5";
  CHECK_THROWS_WITH(nn::load_model((temp_dir() / "junk.h5").string()), Catch::Contains("not an HDF5 file"));
}

TEST_CASE("Parameter counts print with Keras' thousands separators") {
  CHECK(nn::with_commas(0) == "0");
  CHECK(nn::with_commas(999) == "999");
  CHECK(nn::with_commas(1000) == "1,000");
  CHECK(nn::with_commas(34826) == "34,826");
  CHECK(nn::with_commas(1234567) == "1,234,567");
  CHECK(nn::with_commas(-1234) == "-1,234");
  CHECK(nn::with_commas(-123) == "-123");
}

TEST_CASE("A temporary file names its writer and is removed once that writer is gone") {
  const fs::path d = temp_dir() / "stale";
  fs::create_directories(d);
  const std::string temp = nn::temp_path_for((d / "ck.h5").string());
  CHECK(temp == (d / (".ck.h5.tmp." + std::to_string(::getpid()))).string());
  // A writer that has exited: a child's PID, reaped.
  const pid_t gone = ::fork();
  if (gone == 0) ::_exit(0);
  REQUIRE(gone > 0);
  ::waitpid(gone, nullptr, 0);
  const std::vector<std::string> names = {".ck.h5.tmp." + std::to_string(gone),        // a dead writer's: removed
                                          ".ck.h5.tmp." + std::to_string(::getpid()),  // a live writer's: kept
                                          "ck.h5.tmp." + std::to_string(gone),         // not hidden: not ours, kept
                                          ".ck.h5.tmp.x1", "ck.h5"};
  for (const auto& n : names) std::ofstream(d / n) << "x";
  CHECK(nn::remove_stale_temp_files(d.string()) == 1);
  CHECK_FALSE(fs::exists(d / names[0]));
  for (std::size_t i = 1; i < names.size(); ++i) CHECK(fs::exists(d / names[i]));
}

namespace {

struct Outcome {
  int code = -1;   // the exit status, -1 when a signal ended it
  int signal = 0;  // that signal
  std::string err;
};

// `descent ARGS` (shell words), stdout to `out`, stderr captured.
Outcome descent(const std::string& args, const std::string& out = "/dev/null") {
  const fs::path err = temp_dir() / "stderr.txt";
  const std::string cmd = "exec '" + std::string(DESCENT_BINARY) + "' " + args + " >" + out + " 2>" + err.string();
  const int status = std::system(cmd.c_str());
  Outcome o;
  if (WIFEXITED(status)) o.code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) o.signal = WTERMSIG(status);
  std::ifstream in(err);
  o.err.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return o;
}

std::string bytes_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// 4×4 gray images of three classes, in IDX files (tests/nn/tiny_idx.hpp).
fs::path tiny_idx() {
  return tests::write_tiny_idx(temp_dir() / "idx");
}

bool shell(const std::string& cmd) {
  return std::system((cmd + " 2>/dev/null").c_str()) == 0;
}

// Fills the file system holding `folder` to the last byte.
void fill(const fs::path& folder) {
  const int fd = ::open((folder / "filler").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  REQUIRE(fd >= 0);
  const std::string block(4096, 'x');
  while (::write(fd, block.data(), block.size()) > 0) {
  }
  for (std::size_t n = 512; n >= 1; n /= 2)  // the last partial block
    while (::write(fd, block.data(), n) > 0) {
    }
  ::close(fd);
}

}  // namespace

TEST_CASE("A full disk or a read-only folder: a clear error, the previous file intact, no temporary file left") {
  // Both need a file system of our own: a small tmpfs, which only root can mount.
  if (::geteuid() != 0) {
    WARN("not root: no tmpfs can be mounted here, so the full-disk and read-only checks are skipped");
    return;
  }
  const std::string data = tiny_idx().string();
  const std::string train = "train --data " + data + " --model mlp --epochs 1 --batch-size 8 --quiet ";
  for (const char* kind : {"full", "read-only"}) {
    INFO(kind);
    const fs::path mnt = temp_dir() / (std::string("mnt-") + kind);
    fs::create_directories(mnt);
    if (!shell("mount -t tmpfs -o size=256k tmpfs " + mnt.string())) {
      WARN("mount -t tmpfs failed (no CAP_SYS_ADMIN in this container?): " << kind << " checks skipped");
      return;
    }
    struct Unmount {
      fs::path at;
      ~Unmount() { shell("umount " + at.string()); }
    } unmount{mnt};
    const std::string m = mnt.string() + "/";
    // The previous files, whole.
    const Outcome first =
        descent(train + "--save " + m + "m.h5 --save-weights " + m + "w.h5 --save-architecture " + m +
                "arch.json --report " + m + "report.json --checkpoint " + m + "ck.h5 --csv-log " + m + "log.csv");
    INFO(first.err);
    REQUIRE(first.code == 0);
    const Outcome trace_first =
        descent("trace --surface rosenbrock --optimizer adam --start -1.2,1 --steps 50 --out " + m + "t.csv");
    REQUIRE(trace_first.code == 0);
    std::map<std::string, std::string> before;
    for (const auto& e : fs::directory_iterator(mnt)) before[e.path().filename().string()] = bytes_of(e.path());
    REQUIRE(before.size() == 7);
    std::string reason;
    if (std::string(kind) == "full") {
      fill(mnt);
      reason = "No space left on device";
    } else {
      REQUIRE(shell("mount -o remount,ro " + mnt.string()));
      reason = "Read-only file system";
    }
    const std::vector<std::pair<std::string, std::string>> writes = {
        {train + "--save " + m + "m.h5", "m.h5"},
        {train + "--save-weights " + m + "w.h5", "w.h5"},
        {train + "--save-architecture " + m + "arch.json", "arch.json"},
        {train + "--report " + m + "report.json", "report.json"},
        {train + "--checkpoint " + m + "ck.h5", "ck.h5"},
        {train + "--csv-log " + m + "log.csv", "log.csv"},
        {"trace --surface rosenbrock --optimizer adam --start -1.2,1 --steps 2000 --out " + m + "t.csv", "t.csv"},
    };
    for (const auto& [args, file] : writes) {
      const Outcome o = descent(args);
      INFO(args << "\n" << o.err);
      CHECK(o.signal == 0);
      CHECK(o.code == 1);
      CHECK(std::count(o.err.begin(), o.err.end(), '\n') == 1);
      CHECK_THAT(o.err, Catch::Contains(m + file + ": cannot ") && Catch::Contains(reason));
      for (const auto& [name, content] : before) CHECK(bytes_of(mnt / name) == content);
      for (const auto& e : fs::directory_iterator(mnt))  // no temporary file left
        CHECK((before.count(e.path().filename().string()) == 1 || e.path().filename() == "filler"));
    }
    // A CSV log and a trace written to stdout are checked as well.
    const Outcome log = descent(train + "--csv-log " + m + "new.csv");
    INFO(log.err);
    CHECK(log.signal == 0);
    CHECK(log.code == 1);
    CHECK_THAT(log.err, Catch::Contains(m + "new.csv: cannot "));
    if (std::string(kind) == "full") {
      const Outcome out =
          descent("trace --surface rosenbrock --optimizer adam --start -1.2,1 --steps 2000", m + "stdout.csv");
      INFO(out.err);
      CHECK(out.code == 1);
      CHECK_THAT(out.err, Catch::Contains("descent trace: cannot write the output: "));
    }
  }
}

TEST_CASE("A device at the destination is never replaced, a checkpoint's included") {
  if (!fs::is_character_file("/dev/full")) {
    WARN("no /dev/full here: nothing to check");
    return;
  }
  const std::string train = "train --data " + tiny_idx().string() + " --model mlp --epochs 1 --quiet ";
  for (const char* option : {"--checkpoint", "--save", "--save-weights", "--save-architecture", "--report"}) {
    const Outcome o = descent(train + option + " /dev/full");
    INFO(option << "\n" << o.err);
    CHECK(o.code == 1);
    CHECK(o.err == "descent train: /dev/full: not a regular file; it is not replaced\n");
    CHECK(fs::is_character_file("/dev/full"));
  }
  for (const auto& e : fs::directory_iterator("/dev")) CHECK(e.path().filename().string().rfind(".full.tmp", 0) != 0);
}
