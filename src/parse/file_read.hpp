// Reading one input file from the file system: the loader's reader of a top-level file, and
// filesystem_reader's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/source.hpp"

namespace zl {

// What read_file found.
struct FileRead {
  std::optional<SourceText> text;  // the content; nullopt when not read
  std::string error;               // why it could not be read (text nullopt, no size_over)
  // With refuse_over_limit: the size fstat gave, over max_bytes; then nothing was read.
  std::optional<std::uint64_t> size_over;
};

// Reads a regular file, without blocking on a FIFO or a device (refused, as a directory is).
// Stops after `max_bytes` + 1 bytes, so that a file that grows while it is read costs no more
// memory than the limit: the caller sees that it is over the limit and refuses it. With
// `refuse_over_limit`, a file whose size is over `max_bytes` is not read at all (size_over).
// A small file takes four system calls: open, fstat, one read and close. A regular file of at
// least kMapMinBytes (and within `max_bytes`) is mapped instead of read unless ZONELINT_MMAP=0
// (core/file_mapping.hpp); it is read when the mapping fails.
FileRead read_file(const std::string& path, std::uint64_t max_bytes, bool refuse_over_limit);

}  // namespace zl
