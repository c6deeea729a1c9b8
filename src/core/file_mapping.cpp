#include "core/file_mapping.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <utility>

namespace zl {

bool mapping_enabled() {
  const char* value = std::getenv("ZONELINT_MMAP");  // NOLINT(concurrency-mt-unsafe)
  return value == nullptr || std::string_view(value) != "0";
}

namespace {

// The SIGBUS handler's view of the mapped files: where each one is, and the message that names
// it, written before the slot is published. The handler only loads these lock-free atomics, then
// calls write(2) and _exit(2): all async-signal-safe. Slots are taken and given back under
// slots_mutex (never in the handler).
struct Slot {
  std::atomic<std::uintptr_t> begin{0};  // 0: free
  std::atomic<std::uintptr_t> end{0};
  std::atomic<const char*> message{nullptr};
  std::atomic<std::size_t> message_size{0};
};
std::array<Slot, kMaxMappedFiles> slots;
std::array<bool, kMaxMappedFiles> slot_taken{};
std::mutex slots_mutex;
std::once_flag handler_installed;

void write_stderr(const char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(STDERR_FILENO, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
}

// A read of a page past the end of a mapped file (the file was truncated after it was mapped).
// Nothing read from it can be trusted, and the thread cannot go on: say which file, and stop
// with exit code 2 (an I/O error). Any other SIGBUS gets its default action, as without this
// handler.
void on_sigbus(int /*signal*/, siginfo_t* info, void* /*context*/) {
  const auto at = reinterpret_cast<std::uintptr_t>(info->si_addr);
  for (const Slot& s : slots) {
    const std::uintptr_t begin = s.begin.load(std::memory_order_acquire);
    if (begin == 0 || at < begin || at >= s.end.load(std::memory_order_acquire)) continue;
    write_stderr(s.message.load(std::memory_order_acquire),
                 s.message_size.load(std::memory_order_acquire));
    ::_exit(2);
  }
  ::signal(SIGBUS, SIG_DFL);  // NOLINT(cert-err33-c): async-signal-safe; nothing to do on error
  ::raise(SIGBUS);            // delivered once this handler returns
}

void install_handler() {
  struct sigaction action {};
  action.sa_sigaction = on_sigbus;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGBUS, &action, nullptr);
}

}  // namespace

std::unique_ptr<FileMapping> FileMapping::map(int fd, std::size_t size, const std::string& path,
                                              std::string* error) {
  std::size_t slot = kMaxMappedFiles;
  {
    const std::lock_guard<std::mutex> lock(slots_mutex);
    for (std::size_t i = 0; i < kMaxMappedFiles && slot == kMaxMappedFiles; ++i) {
      if (!slot_taken[i]) slot = i;
    }
    if (slot == kMaxMappedFiles) {
      *error = "too many files mapped at once";
      return nullptr;
    }
    slot_taken[slot] = true;
  }
  const auto give_back = [slot] {
    const std::lock_guard<std::mutex> lock(slots_mutex);
    slot_taken[slot] = false;
  };
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t mapped = (size + page - 1) / page * page;
  const std::size_t reserved = mapped + page;
  // The address range with its guard page (inaccessible), then the file over all but the last
  // page of it: a read past the end of the text faults there, never reads a neighbour mapping.
  void* area =
      ::mmap(nullptr, reserved, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (area == MAP_FAILED) {
    *error = std::strerror(errno);
    give_back();
    return nullptr;
  }
  if (::mmap(area, mapped, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED) {
    *error = std::strerror(errno);
    ::munmap(area, reserved);
    give_back();
    return nullptr;
  }
  const std::string text = "zonelint: error: '" + path +
                           "' was truncated while zonelint was reading it (large files are read "
                           "in place, memory-mapped: change an input only by renaming a new file "
                           "over it); stopped\n";
  char* message = new char[text.size() + 1];
  std::memcpy(message, text.c_str(), text.size() + 1);
  Slot& s = slots[slot];
  s.message.store(message, std::memory_order_relaxed);
  s.message_size.store(text.size(), std::memory_order_relaxed);
  s.end.store(reinterpret_cast<std::uintptr_t>(area) + reserved, std::memory_order_relaxed);
  s.begin.store(reinterpret_cast<std::uintptr_t>(area), std::memory_order_release);
  std::call_once(handler_installed, install_handler);
  return std::unique_ptr<FileMapping>(
      new FileMapping(static_cast<const char*>(area), size, reserved, slot));
}

FileMapping::~FileMapping() {
  Slot& s = slots[slot_];
  s.begin.store(0, std::memory_order_release);
  s.end.store(0, std::memory_order_release);
  const char* message = s.message.exchange(nullptr, std::memory_order_acq_rel);
  ::munmap(const_cast<char*>(data_), reserved_);
  delete[] message;
  const std::lock_guard<std::mutex> lock(slots_mutex);
  slot_taken[slot_] = false;
}

namespace {
// The whole pages that hold bytes [p, p + n).
std::pair<char*, std::size_t> pages_of(const char* p, std::size_t n) {
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto addr = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t before = addr % page;  // bytes of the first page before p
  const std::uintptr_t end = (addr + n + page - 1) / page * page;
  // Back from p, not an integer cast to a pointer: the pages are p's own mapping.
  return {const_cast<char*>(p) - before, static_cast<std::size_t>(end - (addr - before))};
}
}  // namespace

void populate_mapped(const char* p, std::size_t n) {
#ifdef MADV_POPULATE_READ
  if (n == 0) return;
  const auto [at, length] = pages_of(p, n);
  ::madvise(at, length, MADV_POPULATE_READ);  // EINVAL before Linux 5.14: the reads fault
#else
  (void)p;
  (void)n;
#endif
}

void drop_mapped(const char* p, std::size_t n) {
  if (n == 0) return;
  const auto [at, length] = pages_of(p, n);
  ::madvise(at, length, MADV_DONTNEED);
}

void FileMapping::release_pages(std::size_t begin, std::size_t end) const {
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t mapped = reserved_ - page;  // without the guard page
  begin = begin / page * page;
  end = end >= mapped ? mapped : (end + page - 1) / page * page;
  if (begin < end) ::madvise(const_cast<char*>(data_) + begin, end - begin, MADV_DONTNEED);
}

}  // namespace zl
