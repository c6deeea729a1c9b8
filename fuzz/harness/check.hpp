// Shared helpers of the fuzz harnesses: invariant checks that abort (so libFuzzer records a
// crash) and the multi-file input format used by the targets that need more than one file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

// An invariant that must hold for every input. A violation is a bug: print it and abort, so
// that libFuzzer saves the input and the regression test fails loudly.
#define ZL_FUZZ_CHECK(cond)                                                                  \
  do {                                                                                       \
    if (!(cond)) {                                                                           \
      std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (false)

namespace zl::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return size == 0 ? std::string_view{}
                   : std::string_view(reinterpret_cast<const char*>(data), size);
}

// Several files in one input. The text before the first marker line is the main file; each
// line "%%file NAME" starts another file called NAME (relative to the fuzz root). Seeds
// without a marker are a single main file.
struct Files {
  std::string main;
  std::map<std::string, std::string> others;
};

inline Files split_files(std::string_view in) {
  static constexpr std::string_view kMarker = "%%file ";
  Files out;
  // No marker anywhere (nearly every input): all of it is the main file, without the walk
  // from line to line below.
  if (in.find(kMarker) == std::string_view::npos) {
    out.main.assign(in);
    return out;
  }
  std::string* current = &out.main;
  std::size_t pos = 0;
  while (pos < in.size()) {
    std::size_t eol = in.find('\n', pos);
    const std::size_t line_end = eol == std::string_view::npos ? in.size() : eol;
    const std::string_view line = in.substr(pos, line_end - pos);
    const std::size_t next = eol == std::string_view::npos ? in.size() : eol + 1;
    if (line.substr(0, kMarker.size()) == kMarker) {
      current = &out.others[std::string(line.substr(kMarker.size()))];
      current->clear();
    } else {
      current->append(in.substr(pos, next - pos));
    }
    pos = next;
  }
  return out;
}

}  // namespace zl::fuzz
