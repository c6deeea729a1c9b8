// core/heap: after use_huge_page_heaps, the memory a thread allocates next lies in a mapping
// marked for huge pages (VmFlags "hg" in /proc/self/smaps); without it, nothing is marked.
// Each check runs in a new process (this test binary again, told by ZL_HEAP_TEST_CHILD which
// check to run before its tests start), whose malloc settings the other tests never see, and
// whose heap is as fresh as zonelint's when it calls use_huge_page_heaps: a child that was only
// forked inherited the heap of every test run before it, which use_huge_page_heaps cannot lay
// out (the checks failed when the whole suite ran in one process).
#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

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

// The minor page faults of the calling thread so far.
long thread_faults() {
  rusage u{};
  getrusage(RUSAGE_THREAD, &u);
  return u.ru_minflt;
}

// The kernel's count of huge page faults that fell back to small pages (no huge page free).
long thp_fallbacks() {
  std::ifstream vmstat("/proc/vmstat");
  std::string key;
  long value = 0;
  while (vmstat >> key >> value)
    if (key == "thp_fault_fallback") return value;
  return 0;
}

// The first 8 MiB a thread allocates, in small blocks, each written: how many page faults they
// cost. In huge pages, a few; in 4 KiB pages, ~2,000. (A fallback of the kernel to small pages,
// for want of a free huge page, is no fault of the heap's layout: then -1, "cannot tell".)
long faults_of_first_allocations() {
  constexpr std::size_t kBlock = 4000, kBlocks = (std::size_t{8} << 20) / kBlock;
  static char* blocks[kBlocks];
  const long fallbacks = thp_fallbacks();
  const long before = thread_faults();
  for (char*& b : blocks) {
    b = static_cast<char*>(std::malloc(kBlock));
    if (b != nullptr) std::memset(b, 1, kBlock);
  }
  const long faults = thread_faults() - before;
  for (char* b : blocks) std::free(b);
  return thp_fallbacks() != fallbacks ? -1 : faults;
}

// THP's mode lets a program ask for huge pages ("always" or "madvise", not "never").
bool thp_available() {
  std::ifstream mode("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string text;
  std::getline(mode, text);
  return text.find("[always]") != std::string::npos || text.find("[madvise]") != std::string::npos;
}

// Huge pages can be asked for: the kernel has transparent huge pages and this build's malloc
// is glibc's (a sanitizer build has its own allocator, which the heap settings cannot shape).
bool thp_kernel() {
  return std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled") &&
         huge_page_heaps_supported();
}

// The checks, each the body of a child process: 0 when it holds.
int main_thread_marked() {
  use_huge_page_heaps();
  return next_allocation_marked() ? 0 : 1;
}

int new_thread_marked() {
  use_huge_page_heaps();
  bool marked = false;
  std::thread([&] {
    reserve_thread_heap();
    marked = next_allocation_marked();
  }).join();
  return marked ? 0 : 1;
}

int nothing_marked_without_call() {
  bool marked = true;
  std::thread([&] {
    reserve_thread_heap();
    marked = next_allocation_marked();
  }).join();
  return marked ? 1 : 0;
}

// 100: far below the ~2,000 small pages of 8 MiB (and the ~180 to ~500 that the unmarked
// start of a heap cost), far above the few huge ones (and the test's own pages).
// A kernel fallback during the count (-1, "cannot tell": no free huge page somewhere on the
// machine) passes: it says nothing about the heap's layout.
int few_faults(long faults) {
  return faults < 100 ? 0 : 1;
}

int main_thread_few_faults() {
  use_huge_page_heaps();
  return few_faults(faults_of_first_allocations());
}

int new_threads_few_faults() {
  use_huge_page_heaps();
  int status = 1;
  std::thread([&] {
    reserve_thread_heap();
    status = few_faults(faults_of_first_allocations());
  }).join();
  // A second thread that takes over the first one's heap (glibc hands a finished
  // thread's arena to the next) starts in huge pages too.
  std::thread([&] {
    reserve_thread_heap();
    status += few_faults(faults_of_first_allocations());
  }).join();
  return status;
}

int large_input_no_reserve() {
  unsetenv("ZONELINT_HUGE_PAGES");  // NOLINT(concurrency-mt-unsafe): one thread yet
  use_huge_page_heaps(kLargeInput);
  bool marked = true;
  std::thread([&] {
    reserve_thread_heap();
    marked = next_allocation_marked();
  }).join();
  return marked || next_allocation_marked() ? 1 : 0;
}

int large_input_reserve_when_asked() {
  setenv("ZONELINT_HUGE_PAGES", "1", 1);  // NOLINT(concurrency-mt-unsafe): one thread yet
  use_huge_page_heaps(kLargeInput);
  return next_allocation_marked() ? 0 : 1;
}

int no_reserve_when_refused() {
  setenv("ZONELINT_HUGE_PAGES", "0", 1);  // NOLINT(concurrency-mt-unsafe): one thread yet
  use_huge_page_heaps(0);
  return next_allocation_marked() ? 1 : 0;
}

#if __GLIBC_PREREQ(2, 33)
// The bytes that a 24 MiB block, then a 2 MiB one, each written and freed, leave free in the
// heaps (more than before them).
std::size_t kept_after_free() {
  const std::size_t before = mallinfo2().fordblks;
  constexpr std::size_t kBig = std::size_t{24} << 20, kBlock = std::size_t{2} << 20;
  for (const std::size_t n : {kBig, kBlock}) {
    auto* p = static_cast<char*>(std::malloc(n));
    if (p == nullptr) return 0;
    std::memset(p, 1, n);
    std::free(p);
  }
  const std::size_t after = mallinfo2().fordblks;
  return after > before ? after - before : 0;
}
constexpr std::size_t kMiB = std::size_t{1} << 20;

int large_input_frees() {
  unsetenv("ZONELINT_HUGE_PAGES");  // NOLINT(concurrency-mt-unsafe): one thread yet
  use_huge_page_heaps(kLargeInput);
  return kept_after_free() < kMiB ? 0 : 1;
}

int defaults_keep_freed() {
  return kept_after_free() >= 2 * kMiB ? 0 : 1;
}
#endif

struct Check {
  std::string_view name;
  int (*body)();
};
constexpr Check kChecks[] = {
    {"main_thread_marked", main_thread_marked},
    {"new_thread_marked", new_thread_marked},
    {"nothing_marked_without_call", nothing_marked_without_call},
    {"main_thread_few_faults", main_thread_few_faults},
    {"new_threads_few_faults", new_threads_few_faults},
    {"large_input_no_reserve", large_input_no_reserve},
    {"large_input_reserve_when_asked", large_input_reserve_when_asked},
    {"no_reserve_when_refused", no_reserve_when_refused},
#if __GLIBC_PREREQ(2, 33)
    {"large_input_frees", large_input_frees},
    {"defaults_keep_freed", defaults_keep_freed},
#endif
};

constexpr const char* kChildVariable = "ZL_HEAP_TEST_CHILD";

// In a child (ZL_HEAP_TEST_CHILD set): runs the check it names while the program starts, before
// the tests, and exits with its status (99: no such check).
const bool kRanAsChild = [] {
  const char* name = std::getenv(kChildVariable);  // NOLINT(concurrency-mt-unsafe): start-up
  if (name == nullptr) return false;
  for (const Check& c : kChecks)
    if (c.name == name) _exit(c.body());
  _exit(99);
}();

// Runs the check `name` in a new process of this program; its exit status (-1: it did not exit).
int in_child(std::string_view name) {
  // Everything the child needs is made before fork: after it, a child of a process that may
  // have threads must not allocate.
  std::vector<std::string> env_text;
  for (char** e = environ; *e != nullptr; ++e)
    if (!std::string_view(*e).starts_with(std::string(kChildVariable) + "="))
      env_text.emplace_back(*e);
  env_text.push_back(std::string(kChildVariable) + "=" + std::string(name));
  std::vector<char*> env;
  env.reserve(env_text.size() + 1);
  for (std::string& e : env_text) env.push_back(e.data());
  env.push_back(nullptr);
  std::string self = "/proc/self/exe";
  char* argv[] = {self.data(), nullptr};
  const pid_t pid = fork();
  if (pid == 0) {
    execve(argv[0], argv, env.data());
    _exit(98);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

#endif

}  // namespace

TEST_CASE("use_huge_page_heaps: the main thread allocates next in memory marked for huge pages") {
#if defined(__linux__) && defined(__GLIBC__)
  if (!thp_kernel()) {
    WARN("no transparent huge pages here (kernel or sanitizer allocator): nothing to check");
    return;
  }
  CHECK(in_child("main_thread_marked") == 0);
#endif
}

TEST_CASE("reserve_thread_heap: a new thread allocates next in memory marked for huge pages") {
#if defined(__linux__) && defined(__GLIBC__)
  if (!thp_kernel()) {
    WARN("no transparent huge pages here (kernel or sanitizer allocator): nothing to check");
    return;
  }
  CHECK(in_child("new_thread_marked") == 0);
#endif
}

TEST_CASE("reserve_thread_heap: nothing is marked unless use_huge_page_heaps was called") {
#if defined(__linux__) && defined(__GLIBC__)
  CHECK(in_child("nothing_marked_without_call") == 0);
#endif
}

// Marking a block malloc had already handed out left the start of each heap in small pages
// (its first 2 MiB held malloc's header or start-up data, and a touched page keeps a 2 MiB
// range from being a huge page): each thread's first ~2 MiB of allocations took ~500 faults.
TEST_CASE("huge page heaps: a thread's first allocations are in huge pages, not small ones") {
#if defined(__linux__) && defined(__GLIBC__)
  if (!thp_kernel() || !thp_available()) {
    WARN("no transparent huge pages here (kernel, mode or sanitizer allocator): nothing to check");
    return;
  }
  CHECK(in_child("main_thread_few_faults") == 0);
  CHECK(in_child("new_threads_few_faults") == 0);
#endif
}

// A large zone on the command line: malloc keeps its defaults (core/heap.hpp says why), unless
// ZONELINT_HUGE_PAGES=1 asks for the reserve whatever the input.
TEST_CASE("use_huge_page_heaps: no reserve for a large input, unless ZONELINT_HUGE_PAGES=1") {
#if defined(__linux__) && defined(__GLIBC__)
  if (!thp_kernel()) {
    WARN("no transparent huge pages here (kernel or sanitizer allocator): nothing to check");
    return;
  }
  CHECK(in_child("large_input_no_reserve") == 0);
  CHECK(in_child("large_input_reserve_when_asked") == 0);
  CHECK(in_child("no_reserve_when_refused") == 0);
#endif
}

// A large zone: malloc's mmap threshold stays where it is set, so a block freed after a larger
// mapped one is given back, not kept in the heap (glibc's default would have raised the
// threshold to the larger block's size: core/heap.hpp).
TEST_CASE("use_huge_page_heaps: for a large input, a freed block is not kept in the heap") {
#if defined(__linux__) && defined(__GLIBC__)
#if __GLIBC_PREREQ(2, 33)
  if (!huge_page_heaps_supported()) {
    WARN("a sanitizer's allocator: malloc's settings do not apply");
    return;
  }
  CHECK(in_child("large_input_frees") == 0);
  // Without the call, glibc's moving threshold keeps the 2 MiB block in the heap: what the call
  // is for. (Only a warning: a heap with 2 MiB free already serves the block from there.)
  if (in_child("defaults_keep_freed") != 0)
    WARN("malloc's defaults kept no freed block here: the check above shows nothing");
#endif
#endif
}

TEST_CASE("largest_named_file: the largest regular file named after the program's name") {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("zl_heap_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const auto write = [&](const char* name, std::size_t bytes) {
    std::ofstream(dir / name) << std::string(bytes, 'x');
    return (dir / name).string();
  };
  const std::string small = write("small", 10), big = write("big", 3000),
                    self = write("self", 9000);
  const std::string d = dir.string();
  const char* argv[] = {self.c_str(),
                        "--jobs",
                        "2",
                        small.c_str(),
                        d.c_str(),
                        big.c_str(),
                        "/nonexistent/zonelint/file",
                        ""};
  CHECK(largest_named_file(8, argv) == 3000);  // not argv[0], not the directory
  CHECK(largest_named_file(4, argv) == 10);
  CHECK(largest_named_file(1, argv) == 0);
  std::filesystem::remove_all(dir);
}
