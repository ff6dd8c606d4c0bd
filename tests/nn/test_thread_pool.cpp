// nn::ThreadPool: every thread runs every job exactly once, whether its
// partners are still spinning or have gone to sleep between jobs.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>
#include <vector>

#include "nn/thread_pool.hpp"

TEST_CASE("ThreadPool runs each job once per thread, across spinning and sleeping hand-offs") {
  for (int threads : {1, 2, 4}) {
    nn::ThreadPool pool(threads);
    std::vector<std::atomic<long>> runs(static_cast<std::size_t>(threads));
    long expected = 0;
    for (int job = 0; job < 2000; ++job) {
      // Now and then wait past the spin time, so that the workers (and, with a
      // slow slice, the caller) take the sleeping path.
      if (job % 200 == 0) std::this_thread::sleep_for(nn::ThreadPool::kSpin * 3);
      const bool slow_worker = job % 333 == 7;
      pool.run([&](int t) {
        if (slow_worker && t == threads - 1) std::this_thread::sleep_for(nn::ThreadPool::kSpin * 2);
        runs[static_cast<std::size_t>(t)].fetch_add(1);
      });
      ++expected;
      // run() returns only once every thread has finished this job.
      for (int t = 0; t < threads; ++t) REQUIRE(runs[static_cast<std::size_t>(t)].load() == expected);
    }
  }
}

TEST_CASE("ThreadPool slices cover [0, n) in order, one per thread") {
  nn::ThreadPool pool(3);
  for (long n : {0L, 1L, 2L, 7L, 64L}) {
    std::vector<std::pair<long, long>> seen(3);
    pool.for_slices(n, [&](int t, long b, long e) { seen[static_cast<std::size_t>(t)] = {b, e}; });
    CHECK(seen[0].first == 0);
    CHECK(seen[0].second == seen[1].first);
    CHECK(seen[1].second == seen[2].first);
    CHECK(seen[2].second == n);
  }
}
