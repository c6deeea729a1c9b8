// The heap of the zonelint process: huge pages for the memory the run keeps.
//
// A lint allocates a little memory at a time and keeps nearly all of it to the end (the source
// text, records, fields and indexes of every zone): 10,000 small zones take about 80 MB, which
// the kernel hands out one 4 KiB page at a time, on the first write to each. Each such page
// fault cost ~17 microseconds on the benchmark VM (22,000 of them: a third of the run), and the
// faults of two threads do not overlap there, so they were the largest serial part of
// `--jobs 2`. A 2 MiB transparent huge page takes one fault for 512 small ones.
//
// glibc's malloc asks for huge pages only when the environment says so
// (GLIBC_TUNABLES=glibc.malloc.hugetlb=1), which a program cannot set for itself once it runs.
// What it can do is mark part of each malloc heap for huge pages (madvise MADV_HUGEPAGE) and
// keep malloc from giving that part back: reserve_thread_heap() marks the free space at the top
// of the calling thread's heap (about 30 MiB) before anything in it is written, so that the
// thread's next allocations are carved out of huge pages from the first one on (heap.cpp says
// how, and why marking a block malloc has already handed out left ~500 small pages per heap).
// The kernel honours the mark when transparent huge pages are "madvise" or "always"
// (/sys/kernel/mm/transparent_hugepage/enabled); otherwise nothing changes. Memory that is
// never written is never resident: the reserve costs address space, and at most one partly
// used 2 MiB page per heap.
//
// Where the reserve pays, and where not (use_huge_page_heaps decides per run). It pays for
// many small zones: 10,000 of them, --jobs 1, 0.22 s against 0.25 s without, --jobs 2 0.14
// against 0.16 (10 MiB more peak); a 5.2 MiB zone (100,000 records): 0.100 s against 0.110.
// It does not for a large zone: on the 1M-record zone (53.6 MiB) it cost 22 MiB of peak (263
// to 269 MiB against 241 to 248, the parse's buffers in small pages in both) and on the 100 MB
// zone 21 to 28 MiB, for no time. Measured piece by piece on the 1M-record zone, peak RSS at
// the end of the run: the mallopt settings alone, nothing marked, 241 MiB; with the main
// heap's reserve, 245-247; with the threads' reserves too (the parse's second thread, the
// --jobs pool's, the rules'), 263-269. malloc_trim(0) at that point gave back 20-29 MiB in
// every case (free memory kept in the heaps), so the threads' part is memory still in use
// (most likely blocks a parse thread keeps, written only in part, which 2 MiB pages make
// resident whole).
// So the reserve is made only when no file the command line names is kLargeInput or more. A
// directory counts as small files (its walk comes later, on the threads that would need their
// reserve by then): a directory that holds a large zone gets the reserve, as every run did
// before.
//
// A large zone's run does not keep malloc's defaults either: their thresholds move. glibc maps a
// block of 128 KiB or more apart, and gives it back when it is freed, until the first such
// block is freed; then the threshold rises to that block's size (up to 32 MiB) and the trim
// threshold to twice it. On the 1M-record zone the first was the owner sort's 23 MiB block at
// the end of the parse: from there on every block up to 23 MiB came from a heap, and a freed one
// stayed resident there for the rest of the run (free memory in the heaps, mallinfo2's fordblks:
// 6-8 MiB at the peak of --jobs 2, 21 MiB at the end; the rules' memos of one thread, freed,
// while the other's are alive). With the thresholds fixed (kLargeMmapThreshold), a freed block of
// 1 MiB or more is given back at once: peak RSS 144.9 -> 140.5 MiB on the 1M-record zone with
// --jobs 2, 257.0 -> 248.9 on the 100 MB zone; --jobs 1 about the same (135.8 -> 134.9, where
// the peak held no free memory). The blocks given back are faulted in again when allocated:
// ~20,000 more minor faults on the 100 MB zone, 0.03-0.06 s of system time, within the noise
// of its ~4 s of CPU (medians of 5-7 alternating runs, load 11-12 on 2 cores).
#pragma once

#include <cstdint>

namespace zl {

// A file at least this large is a large zone (see above): 16 MiB. The reserve cost ~20 MiB of
// peak on every single zone measured, and saved CPU time up to about 10 MiB: the first
// 230,000 lines of the 1M-record zone (10.3 MiB) took 0.23 s of CPU against 0.25 without
// (75 against 54 MiB peak); the first 575,000 (26 MiB) 0.87 s against 0.78, with the buffer
// advice on too (143 against 122 MiB). (Medians of 5-7 alternating runs, load 10.)
inline constexpr std::uint64_t kLargeInput = std::uint64_t{16} << 20;

// The size of the largest regular file among argv[1] to argv[argc - 1] (the words of a command
// line after the program's name: those that name no regular file, options and directories
// among them, count 0).
std::uint64_t largest_named_file(int argc, const char* const* argv);

// With `largest_input` of kLargeInput or more (and ZONELINT_HUGE_PAGES not 1), fixes malloc's
// mmap and trim thresholds (see above), and that is all.
// With `largest_input` under kLargeInput (or ZONELINT_HUGE_PAGES=1, core/huge_pages.hpp), sets
// malloc up for reserve_thread_heap (it serves blocks up to 32 MiB from its heaps, not
// from a mapping of their own, which free gives back at once; it keeps freed memory at the top
// of a heap instead of returning it to the system; the main heap grows 64 MiB at a time), then
// marks the calling thread's heap as reserve_thread_heap does, with that 64 MiB above the
// block. Call once, from the main thread, before any other thread starts; only the
// command-line program calls it (the tests and fuzzers keep malloc's defaults). Does nothing
// where malloc is not glibc's. Otherwise (or with ZONELINT_HUGE_PAGES=0) malloc keeps its
// defaults, and reserve_thread_heap does nothing.
void use_huge_page_heaps(std::uint64_t largest_input = 0);

// Whether the two functions can do anything in this build: glibc's malloc on Linux, not a
// sanitizer's allocator (ASan, TSan and MSan builds replace malloc).
bool huge_page_heaps_supported();

// Marks the free space at the top of the calling thread's malloc heap for huge pages, and has
// the thread's next allocations start in it (see above).
// Call at the start of a thread that will allocate much (the main thread, the --jobs threads).
// Does nothing unless use_huge_page_heaps() was called.
void reserve_thread_heap();

// Gives the free memory inside the malloc heaps back to the system (malloc_trim), unless the
// heaps have the huge-page reserve (use_huge_page_heaps: giving back part of a huge page splits
// it). For the points of a large run where much was just freed that the heap that held it may
// not reuse: glibc gives back only the free space at the top of a heap, and keeps what is free
// below it resident; each thread allocates from a heap of its own, and what one thread's rules
// freed is never reused by the other's. On the 1M-record bench zone, --jobs 2, called where the
// rules' memos are freed and around the join of the findings: peak RSS 107.2 -> 104.7 MiB
// (medians of 6 alternating runs), where up to 5 MiB of free memory stood in the heaps.
void give_back_free_memory();

}  // namespace zl
