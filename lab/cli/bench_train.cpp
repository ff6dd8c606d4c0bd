// lab/cli/bench_train.cpp — `descent bench train`: training speed of the
// reference CNN on random MNIST-shaped data, with Adam through optim/.
//
// Reports images per second, achieved GFLOP/s (multiply-adds counted as two
// FLOPs: forward, plus backward ≈ 2× forward, 14.26 MFLOP per image)
// and the process's peak RSS. tools/nn/bench_torch.py runs it alternately
// with PyTorch on the same model.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <random>

#include "lab/cli/args.hpp"
#include "lab/cli/command.hpp"
#include "lab/cli/nn_common.hpp"
#include "nn/conv2d.hpp"
#include "nn/dense.hpp"
#include "nn/trainer.hpp"
#include "optim/registry.hpp"

namespace lab::cli {
namespace {

struct BenchTrainOptions {
  long batch = 64, batches = 200, warmup = 20;
  int threads = 2;
  bool layers = false;
};

// The layers' share of the timed batches, from Sequential's own timer.
void print_layer_times(const nn::Sequential<float>& model, const nn::Sequential<float>::LayerTimes& times, long batch) {
  double total = 0;
  for (std::size_t i = 0; i < model.size(); ++i) total += times.forward[i] + times.backward[i];
  const double per = 1e3 / static_cast<double>(times.passes);
  std::printf("%-18s %-14s %-20s %10s %10s %7s\n", "layer", "class", "output", "forward", "backward", "share");
  for (std::size_t i = 0; i < model.size(); ++i) {
    const auto& l = model.layer(i);
    std::printf("%-18s %-14s %-20s %7.3f ms %7.3f ms %6.1f%%\n", l.name().c_str(), l.class_name().c_str(),
                l.output_shape().str().c_str(), times.forward[i] * per, times.backward[i] * per,
                100 * (times.forward[i] + times.backward[i]) / total);
  }
  std::printf("%-55s %7.3f ms per batch of %ld (layers alone: %.0f images/s)\n", "all layers", total * per, batch,
              static_cast<double>(batch) / (total / static_cast<double>(times.passes)));
}

// FLOPs of one training image: 2 per multiply-add, forward + backward (≈ 3× forward;
// the first layer's input gradient is skipped, as in PyTorch).
double training_flops(nn::Sequential<float>& m) {
  double fwd = 0, first_input_grad = 0;
  for (std::size_t i = 0; i < m.size(); ++i) {
    const auto& l = m.layer(i);
    if (auto* c = dynamic_cast<const nn::Conv2D<float>*>(&l)) {
      const double macs = static_cast<double>(l.output_shape().size()) *
                          static_cast<double>(c->config().kernel_h * c->config().kernel_w * l.input_shape().c);
      fwd += 2 * macs;
      if (i == 0) first_input_grad = 2 * macs;
    } else if (dynamic_cast<const nn::Dense<float>*>(&l)) {
      fwd += 2.0 * static_cast<double>(l.input_shape().size() * l.output_shape().size());
    }
  }
  return 3 * fwd - first_input_grad;
}

// Peak RSS of this process image: VmHWM, which (unlike getrusage's
// ru_maxrss) does not inherit the peak of the parent that exec'd us.
double peak_rss_mib() {
  if (std::FILE* f = std::fopen("/proc/self/status", "r")) {
    char line[256];
    long kb = -1;
    while (std::fgets(line, sizeof line, f))
      if (std::sscanf(line, "VmHWM: %ld kB", &kb) == 1) break;
    std::fclose(f);
    if (kb >= 0) return static_cast<double>(kb) / 1024.0;
  }
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // kilobytes on Linux
}

int run_bench_train(const BenchTrainOptions& o) {
  const long batch = o.batch, batches = o.batches, warmup = o.warmup;
  const int threads = o.threads;

  auto model = make_model("cnn", nn::Shape::image(28, 28, 1), 10, 1);
  model->set_loss(nn::LossKind::CategoricalCrossentropy);
  model->set_threads(threads);
  model->set_seed(1);
  auto opt = optim::make_optimizer<float>("adam");
  // Random pixels and labels, enough distinct batches to defeat caching of one.
  const long pool = 8;
  nn::Dataset data;
  data.shape = nn::Shape::image(28, 28, 1);
  data.classes = 10;
  std::mt19937_64 rng(1);
  data.pixels.resize(static_cast<std::size_t>(pool * batch * 784));
  for (auto& p : data.pixels) p = static_cast<std::uint8_t>(rng() & 0xff);
  for (long i = 0; i < pool * batch; ++i) data.labels.push_back(static_cast<int>(rng() % 10));
  nn::Trainer trainer(*model, *opt);

  // fit() in one-epoch slices of `pool` batches keeps the real training loop under test.
  auto run = [&](long n) {
    long done = 0;
    while (done < n) {
      const long m = std::min(pool, n - done);
      nn::Dataset slice = m == pool ? nn::Dataset{} : data.range(0, m * batch);
      trainer.set_epoch(0);
      trainer.fit(m == pool ? data : slice, nullptr, {.epochs = 1, .batch_size = batch, .shuffle = false});
      done += m;
    }
  };
  run(warmup);
  nn::Sequential<float>::LayerTimes times;
  if (o.layers) model->time_layers(&times);  // a few clock reads per layer: no measurable cost
  const auto t0 = std::chrono::steady_clock::now();
  run(batches);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double images = static_cast<double>(batches * batch);
  const double ips = images / seconds;
  const double gflops = ips * training_flops(*model) / 1e9;
  model->time_layers(nullptr);
  if (o.layers) print_layer_times(*model, times, batch);
  std::printf("descent bench train: reference CNN, batch %ld, %d thread%s, %ld batches in %.2f s\n", batch, threads,
              threads == 1 ? "" : "s", batches, seconds);
  std::printf("  %.0f images/s, %.1f GFLOP/s (%.2f MFLOP per image), peak RSS %.1f MiB\n", ips, gflops,
              training_flops(*model) / 1e6, peak_rss_mib());
  std::printf("images_per_s=%.1f gflops=%.2f peak_rss_mib=%.1f\n", ips, gflops, peak_rss_mib());
  return 0;
}

std::function<int()> declare_bench_train(CLI::App& app) {
  auto o = std::make_shared<BenchTrainOptions>();
  app.description(
      "Trains the reference CNN (see descent train --help) on random 28x28x1 images, 10 classes, Adam (lr 0.001).\n"
      "The last line is machine-readable: images_per_s=… gflops=… peak_rss_mib=…");
  add_integer(app, "batch-size", o->batch, 1, 100000, "images per batch (default 64)");
  add_integer(app, "batches", o->batches, 1, 10'000'000, "timed batches (default 200)");
  add_integer(app, "warmup", o->warmup, 0, 10'000'000, "untimed batches first (default 20)");
  add_integer(app, "threads", o->threads, 1, 256, "batch split across T threads (default 2)");
  app.add_flag("--layers", o->layers,
               "also each layer's forward and backward time in the timed batches (ms per batch)");
  return [o] { return run_bench_train(*o); };
}

const Registration kBenchTrain{
    {"bench train", "training speed of the reference CNN (images/s, GFLOP/s, peak RSS)", declare_bench_train}};

}  // namespace
}  // namespace lab::cli
