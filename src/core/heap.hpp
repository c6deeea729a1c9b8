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
#pragma once

namespace zl {

// Sets malloc up for reserve_thread_heap (it serves blocks up to 32 MiB from its heaps, not
// from a mapping of their own, which free gives back at once; it keeps freed memory at the top
// of a heap instead of returning it to the system; the main heap grows 64 MiB at a time), then
// marks the calling thread's heap as reserve_thread_heap does, with that 64 MiB above the
// block. Call once, from the main thread, before any other thread starts; only the
// command-line program calls it (the tests and fuzzers keep malloc's defaults). Does nothing
// where malloc is not glibc's.
void use_huge_page_heaps();

// Whether the two functions can do anything in this build: glibc's malloc on Linux, not a
// sanitizer's allocator (ASan, TSan and MSan builds replace malloc).
bool huge_page_heaps_supported();

// Marks the free space at the top of the calling thread's malloc heap for huge pages, and has
// the thread's next allocations start in it (see above).
// Call at the start of a thread that will allocate much (the main thread, the --jobs threads).
// Does nothing unless use_huge_page_heaps() was called.
void reserve_thread_heap();

}  // namespace zl
