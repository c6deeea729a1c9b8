#include "core/heap.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "core/huge_pages.hpp"

// A sanitizer (ASan, TSan, MSan) replaces malloc with its own allocator, which neither reads
// mallopt's settings nor reuses a freed block at once: nothing here would take effect.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ZL_SANITIZER_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define ZL_SANITIZER_MALLOC 1
#endif
#endif

#if defined(__linux__) && defined(__GLIBC__) && !defined(ZL_SANITIZER_MALLOC)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#define ZL_HUGE_PAGE_HEAPS 1
#endif

namespace zl {

namespace {

#ifdef ZL_HUGE_PAGE_HEAPS
// Only with the huge-page heaps (clang warns on an unused variable in a sanitizer build).
std::atomic<bool> enabled{false};

constexpr std::size_t kMiB = std::size_t{1} << 20;
constexpr std::size_t kHugePage = 2 * kMiB;  // x86-64 and arm64 with 4 KiB base pages
// The block each thread marks. malloc serves a block from a heap only below its mmap
// threshold, which glibc caps at 32 MiB on 64-bit systems (half of a thread heap's 64 MiB).
constexpr std::size_t kReserve = 30 * kMiB;
constexpr std::size_t kMmapThreshold = 32 * kMiB;
// How far the main heap (the program break) grows at a time: the main thread marks the pad
// above its block too, so that it has about 90 MiB of huge pages (a run over 10,000 small zones
// keeps about 80 MB, mostly on the main thread with --jobs 1).
constexpr std::size_t kTopPad = 64 * kMiB;
constexpr int kDefaultTopPad = 128 * 1024;  // glibc's DEFAULT_TOP_PAD
// Above the block and the pad, so that freeing the block does not give them back.
constexpr std::size_t kTrimThreshold = 128 * kMiB;

// Marks the whole huge pages of [begin, end) for huge pages: a huge page is used only where a
// 2 MiB-aligned range lies entirely in memory marked for it.
void mark(const void* begin, const void* end) {
  const auto b = reinterpret_cast<std::uintptr_t>(begin);
  const auto e = reinterpret_cast<std::uintptr_t>(end);
  const std::uintptr_t first = (b + kHugePage - 1) & ~(kHugePage - 1);
  const std::uintptr_t last = e & ~(kHugePage - 1);
  // NOLINTNEXTLINE(performance-no-int-to-ptr): an address within a block malloc gave
  if (first < last) (void)madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}
#endif

}  // namespace

bool huge_page_heaps_supported() {
#ifdef ZL_HUGE_PAGE_HEAPS
  return true;
#else
  return false;
#endif
}

void use_huge_page_heaps() {
#ifdef ZL_HUGE_PAGE_HEAPS
  if (!huge_pages_enabled()) return;  // ZONELINT_HUGE_PAGES=0: malloc's defaults
  // The two thresholds also turn off glibc's moving ones (which start at 128 KiB and rise to
  // the size of the largest mapped block freed so far): what a large run settles on anyway.
  if (mallopt(M_MMAP_THRESHOLD, static_cast<int>(kMmapThreshold)) != 1 ||
      mallopt(M_TRIM_THRESHOLD, static_cast<int>(kTrimThreshold)) != 1 ||
      mallopt(M_TOP_PAD, static_cast<int>(kTopPad)) != 1) {
    return;
  }
  enabled.store(true, std::memory_order_relaxed);
  // The main thread's heap: the block comes from the top of the program break, which grows
  // by the block and the pad; both are marked.
  void* block = std::malloc(kReserve);
  if (block == nullptr) return;
  const char* end = static_cast<const char*>(block) + kReserve;
  const char* brk = static_cast<const char*>(sbrk(0));  // (char*)-1 on failure: out of range
  const auto at = [](const char* p) { return reinterpret_cast<std::uintptr_t>(p); };
  if (at(end) <= at(brk) && at(brk) <= at(end) + kTopPad + kHugePage) {
    end = brk;  // the block is at the top of the program break
  }
  mark(block, end);
  std::free(block);
  // The pad was for this first growth (now marked); later growths take malloc's default pad
  // again, so that a run near `ulimit -v` or RLIMIT_DATA does not fail 64 MiB early, and a
  // new thread's heap is not made writable 64 MiB at a time.
  (void)mallopt(M_TOP_PAD, kDefaultTopPad);
#endif
}

void reserve_thread_heap() {
#ifdef ZL_HUGE_PAGE_HEAPS
  if (!enabled.load(std::memory_order_relaxed)) return;
  void* block = std::malloc(kReserve);
  if (block == nullptr) return;
  mark(block, static_cast<const char*>(block) + kReserve);
  // Back to the top of the heap, where the thread's next allocations are carved from.
  std::free(block);
#endif
}

}  // namespace zl
