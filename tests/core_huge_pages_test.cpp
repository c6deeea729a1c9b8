// advise_huge_pages (core/huge_pages.hpp), and the file reader that uses it for a large file.
// The advice is given only with ZONELINT_HUGE_PAGES=1 (core/huge_pages.hpp says why).
#include <sys/mman.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/huge_pages.hpp"
#include "parse/zone_parser.hpp"

namespace {

constexpr std::size_t kHuge = std::size_t{2} << 20;

// The VmFlags line of the mapping that holds `p`, from /proc/self/smaps ("" if none).
std::string vm_flags_at(const void* p) {
  const auto at = reinterpret_cast<std::uintptr_t>(p);
  std::ifstream smaps("/proc/self/smaps");
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    unsigned long lo = 0, hi = 0;
    if (std::sscanf(line.c_str(), "%lx-%lx ", &lo, &hi) == 2 && line.find(':') > line.find(' ')) {
      inside = lo <= at && at < hi;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return "";
}

// An anonymous mapping of `bytes`, unmapped at the end of the scope.
struct Mapping {
  explicit Mapping(std::size_t n) : bytes(n) {
    p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  }
  ~Mapping() {
    if (p != MAP_FAILED) ::munmap(p, bytes);
  }
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  std::size_t bytes;
  void* p;
};

// Sets ZONELINT_HUGE_PAGES (nullptr: unsets it) for the scope, then restores it as it was.
struct Setting {
  explicit Setting(const char* value) { set(value); }
  ~Setting() { set(was ? old.c_str() : nullptr); }
  Setting(const Setting&) = delete;
  Setting& operator=(const Setting&) = delete;
  static void set(const char* value) {
    if (value)
      ::setenv("ZONELINT_HUGE_PAGES", value, 1);
    else
      ::unsetenv("ZONELINT_HUGE_PAGES");
  }
  const char* was = std::getenv("ZONELINT_HUGE_PAGES");  // NOLINT(concurrency-mt-unsafe)
  std::string old = was ? was : "";
};

}  // namespace

TEST_CASE("huge pages: a large buffer asks for them over its whole 2 MiB pages, a small one not") {
  // Linux says "hg" in a mapping's VmFlags once it was advised MADV_HUGEPAGE; the advice
  // splits the mapping at 2 MiB boundaries, so the aligned part shows it alone.
  // A kernel without transparent huge pages refuses the advice (EINVAL): nothing to check.
  if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled")) {
    WARN("no transparent huge pages in this kernel: nothing to check");
    return;
  }
  const Setting always("1");
  Mapping large(5 * kHuge + 4096);
  REQUIRE(large.p != MAP_FAILED);
  zl::advise_huge_pages(large.p, large.bytes);
  const std::size_t skip = (kHuge - reinterpret_cast<std::uintptr_t>(large.p) % kHuge) % kHuge;
  const char* first = static_cast<const char*>(large.p) + skip;  // the first 2 MiB boundary
  CHECK(vm_flags_at(first).find(" hg") != std::string::npos);
  CHECK(vm_flags_at(first + 4 * kHuge - 1).find(" hg") != std::string::npos);
  // Before the first whole huge page (when the mapping does not start on one), no advice.
  if (skip != 0) CHECK(vm_flags_at(large.p).find(" hg") == std::string::npos);

  Mapping small(2 * kHuge - 4096);  // under 4 MiB
  REQUIRE(small.p != MAP_FAILED);
  zl::advise_huge_pages(small.p, small.bytes);
  CHECK(vm_flags_at(small.p).find(" hg") == std::string::npos);
}

TEST_CASE("huge pages: only ZONELINT_HUGE_PAGES=1 in the environment turns the advice on") {
  if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled")) {
    WARN("no transparent huge pages in this kernel: nothing to check");
    return;
  }
  const Setting restore(std::getenv("ZONELINT_HUGE_PAGES"));  // NOLINT(concurrency-mt-unsafe)
  const auto advised = [](const char* setting) {
    Setting::set(setting);
    const Mapping large(5 * kHuge);
    REQUIRE(large.p != MAP_FAILED);
    const std::size_t skip = (kHuge - reinterpret_cast<std::uintptr_t>(large.p) % kHuge) % kHuge;
    zl::advise_huge_pages(large.p, large.bytes);
    // The first 2 MiB boundary.
    return vm_flags_at(static_cast<const char*>(large.p) + skip).find(" hg") != std::string::npos;
  };
  CHECK_FALSE(advised(nullptr));  // the default
  CHECK_FALSE(advised("0"));
  CHECK_FALSE(advised("yes"));
  CHECK(advised("1"));
  // The modes: "0" never, "1" always, anything else (and nothing) the default.
  Setting::set("0");
  CHECK(zl::huge_pages_mode() == zl::HugePages::never);
  Setting::set("1");
  CHECK(zl::huge_pages_mode() == zl::HugePages::always);
  Setting::set("2");
  CHECK(zl::huge_pages_mode() == zl::HugePages::automatic);
  Setting::set(nullptr);
  CHECK(zl::huge_pages_mode() == zl::HugePages::automatic);
}

TEST_CASE("huge pages: the file reader returns a file of several MiB byte for byte") {
  namespace fs = std::filesystem;
  const fs::path path = fs::temp_directory_path() /
                        ("zonelint_huge_pages_test." + std::to_string(::getpid()) + ".zone");
  std::string text;
  for (std::size_t i = 0; text.size() < 3 * kHuge + 1234; ++i)
    text += "n" + std::to_string(i) + " A 192.0.2." + std::to_string(i % 250) + "\n";
  {
    std::ofstream out(path, std::ios::binary);
    out << text;
  }
  std::string error;
  // The read() path (a file this large is otherwise mapped, core/file_mapping.hpp).
  ::setenv("ZONELINT_MMAP", "0", 1);
  const auto read = zl::filesystem_reader()(path.string(), &error);
  ::unsetenv("ZONELINT_MMAP");
  fs::remove(path);
  REQUIRE(read);
  CHECK_FALSE(read->mapped());
  CHECK(read->size() == text.size());
  CHECK(*read == text);
}
