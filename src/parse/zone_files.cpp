// File access for the zone loader: the default reader and the origin guessed from a file name.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/ascii.hpp"
#include "core/file_mapping.hpp"
#include "core/huge_pages.hpp"
#include "core/path.hpp"
#include "parse/file_read.hpp"
#include "parse/zone_parser.hpp"

// read_file's system calls go straight to the kernel on Linux (see open_file), except under a
// sanitizer, which watches them through the libc's functions (ASan checks read()'s buffer,
// TSan follows file descriptors).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ZL_LIBC_FILE_CALLS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define ZL_LIBC_FILE_CALLS 1
#endif
#endif
#if defined(__linux__) && !defined(ZL_LIBC_FILE_CALLS)
#include <sys/syscall.h>
#define ZL_RAW_FILE_CALLS 1
#endif

namespace zl {

namespace {

// open, read and close without the libc's wrappers, which are cancellation points: in a process
// with threads (--jobs), each call marks the thread cancellable before the system call and
// unmarks it after (atomic operations on the thread's state), for a cancellation zonelint never
// asks for (it cancels no thread). Over 10,000 small zones with --jobs 2 the marks were ~0.4%
// of the run's CPU samples (~1 ms), all of them from here, which --jobs 1 does not pay (glibc
// skips them while a process has one thread). Each returns as the libc's call does (-1 and errno).
int open_file(const char* path, int flags) {
#ifdef ZL_RAW_FILE_CALLS
  return static_cast<int>(::syscall(SYS_openat, AT_FDCWD, path, flags));
#else
  return ::open(path, flags);
#endif
}

ssize_t read_some(int fd, void* buf, std::size_t count) {
#ifdef ZL_RAW_FILE_CALLS
  return ::syscall(SYS_read, fd, buf, count);
#else
  return ::read(fd, buf, count);
#endif
}

void close_file(int fd) {
#ifdef ZL_RAW_FILE_CALLS
  (void)::syscall(SYS_close, fd);
#else
  ::close(fd);
#endif
}

}  // namespace

FileRead read_file(const std::string& path, std::uint64_t max_bytes, bool refuse_over_limit) {
  FileRead r;
  auto fail = [&r](std::string message) {
    r.error = std::move(message);
    return std::move(r);
  };
  // Open without blocking, then look at what was opened (fstat, not stat): a path swapped for a
  // FIFO or a device between the directory walk and this read is refused, never waited on.
  const int fd = open_file(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return fail(std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { close_file(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return fail(std::strerror(errno));
  if (S_ISDIR(st.st_mode)) return fail("is a directory, not a file");
  if (!S_ISREG(st.st_mode)) return fail("is not a regular file (a FIFO, socket or device)");
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (refuse_over_limit && size > max_bytes) {
    r.size_over = size;
    return r;
  }
  // A large file is read in place: its text stays in the page cache instead of being copied
  // into the heap, and leaves the RSS between reads (core/file_mapping.hpp). Its size is the
  // one fstat gave: what the file grows by afterwards is not seen.
  if (size >= kMapMinBytes && size <= max_bytes && mapping_enabled()) {
    std::string why;
    if (auto mapping = FileMapping::map(fd, static_cast<std::size_t>(size), path, &why)) {
      r.text.emplace(std::move(mapping));
      return r;
    }
  }
  // Read straight into the string (through a buffer on the stack, the copy into the string was
  // a tenth of a --parse-only run of a 100 MB zone), asking for one byte more than fstat
  // announced: a read of a regular file that returns less than it was asked for has reached
  // the end of the file, so a file that did not change is read in one read(), without a second
  // one to see the end (a system call per file over 10,000 small zones). Past the announced
  // size, only a short read ends the loop, never one in the middle.
  const std::uint64_t announced = std::min(size, max_bytes);
  const auto want = static_cast<std::size_t>(announced + 1);
  std::string text;
  text.reserve(want);
  advise_huge_pages(text.data(), text.capacity());
  text.resize(want);
  std::size_t got = 0;
  while (got < want) {
    const ssize_t n = read_some(fd, text.data() + got, want - got);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(std::string("read error: ") + std::strerror(errno));
    }
    got += static_cast<std::size_t>(n);
    if (got < want && got >= announced) break;  // a short read, at or past the announced end
  }
  text.resize(got);
  // All of `want` came: the file grew since fstat (or is over the limit). Whatever it added,
  // up to one buffer past the limit.
  char buf[65536];
  while (got == want && text.size() <= max_bytes) {
    const ssize_t n = read_some(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(std::string("read error: ") + std::strerror(errno));
    }
    text.append(buf, static_cast<std::size_t>(n));
  }
  r.text = std::move(text);
  return r;
}

FileReader filesystem_reader(std::uint64_t max_bytes) {
  return [max_bytes](const std::string& path, std::string* error) -> std::optional<SourceText> {
    FileRead r = read_file(path, max_bytes, false);
    if (!r.text && error) *error = std::move(r.error);
    return std::move(r.text);
  };
}

namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c) {
  return is_alpha(c) || (c >= '0' && c <= '9');
}

// Extensions that name a file type, not a top-level domain a zone could be under.
bool is_file_extension(std::string_view label) {
  // (Only extensions that are not also top-level domains: md, sh, py, in, zip, key are.)
  static constexpr std::string_view kExt[] = {
      "bak", "cfg",    "conf", "csv", "data", "gz",  "html",    "j2",   "jnl",
      "js",  "json",   "log",  "old", "orig", "out", "private", "raw",  "rb",
      "rej", "signed", "swp",  "tmp", "tpl",  "tsv", "txt",     "yaml", "yml"};
  for (auto e : kExt)
    if (iequals(label, e)) return true;
  return false;
}

}  // namespace

std::optional<Name> origin_from_file_name(const std::string& path) {
  std::string_view name = base_name(path);
  if (iends_with(name, ".zone"))
    name.remove_suffix(5);
  else if (iends_with(name, ".db"))
    name.remove_suffix(3);
  else if (istarts_with(name, "db."))
    name.remove_prefix(3);
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (name.empty() || name.size() > 253) return std::nullopt;

  // At least two labels of letters, digits, '-' and '_', the last one a plausible top-level
  // domain (letters, or an IDN A-label), not a file extension.
  std::size_t labels = 0;
  std::size_t start = 0;
  std::string_view last;
  while (start <= name.size()) {
    std::size_t dot = name.find('.', start);
    if (dot == std::string_view::npos) dot = name.size();
    const std::string_view label = name.substr(start, dot - start);
    if (label.empty() || label.size() > 63) return std::nullopt;
    for (char c : label)
      if (!is_alnum(c) && c != '-' && c != '_') return std::nullopt;
    ++labels;
    last = label;
    start = dot + 1;
  }
  if (labels < 2) return std::nullopt;
  const bool idn = istarts_with(last, "xn--");
  if (!idn) {
    for (char c : last)
      if (!is_alpha(c)) return std::nullopt;
  }
  if (is_file_extension(last)) return std::nullopt;
  // Relative to the root: the name with a final dot, without a copy of the text to add it.
  const Name root;
  return Name::parse(name, &root);
}

}  // namespace zl
