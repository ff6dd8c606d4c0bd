// `descent train | evaluate | predict | bench train` end to end on a tiny
// IDX folder, and their answers to bad input.
#include <stb_image_write.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "nn/idx.hpp"

namespace fs = std::filesystem;

namespace {

struct Result {
  int code;
  std::string out;
};

Result run(const std::string& args) {
  const std::string cmd = std::string(DESCENT_BINARY) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

fs::path temp_dir() {
  const fs::path d = fs::temp_directory_path() / ("descent_nn_cli_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

// 28×28 images of three easy classes: a bright band at rows 0–9, 9–18 or 18–27.
fs::path tiny_idx() {
  const fs::path d = temp_dir() / "tiny";
  if (fs::exists(d / "t10k-labels-idx1-ubyte.gz")) return d;
  fs::create_directories(d);
  std::mt19937 rng(3);
  for (auto [name, n] : {std::pair<const char*, long>{"train", 90}, {"t10k", 30}}) {
    std::vector<std::uint8_t> images, labels;
    for (long i = 0; i < n; ++i) {
      const int label = static_cast<int>(i % 3);
      labels.push_back(static_cast<std::uint8_t>(label));
      for (int r = 0; r < 28; ++r)
        for (int c = 0; c < 28; ++c)
          images.push_back(static_cast<std::uint8_t>((r / 10 == label ? 180 : 0) + rng() % 60));
    }
    nn::write_idx((d / (std::string(name) + "-images-idx3-ubyte.gz")).string(), {n, 28, 28}, images);
    nn::write_idx((d / (std::string(name) + "-labels-idx1-ubyte.gz")).string(), {n}, labels);
  }
  return d;
}

}  // namespace

TEST_CASE("descent train runs end to end and writes its report, model and checkpoints") {
  const fs::path d = temp_dir(), data = tiny_idx();
  const std::string report = (d / "report.json").string(), model = (d / "m.h5").string();
  const Result r =
      run("train --data " + data.string() + " --model mlp --epochs 2 --batch-size 16 --seed 3 --save " + model +
          " --report " + report + " --checkpoint " + (d / "ck-{epoch}-{val_loss:.3f}.h5").string() +
          " --save-best-only --csv-log " + (d / "log.csv").string() + " --early-stopping 3 --reduce-lr 2");
  INFO(r.out);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("Epoch 2/2") && Catch::Contains("Total params: 100,867") &&
                        Catch::Contains("Test loss") && Catch::Contains("confusion matrix"));
  std::ifstream in(report);
  const auto j = nlohmann::json::parse(in);
  for (const char* key : {"test_accuracy", "test_loss", "confusion", "history", "per_class"}) CHECK(j.contains(key));
  CHECK(j["history"].size() == 2);
  CHECK(j["confusion"].size() == 3);
  CHECK(j["test_accuracy"].get<double>() > 0.9);  // three bands are easy
  CHECK(fs::exists(model));
  CHECK(fs::exists(d / "log.csv"));
  bool checkpoint = false;
  for (const auto& e : fs::directory_iterator(d)) checkpoint |= e.path().filename().string().rfind("ck-1-", 0) == 0;
  CHECK(checkpoint);

  SECTION("evaluate and predict use the saved model") {
    const Result ev = run("evaluate " + model + " --data " + data.string());
    INFO(ev.out);
    CHECK(ev.code == 0);
    CHECK_THAT(ev.out, Catch::Contains("test accuracy"));
    std::vector<unsigned char> img(28 * 28);
    for (int i = 0; i < 28 * 28; ++i) img[static_cast<std::size_t>(i)] = (i / 28) / 10 == 2 ? 200 : 10;
    const std::string png = (d / "band2.png").string();
    REQUIRE(stbi_write_png(png.c_str(), 28, 28, 1, img.data(), 28));
    const Result p = run("predict " + model + " " + png);
    INFO(p.out);
    CHECK(p.code == 0);
    CHECK_THAT(p.out, Catch::Contains("class 2"));
  }
  SECTION("--resume continues to the requested epoch") {
    const Result res = run("train --data " + data.string() + " --resume " + model + " --epochs 3 --report " + report);
    INFO(res.out);
    CHECK(res.code == 0);
    std::ifstream again(report);
    CHECK(nlohmann::json::parse(again)["history"].size() == 3);
  }
}

TEST_CASE("Weights saved at epoch 0 start a run again through --initial-weights and --no-shuffle") {
  const fs::path d = temp_dir() / "initial";
  fs::create_directories(d);
  const std::string data = tiny_idx().string(), w0 = (d / "w0.h5").string();
  const std::string common = "train --data " + data + " --model mlp --batch-size 16 --val-split 0 --quiet ";
  auto history = [&](const std::string& args) {
    const std::string report = (d / "r.json").string();
    const Result r = run(common + args + " --report " + report);
    INFO(args << "\n" << r.out);
    REQUIRE(r.code == 0);
    std::ifstream in(report);
    return nlohmann::json::parse(in)["history"].dump();
  };
  CHECK(history("--epochs 0 --seed 3 --save-weights " + w0) == "[]");
  REQUIRE(fs::exists(w0));
  // The seed draws the weights, the batch order and dropout masks. The MLP has no
  // dropout, so with the order fixed, the same start gives the same run.
  const std::string from_w0 = history("--epochs 2 --seed 9 --no-shuffle --initial-weights " + w0);
  CHECK(from_w0 == history("--epochs 2 --seed 3 --no-shuffle"));
  CHECK(from_w0 != history("--epochs 2 --seed 9 --no-shuffle"));
  CHECK(from_w0 != history("--epochs 2 --seed 9 --initial-weights " + w0));

  SECTION("--save-freq N checkpoints every N batches, weights only when asked") {
    // 90 images, batch 16: six batches an epoch, so batches 4, 8 and 12 of two epochs.
    const Result r = run(common + "--epochs 2 --checkpoint " + (d / "w-{epoch}-{batch}.h5").string() +
                         " --save-freq 4 --save-weights-only");
    INFO(r.out);
    REQUIRE(r.code == 0);
    for (const char* f : {"w-1-4.h5", "w-2-2.h5", "w-2-6.h5"}) CHECK(fs::exists(d / f));
    CHECK_FALSE(fs::exists(d / "w-1-6.h5"));
    // Weights alone: evaluate needs a whole model and says so.
    const Result e = run("evaluate " + (d / "w-2-6.h5").string() + " --data " + data);
    CHECK(e.code == 2);
    CHECK_THAT(e.out, Catch::Contains("no model_config (a weights-only file?)"));
  }
  SECTION("weights of another architecture are refused with a clear message") {
    const Result r = run("train --data " + data + " --model cnn --initial-weights " + w0);
    CHECK(r.code == 2);
    CHECK_THAT(r.out, Catch::Contains(w0 + ": no weights for layer 'conv2d'"));
  }
}

TEST_CASE("Bad arguments get a one-line error and exit code 2") {
  const std::string data = tiny_idx().string();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"train --model cnn", "missing --data"},
      {"train --data " + data, "missing --model"},
      {"train --data nowhere --model cnn", "'nowhere' is not mnist, fashion or a folder"},
      {"train --data " + data + " --model resnet", "--model"},
      {"train --data " + data + " --model cnn --optimizer nope", "unknown optimizer 'nope'"},
      {"train --data " + data + " --model cnn --epochs -1", "epochs"},
      {"train --data " + data + " --resume m.h5 --initial-weights w.h5", "--initial-weights and --resume"},
      {"train --data " + data + " --model cnn --batch-size x", "batch-size"},
      {"train --data " + data + " --model cnn --lr -1", "lr"},
      {"train --data " + data + " --model cnn --val-split 1.5", "val-split"},
      {"train --data " + data + " --model cnn --bogus 1", "unknown option --bogus"},
      {"train --data " + data + " --model cnn --save-best-only", "--save-best-only needs --checkpoint"},
      {"train --data " + data + " --model cnn --save-freq 5", "--save-freq needs --checkpoint"},
      {"train --data " + data + " --model cnn --checkpoint c-{batch}.h5", "{batch} needs a save frequency"},
      {"train --data " + data + " --model cnn --checkpoint c.h5 --save-freq 0", "save-freq"},
      {"evaluate", "expected one MODEL.h5"},
      {"predict m.h5", "expected MODEL.h5 and IMAGE"},
      {"bench train --batch-size 0", "batch-size"},
  };
  for (const auto& [args, message] : cases) {
    const Result r = run(args);
    INFO(args << "\n" << r.out);
    CHECK(r.code == 2);
    CHECK_THAT(r.out, Catch::Contains(message));
    CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);
  }
}

TEST_CASE("A broken data file is a clear runtime error, a broken model file a clear refusal") {
  const fs::path d = temp_dir() / "broken";
  fs::create_directories(d);
  std::ofstream(d / "train-images-idx3-ubyte") << "junk";
  std::ofstream(d / "train-labels-idx1-ubyte") << "junk";
  std::ofstream(d / "t10k-images-idx3-ubyte") << "junk";
  std::ofstream(d / "t10k-labels-idx1-ubyte") << "junk";
  const Result r = run("train --data " + d.string() + " --model mlp");
  CHECK(r.code == 2);  // a data file is bad input, like a model file
  CHECK_THAT(r.out, Catch::Contains("train-images-idx3-ubyte: not an unsigned-byte IDX file"));
  const Result e = run("evaluate " + (d / "train-images-idx3-ubyte").string() + " --data " + tiny_idx().string());
  CHECK(e.code == 2);  // a model file is bad input, like a bad argument
  CHECK_THAT(e.out, Catch::Contains("not an HDF5 file"));
}

TEST_CASE("bench train --layers times every layer, and its last line stays machine-readable") {
  const Result r = run("bench train --layers --batch-size 8 --batches 3 --warmup 1 --threads 2");
  INFO(r.out);
  REQUIRE(r.code == 0);
  for (const char* layer :
       {"conv2d ", "max_pooling2d ", "conv2d_1 ", "max_pooling2d_1 ", "flatten ", "dropout ", "dense "})
    CHECK_THAT(r.out, Catch::Contains(std::string("\n") + layer) || Catch::StartsWith(layer));
  CHECK_THAT(r.out, Catch::Contains("per batch of 8"));
  const std::string last = r.out.substr(r.out.rfind('\n', r.out.size() - 2) + 1);
  CHECK_THAT(last, Catch::StartsWith("images_per_s="));
}

TEST_CASE("A log or model that cannot be written fails loudly, and a device path is never replaced") {
  if (!fs::is_character_file("/dev/full")) {
    WARN("no /dev/full here: nothing to check");
    return;
  }
  const std::string common = "train --data " + tiny_idx().string() + " --model mlp --epochs 1 --quiet ";
  const Result log = run(common + "--csv-log /dev/full");
  CHECK(log.code == 1);
  CHECK_THAT(log.out, Catch::Contains("/dev/full: cannot write the CSV log: No space left on device"));
  for (const char* option : {"--save", "--save-weights", "--save-architecture", "--report"}) {
    INFO(option);
    const Result r = run(common + option + " /dev/full");
    CHECK(r.code == 1);
    CHECK_THAT(r.out, Catch::Contains("/dev/full: not a regular file; it is not replaced"));
    CHECK(fs::is_character_file("/dev/full"));
    CHECK_FALSE(fs::exists("/dev/full.tmp"));
  }
}
