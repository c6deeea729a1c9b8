// Transparent huge pages for the large buffers a parse fills once, front to back: a file's
// text, a zone's vectors reserved for the whole file, the owner index's arrays. Asked for only
// with ZONELINT_HUGE_PAGES=1; by default these buffers take 4 KiB pages.
//
// Why they asked: each first touch of a 4 KiB page is a page fault, and on a virtual machine a
// fault and the TLB misses that follow cost far more than on bare metal. Reading and parsing a
// 100 MB zone touched ~120,000 new pages. Back to back with another such run, --parse-only of
// that zone took 0.49 s (0.83 s CPU) with these buffers in 2 MiB pages, 0.57 s (0.93) without.
//
// Why not by default: a 2 MiB page is cheap only when the kernel has a free 2 MiB block the
// host still backs. The benchmark VM (Firecracker; virtio-balloon with free page reporting,
// page_reporting_order 9) hands free 2 MiB blocks back to the host ~1.7 s after they are freed
// (/sys/module/page_reporting/parameters/reported_kib grows then), and the next touch of such a
// block faults on the host as well. A 4 KiB page comes from the kernel's lower-order free lists
// first, which are not reported. A C program touching 400 MiB right after a kzonecheck run of
// the 100 MB zone took 0.6-1.8 s in 2 MiB pages, 0.26-0.39 s in 4 KiB pages (0.09 s in 2 MiB
// pages back to back with itself, when the blocks it freed were not yet reported). That is how
// bench/run.sh runs the parse, after kzonecheck: --parse-only of the 100 MB zone took 1.36 s of
// CPU (0.59 system) with these buffers in huge pages, 0.95 (0.16) without (medians of 5,
// alternating, load 3-4); other processes on the machine freeing memory do the same. Huge pages
// also hold each buffer's partly used last 2 MiB: 3-9 MiB of peak RSS on the large zones.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace zl {

// What ZONELINT_HUGE_PAGES asks for: "0" never (neither the buffers below nor the malloc heaps
// of core/heap.hpp: for a user or a packager whose system does better without them; a large
// zone's fixed malloc thresholds stay, they are no huge pages); "1"
// always (the buffers, and the heap reserve whatever the input); unset or anything else, the
// default: the heap reserve where it pays (core/heap.hpp), no buffer. Read at each call (a few
// per large buffer, one per run for the heaps).
enum class HugePages { never, automatic, always };
inline HugePages huge_pages_mode() {
  const char* value = std::getenv("ZONELINT_HUGE_PAGES");  // NOLINT(concurrency-mt-unsafe)
  if (value == nullptr) return HugePages::automatic;
  const std::string_view v(value);
  return v == "0" ? HugePages::never : v == "1" ? HugePages::always : HugePages::automatic;
}

// With ZONELINT_HUGE_PAGES=1, asks for huge pages over the whole 2 MiB pages inside
// [p, p + bytes); nothing for a buffer under 4 MiB, nor without that setting (see above). Call
// it before the buffer is first written: pages already touched stay small. Only a hint: where
// the kernel has no huge page to give (or no THP), nothing changes.
inline void advise_huge_pages(const void* p, std::size_t bytes) {
  constexpr std::size_t kHuge = std::size_t{2} << 20;
  if (bytes < 2 * kHuge || huge_pages_mode() != HugePages::always) return;
  // From the first 2 MiB boundary in the buffer, whole huge pages.
  const std::size_t skip = (kHuge - reinterpret_cast<std::uintptr_t>(p) % kHuge) % kHuge;
  const std::size_t length = (bytes - skip) / kHuge * kHuge;
  if (length > 0)
    ::madvise(const_cast<char*>(static_cast<const char*>(p)) + skip, length, MADV_HUGEPAGE);
}

}  // namespace zl
