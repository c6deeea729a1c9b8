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

}  // namespace zl
