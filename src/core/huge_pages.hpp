// Transparent huge pages for the large buffers a parse fills once, front to back: a file's
// text, a zone's vectors reserved for the whole file, the owner index's arrays.
//
// Why: each first touch of a 4 KiB page is a page fault, and on a virtual machine a fault and
// the TLB misses that follow cost far more than on bare metal. Reading and parsing a 100 MB
// zone touched ~120,000 new pages; on the benchmark machine their faults and misses were a
// third of a --parse-only run's CPU time. Linux's default THP mode ("madvise") gives 2 MiB
// pages only to the regions that ask for them: this asks, for buffers of several MiB. A
// region is backed only as it is touched, so a reserve that stays unused costs no memory;
// at most the last, partly used 2 MiB page of each buffer is extra.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace zl {

// Whether to ask for huge pages at all: yes, unless the environment says ZONELINT_HUGE_PAGES=0
// (for a user or a packager whose system does better without them: khugepaged's work, or the
// memory held in partly used 2 MiB pages). Off, neither the buffers below nor the malloc heaps
// (core/heap.hpp) ask. Read at each call (a few per large buffer, one per run for the heaps).
inline bool huge_pages_enabled() {
  const char* value = std::getenv("ZONELINT_HUGE_PAGES");  // NOLINT(concurrency-mt-unsafe)
  return value == nullptr || std::string_view(value) != "0";
}

// Asks for huge pages over the whole 2 MiB pages inside [p, p + bytes); nothing for a buffer
// under 4 MiB, nor with ZONELINT_HUGE_PAGES=0. Call it before the buffer is first written: pages
// already touched stay small. Only a hint: where the kernel has no huge page to give (or no THP),
// nothing changes.
inline void advise_huge_pages(const void* p, std::size_t bytes) {
  constexpr std::size_t kHuge = std::size_t{2} << 20;
  if (bytes < 2 * kHuge || !huge_pages_enabled()) return;
  // From the first 2 MiB boundary in the buffer, whole huge pages.
  const std::size_t skip = (kHuge - reinterpret_cast<std::uintptr_t>(p) % kHuge) % kHuge;
  const std::size_t length = (bytes - skip) / kHuge * kHuge;
  if (length > 0)
    ::madvise(const_cast<char*>(static_cast<const char*>(p)) + skip, length, MADV_HUGEPAGE);
}

}  // namespace zl
