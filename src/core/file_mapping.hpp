// Large input files read in place: a read-only mapping of the whole file instead of a copy of it
// in the heap.
//
// Why: a zone file's text is kept from the parse to the end of the run (spans point into it;
// some rules, the suppression comments and the human report read it again). Read into a
// std::string, it was anonymous memory for the whole run: 56 MB of the 1M-record bench zone's
// peak, 100 MB of a 100 MB zone's. Mapped, its pages are the page cache's: they count in the
// process's RSS only while they are mapped in its page tables, and release_pages() takes them
// out again (a later read faults them back in from the page cache, with the same bytes).
//
// Small files keep the read() path (fewer system calls and no mapping per file: 10,000 small
// zones stay as fast, and far from vm.max_map_count).
//
// A file truncated while it is mapped makes a read of its lost pages raise SIGBUS. The first
// mapping installs a handler that turns that into a clear error naming the file (exit code 2)
// instead of a crash without a word; a SIGBUS anywhere else keeps its default action.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace zl {

// Files of at least this many bytes are mapped (read_file). Below it, the read into a string
// costs less than a mapping's system calls and page faults, and saves little memory.
inline constexpr std::size_t kMapMinBytes = std::size_t{1} << 20;  // 1 MiB

// At most this many files are mapped at once; past it, files are read (a fixed table for the
// SIGBUS handler, and far below vm.max_map_count, 65530 by default: each mapping takes two).
inline constexpr std::size_t kMaxMappedFiles = 1024;

// Whether to map large files: yes unless the environment says ZONELINT_MMAP=0 (the off switch:
// every file read into memory, as before). Mapping costs no CPU over reading since nothing reads
// the whole text after the parse: the parse records what reporting needs of it (line starts,
// wide lines, suppression tags: core/source.hpp LineIndex) while the pages are in, and the
// parse populates the pages of each window before it reads it (populate_mapped) instead of
// faulting them in one by one, and drops them behind it. Read at each call.
bool mapping_enabled();

// Bytes [p, p + n) of a mapped text (FileMapping::text(), never other memory): populate_mapped
// enters their pages into the page tables in one system call (MADV_POPULATE_READ; nothing on a
// kernel without it: the reads fault them in), far cheaper than a fault per 64 KiB as a parse
// reaches them; drop_mapped takes them out again (MADV_DONTNEED, as FileMapping::release_pages).
// Both round outward to whole pages. For the parse, which goes through a mapped file window by
// window (parse/zone_loader.cpp, zone_parallel.cpp): only a few MiB of it are in memory at once.
void populate_mapped(const char* p, std::size_t n);
void drop_mapped(const char* p, std::size_t n);

class FileMapping {
 public:
  // Maps the `size` bytes of the regular file open as `fd` (size > 0), read-only and private,
  // with an inaccessible page after it (a read past the end faults at once, even when the size
  // is a multiple of the page size). `path` names the file in the SIGBUS message. nullptr,
  // with `*error` set, when the mapping fails or kMaxMappedFiles are mapped (then read the file
  // instead).
  static std::unique_ptr<FileMapping> map(int fd, std::size_t size, const std::string& path,
                                          std::string* error);
  ~FileMapping();
  FileMapping(const FileMapping&) = delete;
  FileMapping& operator=(const FileMapping&) = delete;

  std::string_view text() const { return {data_, size_}; }

  // Takes the file's pages out of this process's page tables (MADV_DONTNEED): they stop
  // counting in its RSS, and a later read faults them in again from the page cache. Safe while
  // other threads read the text: a read either finds its page still mapped or faults it back,
  // the same bytes either way (the mapping is never written, so no private copy exists).
  // Only the pages wholly or partly within bytes [begin, end) of the text.
  void release_pages(std::size_t begin = 0, std::size_t end = std::string_view::npos) const;

 private:
  FileMapping(const char* data, std::size_t size, std::size_t reserved, std::size_t slot)
      : data_(data), size_(size), reserved_(reserved), slot_(slot) {}

  const char* data_;
  std::size_t size_;
  std::size_t reserved_;  // the mapped length with the guard page
  std::size_t slot_;      // in the SIGBUS handler's table
};

}  // namespace zl
