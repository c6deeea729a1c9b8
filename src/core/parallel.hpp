// Running independent tasks on several threads (--jobs): a parallel loop over indices with
// std::jthread, and the default number of threads.
//
// The loop only schedules: each task must write its own result slot and read only data that
// no task writes. The callers (the loader's parallel load, the engine's rules phase) collect
// the per-task results in index order afterwards, so the output never depends on which
// thread ran what, or when.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "core/heap.hpp"

namespace zl {

// The default of --jobs: the number of cores (std::thread::hardware_concurrency), at least 1.
inline unsigned default_jobs() {
  return std::max(1u, std::thread::hardware_concurrency());
}

// Calls body(i) once for each i in [0, n), on up to `jobs` threads, the calling thread being
// one of them; the indices are handed out in increasing order as threads become free. Returns
// when every call has returned. With jobs <= 1 (or n <= 1) it is a plain loop on the calling
// thread. If a call throws, the threads take no further index and the first exception is
// rethrown on the calling thread once they have all stopped.
template <class Body>
void parallel_for(std::size_t n, unsigned jobs, Body&& body) {
  if (jobs <= 1 || n <= 1) {
    for (std::size_t i = 0; i < n; ++i) body(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto work = [&] {
    for (std::size_t i; !stop.load(std::memory_order_relaxed) &&
                        (i = next.fetch_add(1, std::memory_order_relaxed)) < n;) {
      try {
        body(i);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        stop = true;
      }
    }
  };
  {
    std::vector<std::jthread> threads;
    const std::size_t extra = std::min<std::size_t>(jobs, n) - 1;
    threads.reserve(extra);
    for (std::size_t t = 0; t < extra; ++t) {
      threads.emplace_back([&] {
        reserve_thread_heap();  // a new thread's heap: huge pages (core/heap.hpp)
        work();
      });
    }
    work();
  }  // joins: every write of every task happens before what follows
  if (failure) std::rethrow_exception(failure);
}

// Calls body(i) once for each i in [0, n), on up to `jobs` threads, the calling thread being
// one of them, as parallel_for does, but each thread works through a contiguous share of the
// indices: thread t starts at t * n / jobs and goes up; a thread whose share is done takes
// the last index of the share with the most left (work stealing from the far end). Use it
// when neighbouring indices contend with each other (the engine's rules: neighbours in the
// registry are often one family, computing or waiting for one memo), so that the threads work
// apart until the shares run out. The same guarantees as parallel_for otherwise.
template <class Body>
void parallel_for_shares(std::size_t n, unsigned jobs, Body&& body) {
  if (jobs <= 1 || n <= 1) {
    for (std::size_t i = 0; i < n; ++i) body(i);
    return;
  }
  const std::size_t threads_n = std::min<std::size_t>(jobs, n);
  struct Share {
    std::size_t next, end;  // the indices [next, end) not taken yet
  };
  std::vector<Share> shares(threads_n);
  for (std::size_t t = 0; t < threads_n; ++t)
    shares[t] = {t * n / threads_n, (t + 1) * n / threads_n};
  std::mutex mutex;  // guards `shares` (taking an index is rare next to running a body)
  bool stop = false;
  std::exception_ptr failure;
  // The next index for thread t: the front of its share, else the back of the largest one.
  const auto take = [&](std::size_t t, std::size_t& i) {
    const std::lock_guard<std::mutex> lock(mutex);
    if (stop) return false;
    if (shares[t].next < shares[t].end) {
      i = shares[t].next++;
      return true;
    }
    std::size_t most = t;
    for (std::size_t u = 0; u < threads_n; ++u)
      if (shares[u].end - shares[u].next > shares[most].end - shares[most].next) most = u;
    if (shares[most].next == shares[most].end) return false;
    i = --shares[most].end;
    return true;
  };
  const auto work = [&](std::size_t t) {
    for (std::size_t i = 0; take(t, i);) {
      try {
        body(i);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(mutex);
        if (!failure) failure = std::current_exception();
        stop = true;
      }
    }
  };
  {
    std::vector<std::jthread> threads;
    threads.reserve(threads_n - 1);
    for (std::size_t t = 1; t < threads_n; ++t) {
      threads.emplace_back([&, t] {
        reserve_thread_heap();  // a new thread's heap: huge pages (core/heap.hpp)
        work(t);
      });
    }
    work(0);
  }  // joins: every write of every task happens before what follows
  if (failure) std::rethrow_exception(failure);
}

}  // namespace zl
