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
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace nn {

class ThreadPool {
 public:
  // threads ≥ 1; the caller's thread is one of them.
  explicit ThreadPool(int threads = 1);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return threads_; }

  // Runs job(t) for t = 0 … size()−1 in parallel; returns when all are done.
  void run(const std::function<void(int)>& job);

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
  void worker(int t);

  int threads_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(int)>* job_ = nullptr;
  long generation_ = 0;
  int pending_ = 0;
  bool stop_ = false;
};

}  // namespace nn
