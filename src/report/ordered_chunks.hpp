// Writing a report's findings in order, their text made in chunks on several threads. Private
// to src/report.
//
// A large run's report is mostly the text of its findings, one after the other (64,000 on the
// 1M-record bench zone), each made independently of the others. make_ordered_chunks cuts the
// findings into chunks, has the text of each chunk made into a buffer by whichever of `jobs`
// threads is free (core/parallel.hpp), and writes the buffers to the stream in chunk order: the
// bytes are those that one thread making the chunks one after another would write. A thread
// makes a chunk at most `2 * jobs` chunks ahead of the next one to write, so the memory held is
// a few buffers, never the report.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "core/parallel.hpp"

namespace zl::report {

// Calls make(begin, end, text) once for each range of `chunk` consecutive items of [0, n) (the
// last range may be shorter), on up to `jobs` threads; `make` appends the text of items
// [begin, end) to `text`, which is empty at the call, and reads only data that no call writes.
// Calls write(text) with each range's text in the order of the items, one call at a time.
// With jobs <= 1, or a single range, it is a plain loop on the calling thread. If a call
// throws, no further text is written and the first exception is rethrown on the calling
// thread.
template <class Make, class Write>
void make_ordered_chunks(std::size_t n, std::size_t chunk, unsigned jobs, Make&& make,
                         Write&& write) {
  chunk = std::max<std::size_t>(chunk, 1);
  const std::size_t chunks = (n + chunk - 1) / chunk;
  if (jobs <= 1 || chunks <= 1) {
    std::string text;
    for (std::size_t c = 0; c < chunks; ++c) {
      text.clear();
      make(c * chunk, std::min(n, (c + 1) * chunk), text);
      write(text);
    }
    return;
  }
  // Chunk c is made in texts[c % window]; done[c % window] says that it is complete. A slot is
  // free again once its chunk is written, and a chunk waits for its slot.
  const std::size_t window = 2 * std::size_t{jobs};
  std::vector<std::string> texts(window);
  std::vector<char> done(window, 0);
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t written = 0;  // the chunks written, all of them before any other
  bool failed = false;
  parallel_for(chunks, jobs, [&](std::size_t c) {
    try {
      {
        std::unique_lock<std::mutex> lock(mutex);
        // The chunk written next has a thread making it (chunks are handed out in order), so
        // this wait ends.
        changed.wait(lock, [&] { return failed || c < written + window; });
        if (failed) return;
      }
      std::string& text = texts[c % window];
      make(c * chunk, std::min(n, (c + 1) * chunk), text);
      const std::lock_guard<std::mutex> lock(mutex);
      if (failed) return;
      done[c % window] = 1;
      // Whoever completes the chunk written next writes it and those complete after it.
      while (written < chunks && done[written % window] != 0) {
        std::string& next = texts[written % window];
        write(next);
        next.clear();  // keeps its capacity for the chunk that takes the slot next
        done[written % window] = 0;
        ++written;
      }
      changed.notify_all();
    } catch (...) {
      {
        const std::lock_guard<std::mutex> lock(mutex);
        failed = true;
      }
      changed.notify_all();
      throw;
    }
  });
}

// make_ordered_chunks writing the texts to `out`.
template <class Make>
void write_ordered_chunks(std::ostream& out, std::size_t n, std::size_t chunk, unsigned jobs,
                          Make&& make) {
  make_ordered_chunks(n, chunk, jobs, std::forward<Make>(make), [&](const std::string& text) {
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  });
}

}  // namespace zl::report
