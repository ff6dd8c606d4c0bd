// nn/thread_pool.hpp — a fixed team of threads that split a batch.
//
// for_slices(B, f) cuts samples [0, B) into size() contiguous slices, one per
// thread, and runs f(t, begin, end) on each, the calling thread taking slice
// 0. The split depends only on B and the thread count, so a run with the same
// seed and thread count is bit-for-bit repeatable.
//
// Splitting the batch (rather than letting a GEMM split its matrices) keeps
// both cores busy in every phase — im2col, pooling, activations — and avoids
// the tall-thin GEMM shapes that multithreaded BLAS handles badly.
//
// A training step is about twenty such phases of 0.1–3 ms each. Waking a
// sleeping thread through the kernel costs tens of microseconds (more in a
// VM, where an idle vCPU must be rescheduled), so both sides of the hand-off
// first spin on an atomic for a short while (kSpin) and only then sleep on a
// condition variable. Idle threads therefore stop using the CPU within
// about kSpin of the last phase.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace nn {

class ThreadPool {
 public:
  // How long a thread spins for the next phase (or for its partners to
  // finish) before it sleeps.
  static constexpr std::chrono::microseconds kSpin{300};

  // threads ≥ 1; the caller's thread is one of them.
  explicit ThreadPool(int threads = 1);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return threads_; }

  // Runs job(t) for t = 0 … size()−1 in parallel; returns when all are done.
  // Not reentrant: one caller thread at a time. The job is passed by
  // reference, type-erased by hand: a std::function of a closure this size
  // would allocate on every phase of every batch.
  template <class F>
  void run(F&& job) {
    using Job = std::remove_reference_t<F>;
    run_job({.callable = &job, .call = [](void* j, int t) { (*static_cast<Job*>(j))(t); }});
  }

  // Thread t's part of [0, n).
  std::pair<long, long> slice(long n, int t) const { return {n * t / threads_, n * (t + 1) / threads_}; }

  template <class F>
  void for_slices(long n, F&& f) {
    if (threads_ == 1) {
      f(0, 0L, n);
      return;
    }
    run([&](int t) {
      auto [b, e] = slice(n, t);
      f(t, b, e);
    });
  }

 private:
  struct JobRef {
    void* callable;
    void (*call)(void*, int);
    void operator()(int t) const { call(callable, t); }
  };
  void run_job(JobRef job);
  void worker(int t);

  int threads_;
  std::vector<std::thread> workers_;
  JobRef job_{.callable = nullptr, .call = nullptr};  // published by generation_
  std::atomic<long> generation_{0};                   // +1 per run(); workers wait for a change
  std::atomic<int> pending_{0};                       // workers still running the current job
  std::atomic<bool> stop_{false};
  // The sleeping path. A side that is about to sleep first counts itself in
  // *_sleepers_, then re-checks under mutex_; the other side notifies only
  // when it sees a sleeper (sequentially consistent atomics make one of the
  // two see the other's write, so no wake-up is lost).
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::atomic<int> worker_sleepers_{0};
  std::atomic<bool> caller_sleeping_{false};
};

}  // namespace nn
