// The training loop allocates nothing per batch: after the first epoch has
// sized every buffer, an epoch of 16 batches makes as many heap allocations
// as an epoch of 2 (what remains is per epoch: the shuffle order, the logs).
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <random>

#include "nn/reference_models.hpp"
#include "nn/trainer.hpp"
#include "optim/registry.hpp"

// Every heap allocation in this process passes through malloc, calloc or
// realloc (operator new calls malloc; so do Eigen's aligned buffers), and
// glibc lets an executable interpose them. Sanitizers interpose them
// themselves, so under one the count is off and the test says so.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define DESCENT_COUNTS_MALLOC 0
#else
#define DESCENT_COUNTS_MALLOC 1
#endif
namespace {
std::atomic<long> g_allocations{0};
}
#if DESCENT_COUNTS_MALLOC
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* malloc(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(n);
}
void* calloc(std::size_t n, std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_calloc(n, size);
}
void* realloc(void* p, std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_realloc(p, n);
}
}
#endif

namespace {

nn::Dataset random_images(long n) {
  nn::Dataset d;
  d.shape = nn::Shape::image(28, 28, 1);
  d.classes = 10;
  std::mt19937_64 rng(3);
  d.pixels.resize(static_cast<std::size_t>(n * 784));
  for (auto& p : d.pixels) p = static_cast<std::uint8_t>(rng() & 0xff);
  for (long i = 0; i < n; ++i) d.labels.push_back(static_cast<int>(rng() % 10));
  return d;
}

long allocations_in_one_epoch(nn::Trainer& trainer, const nn::Dataset& data, long batch) {
  trainer.set_epoch(0);
  const long before = g_allocations.load();
  trainer.fit(data, nullptr, {.epochs = 1, .batch_size = batch, .shuffle = true, .seed = 5});
  return g_allocations.load() - before;
}

}  // namespace

TEST_CASE("A training epoch allocates nothing per batch (reference CNN, 2 threads)") {
  if (!DESCENT_COUNTS_MALLOC) {
    WARN("built with a sanitizer, which owns malloc: allocations are not counted");
    return;
  }
  const long batch = 8;
  for (const char* name : {"adam", "sgd", "nesterov", "rmsprop"}) {
    INFO(name);
    auto model = nn::reference_cnn(nn::Shape::image(28, 28, 1), 10);
    model->initialize(1);
    model->set_loss(nn::LossKind::CategoricalCrossentropy);
    model->set_threads(2);
    auto opt = optim::make_optimizer<float>(name);
    nn::Trainer trainer(*model, *opt);
    const nn::Dataset few = random_images(2 * batch), many = random_images(16 * batch);
    allocations_in_one_epoch(trainer, many, batch);  // sizes every buffer
    const long a_few = allocations_in_one_epoch(trainer, few, batch);
    const long a_many = allocations_in_one_epoch(trainer, many, batch);
    CHECK(a_many == a_few);
  }
}
