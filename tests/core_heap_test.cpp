// core/heap: after use_huge_page_heaps, the memory a thread allocates next lies in a mapping
// marked for huge pages (VmFlags "hg" in /proc/self/smaps); without it, nothing is marked.
// Each case runs in a child process, whose malloc settings the other tests never see.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "core/heap.hpp"

using namespace zl;

namespace {

#if defined(__linux__) && defined(__GLIBC__)

// Whether the mapping that holds address `addr` is marked for huge pages: its VmFlags line in
// /proc/self/smaps has "hg". False when no mapping holds it. (An address, not a pointer: g++'s
// -Wmaybe-uninitialized objects to passing a pointer to unwritten malloc memory as const.)
bool marked_for_huge_pages(std::uintptr_t addr) {
  std::ifstream smaps("/proc/self/smaps");
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    std::uintptr_t lo = 0, hi = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> lo >> dash >> hi && dash == '-') {
      inside = lo <= addr && addr < hi;  // the header of the next mapping
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line.find(" hg") != std::string::npos;
    }
  }
  return false;
}

// What a thread allocates next, well past the first huge page boundary of a reserved block:
// the block starts anywhere in its first 2 MiB.
bool next_allocation_marked() {
  constexpr std::size_t kSize = std::size_t{8} << 20;
  auto* p = static_cast<char*>(std::malloc(kSize));
  const bool marked =
      p != nullptr && marked_for_huge_pages(reinterpret_cast<std::uintptr_t>(p) + (6u << 20));
  std::free(p);
  return marked;
}

// Runs `body` in a child process; its exit status.
template <class Body>
int in_child(Body body) {
  const pid_t pid = fork();
  if (pid == 0) _exit(body());
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Huge pages can be asked for: the kernel has transparent huge pages and this build's malloc
// is glibc's (a sanitizer build has its own allocator, which the heap settings cannot shape).
bool thp_kernel() {
  return std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled") &&
         huge_page_heaps_supported();
}

#endif

}  // namespace

TEST_CASE("use_huge_page_heaps: the main thread allocates next in memory marked for huge pages") {
#if defined(__linux__) && defined(__GLIBC__)
  if (!thp_kernel()) {
    WARN("no transparent huge pages here (kernel or sanitizer allocator): nothing to check");
    return;
  }
  CHECK(in_child([] {
          use_huge_page_heaps();
          return next_allocation_marked() ? 0 : 1;
        }) == 0);
#endif
}

TEST_CASE("reserve_thread_heap: a new thread allocates next in memory marked for huge pages") {
#if defined(__linux__) && defined(__GLIBC__)
  if (!thp_kernel()) {
    WARN("no transparent huge pages here (kernel or sanitizer allocator): nothing to check");
    return;
  }
  CHECK(in_child([] {
          use_huge_page_heaps();
          bool marked = false;
          std::thread([&] {
            reserve_thread_heap();
            marked = next_allocation_marked();
          }).join();
          return marked ? 0 : 1;
        }) == 0);
#endif
}

TEST_CASE("reserve_thread_heap: nothing is marked unless use_huge_page_heaps was called") {
#if defined(__linux__) && defined(__GLIBC__)
  CHECK(in_child([] {
          bool marked = true;
          std::thread([&] {
            reserve_thread_heap();
            marked = next_allocation_marked();
          }).join();
          return marked ? 1 : 0;
        }) == 0);
#endif
}
