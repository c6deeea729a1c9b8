#include "core/heap.hpp"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <system_error>

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
// How much of a thread's heap is marked (a little less: from a 2 MiB boundary). malloc serves
// a block from a heap only below its mmap threshold, which glibc caps at 32 MiB on 64-bit
// systems (half of a thread heap's 64 MiB).
constexpr std::size_t kReserve = 30 * kMiB;
constexpr std::size_t kMmapThreshold = 32 * kMiB;
// The main heap (the program break) grows by kReserve + kTopPad at once, all of it marked: about
// 90 MiB of huge pages (a run over 10,000 small zones keeps about 80 MB, mostly on the main
// thread with --jobs 1).
constexpr std::size_t kTopPad = 64 * kMiB;
constexpr int kDefaultTopPad = 128 * 1024;  // glibc's DEFAULT_TOP_PAD
// Above the reserve and the pad, so that freeing a block does not give them back.
constexpr std::size_t kTrimThreshold = 128 * kMiB;
// A large zone's run (heap.hpp): blocks from this size up are mappings of their own, given back
// when freed; free space over kLargeTrimThreshold at the top of a heap is given back too.
// (256 KiB and 1 MiB, or 512 KiB and 2 MiB, gave the same peaks; fewer mappings this way.)
constexpr std::size_t kLargeMmapThreshold = kMiB;
constexpr std::size_t kLargeTrimThreshold = 4 * kMiB;

// Marks the whole huge pages of [begin, end) for huge pages: a huge page is used only where a
// 2 MiB-aligned range lies entirely in memory marked for it.
void mark(std::uintptr_t b, std::uintptr_t e) {
  const std::uintptr_t first = (b + kHugePage - 1) & ~(kHugePage - 1);
  const std::uintptr_t last = e & ~(kHugePage - 1);
  // NOLINTNEXTLINE(performance-no-int-to-ptr): an address within a block malloc gave
  if (first < last) (void)madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

// Why the layout below, and not just "mark a block and free it": a 2 MiB range is given a huge
// page only if nothing in it was touched before it was marked; once one of its 4 KiB pages is
// in, every other page of that range comes in with a fault of its own, and a 4 KiB fault costs
// ~17 microseconds on the benchmark VM (a huge page's ~140 for 512 times as much memory).
// Marking a block malloc has handed out is too late for two ranges: the one where the block
// starts (below it: the heap's header, or the data of start-up) and the one where it ends
// (malloc writes the header of the free space that follows it there). Each thread's first
// ~2 MiB of allocations fell in such ranges: ~500 faults per heap, ~1,000 per run with
// --jobs 1 and ~2,000 with --jobs 2 (whose heaps fault one after the other on that VM).
//
// So each heap is laid out in glibc's terms. A chunk starts kChunkHeader bytes before the
// pointer malloc returns; the free space at the top of a heap (the "top chunk") is where a
// request larger than any free block is carved from, at its start. The steps: a probe
// allocation finds the start of the top; the heap is made writable up to a 2 MiB boundary
// with the header of the top written in the last huge page below it, after the marking (a
// range must be wholly writable, and marked, when its first page is touched); and a filler
// block, kept for the process's life, covers the top from its start to the first 2 MiB
// boundary past everything touched so far, so the next allocations start there. The filler
// and the probe cost address space, not memory: malloc writes only their headers.
//
// Any step that does not land where expected (a free block elsewhere served the request) is
// undone, and the thread falls back to marking what it can; the result is never incorrect,
// at worst slower.
constexpr std::size_t kChunkHeader = 2 * sizeof(std::size_t);  // glibc's 2 * SIZE_SZ
constexpr std::size_t kMinChunk = 4 * sizeof(std::size_t);     // glibc's MINSIZE
// Larger than any free block a thread starts with: it is carved from the top.
constexpr std::size_t kProbe = kMiB;
// A heap of a thread's arena is a mapping of this size, aligned to it (glibc's HEAP_MAX_SIZE
// on 64-bit systems: twice the largest mmap threshold, 2 * 32 MiB); it grows within it.
constexpr std::size_t kThreadHeap = 64 * kMiB;

// Heap positions are kept as integers: most of them are computed from a block that is freed
// at once, and only compared with what malloc returns later.
using Addr = std::uintptr_t;
Addr addr(const void* p) {
  return reinterpret_cast<Addr>(p);
}
Addr round_up(Addr a, std::size_t to) {
  return (a + to - 1) & ~(to - 1);
}
Addr round_down(Addr a, std::size_t to) {
  return a & ~(to - 1);
}

// The fillers, reachable for the process's life (a leak checker would count them otherwise).
// Each thread that starts on a fresh part of a heap keeps one; beyond the slots they are kept
// all the same, only unlisted.
std::atomic<void*> fillers[64];
std::atomic<std::size_t> filler_count{0};

// The parts of thread heaps laid out so far, [begin, end) each: a thread that takes over the
// arena of one that ended (glibc hands a new thread the arena of a thread that has exited:
// the rules' threads take the --jobs loader's) finds its heap laid out already, and lays out
// another part only when less than kRoomLeft of it is left. Laying it out again cost a huge page
// fault (the header of the top written at the new end) and left the rest of the huge page the
// top was in unused (the filler): 4 MiB more peak and two faults more with --jobs 2 over 10,000
// small zones, ~0.5 ms of the rules' second thread before its first task.
struct Part {
  std::atomic<Addr> begin{0}, end{0};
};
Part parts[64];
std::atomic<std::size_t> part_count{0};
constexpr std::size_t kRoomLeft = 8 * kMiB;

void add_part(Addr begin, Addr end) {
  const std::size_t i = part_count.fetch_add(1, std::memory_order_relaxed);
  if (i >= std::size(parts)) return;
  parts[i].begin.store(begin, std::memory_order_relaxed);
  parts[i].end.store(end, std::memory_order_release);
}

// Is `at` in a part laid out earlier, at least kRoomLeft below its end?
bool in_laid_out_part(Addr at) {
  const std::size_t n = std::min(part_count.load(std::memory_order_relaxed), std::size(parts));
  for (std::size_t i = 0; i < n; ++i) {
    const Addr end = parts[i].end.load(std::memory_order_acquire);
    if (at >= parts[i].begin.load(std::memory_order_relaxed) && at < end && end - at >= kRoomLeft)
      return true;
  }
  return false;
}

// malloc's chunk from `at` (the start of the top chunk) to `end`, or nullptr (and nothing
// allocated) when malloc serves the request from elsewhere. `end - at` is a multiple of 16.
void* take_chunk(Addr at, Addr end) {
  // A request of n bytes takes a chunk of (n + 8) rounded up to 16: n = size - 8 takes `size`.
  void* p = std::malloc(end - at - sizeof(std::size_t));
  if (addr(p) != at + kChunkHeader) {
    std::free(p);
    return nullptr;
  }
  return p;
}

// Keeps the allocations from `top` (the top chunk's start) up to `clean` (a 2 MiB boundary)
// out of use: the next ones start at `clean`.
void skip_to(Addr top, Addr clean) {
  if (clean < top + kMinChunk) return;
  void* filler = take_chunk(top, clean);
  if (filler == nullptr) return;
  const std::size_t i = filler_count.fetch_add(1, std::memory_order_relaxed);
  if (i < std::size(fillers)) fillers[i].store(filler, std::memory_order_relaxed);
}

// The first 2 MiB boundary above what the probe at `probe` touched: its header, and the header
// of the top chunk just past it.
Addr probe_clean(Addr probe) {
  return round_up(probe + kProbe + kChunkHeader + kMinChunk, kHugePage);
}

// Is `a` in the main heap (the program break's), not in a heap of a thread's arena?
bool in_main_heap(Addr a) {
  return a < addr(sbrk(0));
}

// A heap that reserve_thread_heap could not lay out (the calling thread shares the main arena,
// or its heap is nearly full): marks a block's inside, as far as it goes.
void mark_block() {
  void* block = std::malloc(kReserve);
  if (block == nullptr) return;
  mark(addr(block), addr(block) + kReserve);
  // Back to the top of the heap, where the thread's next allocations are carved from.
  std::free(block);
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

std::uint64_t largest_named_file(int argc, const char* const* argv) {
  std::uint64_t largest = 0;
  for (int i = 1; i < argc; ++i) {
    std::error_code ec;
    const std::filesystem::path path(argv[i]);
    if (path.empty() || !std::filesystem::is_regular_file(path, ec)) continue;
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec) largest = std::max<std::uint64_t>(largest, size);
  }
  return largest;
}

void use_huge_page_heaps([[maybe_unused]] std::uint64_t largest_input) {
#ifdef ZL_HUGE_PAGE_HEAPS
  const HugePages mode = huge_pages_mode();
  // A large zone: no reserve (heap.hpp says why), and malloc's thresholds fixed, so that they
  // do not move up (heap.hpp: what a freed block then keeps). Whatever ZONELINT_HUGE_PAGES says
  // short of "1": this is no huge page.
  if (mode != HugePages::always && largest_input >= kLargeInput) {
    (void)mallopt(M_MMAP_THRESHOLD, static_cast<int>(kLargeMmapThreshold));
    (void)mallopt(M_TRIM_THRESHOLD, static_cast<int>(kLargeTrimThreshold));
    return;
  }
  if (mode == HugePages::never) return;  // ZONELINT_HUGE_PAGES=0: malloc's defaults
  // The two thresholds also turn off glibc's moving ones (which start at 128 KiB and rise to
  // the size of the largest mapped block freed so far): what a large run settles on anyway.
  // The pad makes the program break grow by the reserve and the pad at the probe, at once.
  if (mallopt(M_MMAP_THRESHOLD, static_cast<int>(kMmapThreshold)) != 1 ||
      mallopt(M_TRIM_THRESHOLD, static_cast<int>(kTrimThreshold)) != 1 ||
      mallopt(M_TOP_PAD, static_cast<int>(kReserve + kTopPad)) != 1) {
    return;
  }
  enabled.store(true, std::memory_order_relaxed);
  // The main heap: the probe grows the program break (the top at start-up is smaller than the
  // probe), which writes only near the probe. Everything above that is marked before any of it
  // is touched, and the filler moves the next allocations up to it.
  void* probe = std::malloc(kProbe);
  // The pad was for this growth; later growths take malloc's default pad again, so that a run
  // near `ulimit -v` or RLIMIT_DATA does not fail ~94 MiB early, and a new thread's heap is not
  // made writable that much at a time.
  (void)mallopt(M_TOP_PAD, kDefaultTopPad);
  if (probe == nullptr) return;
  const Addr top = addr(probe) - kChunkHeader;
  const Addr clean = probe_clean(addr(probe));
  const Addr brk = addr(sbrk(0));  // (void*)-1 on failure: fails the test below
  std::free(probe);                // back into the top, which starts at `top` again
  if (brk <= clean || brk - clean > kReserve + kTopPad + kHugePage) {
    return;  // the probe did not come from the top of the program break: nothing is known
  }
  mark(clean, brk);
  skip_to(top, clean);
#endif
}

void reserve_thread_heap() {
#ifdef ZL_HUGE_PAGE_HEAPS
  if (!enabled.load(std::memory_order_relaxed)) return;
  // The probe: the thread's first allocation takes an arena (a new one has a heap of its own),
  // and is carved from the start of its top.
  void* probe = std::malloc(kProbe);
  if (probe == nullptr) return;
  const Addr top = addr(probe) - kChunkHeader;
  const Addr clean = probe_clean(addr(probe));
  std::free(probe);
  if (in_laid_out_part(top)) return;  // an arena taken over: see `parts`
  // The heap's end: the block below must fit in it, or malloc would start another heap. It
  // stays under the mmap threshold too, or malloc would map it apart.
  const Addr end =
      std::min(round_down(top, kThreadHeap) + kThreadHeap, round_down(top + kReserve, kHugePage));
  if (in_main_heap(top) || end < clean + kHugePage) {
    mark_block();
    return;
  }
  // Marked first, then made writable: [clean, end) is untouched so far. The block grows the
  // heap to `end` exactly (malloc leaves kMinChunk of top above a block, and grows a heap to a
  // page boundary), so the top's header lands in the last huge page below `end`, now writable
  // and marked: it comes in as a huge page.
  mark(clean, end);
  void* block = take_chunk(top, end - kMinChunk);
  if (block == nullptr) {
    mark_block();
    return;
  }
  std::free(block);  // back into the top
  skip_to(top, clean);
  add_part(clean, end);
#endif
}

void give_back_free_memory() {
#ifdef ZL_HUGE_PAGE_HEAPS
  if (enabled.load(std::memory_order_relaxed)) return;  // the reserve: see heap.hpp
  (void)malloc_trim(0);
#endif
}

}  // namespace zl
