// lab/cli/bench_race.cpp — `descent bench race`: what interleaving costs. The
// CNN trainer's race (lab/model/cnn_session.hpp) of four optimizers against
// a single run of the same session, on the reference CNN with random
// MNIST-shaped data, in the same process one after the other.
//
// Both train the same number of batches per run (one epoch, no validation,
// a one-image test set); images/s counts every run's images over the wall
// time from start to end. The ratio race / single is what the race keeps of
// a single run's throughput (the issue asks for at least 0.9).
#include <chrono>
#include <cstdio>
#include <random>

#include "lab/cli/args.hpp"
#include "lab/cli/command.hpp"
#include "lab/model/cnn_session.hpp"

namespace lab::cli {
namespace {

struct BenchRaceOptions {
  long batch = 64, batches = 40;
  int threads = 2;
};

nn::Dataset random_images(long n, std::uint64_t seed) {
  nn::Dataset data;
  data.shape = nn::Shape::image(28, 28, 1);
  data.classes = 10;
  std::mt19937_64 rng(seed);
  data.pixels.resize(static_cast<std::size_t>(n * 784));
  for (auto& p : data.pixels) p = static_cast<std::uint8_t>(rng() & 0xff);
  for (long i = 0; i < n; ++i) data.labels.push_back(static_cast<int>(rng() % 10));
  return data;
}

// Images per second of one race (all its runs together), wall time from start to end.
double race_speed(const model::CnnConfig& config, const nn::DataSplit& data, long* images) {
  model::CnnSession session;
  const auto t0 = std::chrono::steady_clock::now();
  session.start(config, data);
  session.wait();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const model::CnnSnapshot s = session.snapshot();
  if (s.status != model::CnnStatus::Finished) throw std::runtime_error("the race did not finish: " + s.message);
  *images = 0;
  for (const model::CnnRun& run : s.runs) *images += run.images;
  return static_cast<double>(*images) / seconds;
}

int run_bench_race(const BenchRaceOptions& o) {
  const nn::DataSplit data{"random", random_images(o.batch * o.batches, 1), random_images(1, 2)};
  model::CnnConfig single;
  single.model = "cnn";
  single.epochs = 1;
  single.batch_size = o.batch;
  single.validation_split = 0;
  single.threads = o.threads;
  model::CnnConfig race = single;
  race.rivals = {{"sgd", {{"lr", 0.01}}}, {"rmsprop", {}}, {"adam", {{"lr", 0.003}}}};
  long single_images = 0, race_images = 0;
  race_speed(single, data, &single_images);  // warm-up: caches, thread pools, allocator
  const double one = race_speed(single, data, &single_images);
  const double four = race_speed(race, data, &race_images);
  std::printf("descent bench race: reference CNN, batch %ld, %d thread%s, %ld batches per run\n", o.batch, o.threads,
              o.threads == 1 ? "" : "s", o.batches);
  std::printf("  single run (Adam):                   %8.0f images/s (%ld images)\n", one, single_images);
  std::printf("  race of 4 (Adam, SGD, RMSProp, Adam): %8.0f images/s (%ld images, all runs)\n", four, race_images);
  std::printf("single_images_per_s=%.1f race_images_per_s=%.1f ratio=%.3f\n", one, four, four / one);
  return 0;
}

std::function<int()> declare_bench_race(CLI::App& app) {
  auto o = std::make_shared<BenchRaceOptions>();
  app.description(
      "Trains the reference CNN on random 28x28x1 images, 10 classes: one run of the CNN trainer, then a race of four\n"
      "optimizers taking turns batch by batch, and compares their images/s (all runs together).\n"
      "The last line is machine-readable: single_images_per_s=… race_images_per_s=… ratio=…");
  add_integer(app, "batch-size", o->batch, 1, 100000, "images per batch (default 64)");
  add_integer(app, "batches", o->batches, 1, 1'000'000, "batches per run (default 40)");
  add_integer(app, "threads", o->threads, 1, 256, "each model's batch split across T threads (default 2)");
  return [o] { return run_bench_race(*o); };
}

const Registration kBenchRace{{"bench race",
                               "throughput of a CNN trainer race of 4 optimizers vs a single run (images/s, ratio)",
                               declare_bench_race}};

}  // namespace
}  // namespace lab::cli
