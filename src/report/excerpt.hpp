// Source excerpts for the human format: the lines of a span with the span underlined.
//
//       7 | @   IN  MX  10 mail
//         |             ^~~~
//
// Tabs are expanded to 8 columns, invalid UTF-8 and control characters are shown escaped (the
// underline follows the escaped text), long lines are cut around the span and multi-line
// spans show their first and last lines. Private to src/report.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.hpp"
#include "report/common.hpp"

namespace zl::report {

// The terminal styles of the human format.
namespace ansi {
inline constexpr std::string_view kReset = "\033[0m";
inline constexpr std::string_view kBold = "\033[1m";
inline constexpr std::string_view kRed = "\033[1;31m";
inline constexpr std::string_view kMagenta = "\033[1;35m";
inline constexpr std::string_view kCyan = "\033[1;36m";
inline constexpr std::string_view kGreen = "\033[1;32m";
inline constexpr std::string_view kDim = "\033[2m";
}  // namespace ansi

// Appends `text` to `out` in `style` (plain when colour is off, or when the text is empty).
inline void append_painted(std::string& out, bool color, std::string_view style,
                           std::string_view text) {
  if (color && !text.empty()) {
    out += style;
    out += text;
    out += ansi::kReset;
  } else {
    out += text;
  }
}

// Writes excerpts into a caller's string. One writer serves many excerpts: the scratch memory
// of a line (its cells, its underline) is allocated once.
class ExcerptWriter {
 public:
  explicit ExcerptWriter(bool color) : color_(color) {}

  // Appends the lines of `span` (at `p`, from locate()) with the span underlined, the line
  // numbers right-aligned in `gutter` columns. Nothing for a file without text.
  void append(std::string& out, const SourceSet& sources, Span span, const Position& p,
              std::size_t gutter);

  // How a line's cells are worked out. A line of printable ASCII and tabs (the usual zone file
  // line) has one cell per byte, so its cells, window and underline follow from byte offsets
  // (and, with tabs, a table of each byte's column): `fast_when_plain` takes that path for such
  // a line, and it writes the same bytes as `general` (the one that decodes every character),
  // which tests compare it with.
  enum class LinePath { fast_when_plain, general };

  // Appends line `line_no` (`text`, without its terminator) with the bytes [ubegin, uend)
  // underlined (both at most text.size(); an empty range gets a single caret). `caret_first`:
  // the span starts on this line (its first cell gets the caret); otherwise this is a
  // continuation line, whose indentation is not underlined.
  void append_line(std::string& out, std::size_t gutter, std::uint32_t line_no,
                   std::string_view text, std::size_t ubegin, std::size_t uend, bool caret_first,
                   LinePath path = LinePath::fast_when_plain);

  // One source character as displayed: its bytes in the line, the text shown for it, where it
  // starts and how many cells it takes. Each printable code point counts as one cell; tabs and
  // escapes are as wide as the spaces or text that replace them. The shown text is at most 10
  // bytes ("<U+10FFFF>"), kept inline so that a line of cells needs no allocation per
  // character.
  struct Cell {
    std::size_t begin, end;  // byte offsets in the line
    std::size_t column;      // display column (0-based)
    std::size_t width;
    char shown[12];
    std::uint8_t shown_size;
    std::string_view text() const { return {shown, shown_size}; }
  };

 private:
  // The shown text of a line and its underline: the text is appended to `out`, the underline
  // to marks_ (trailing spaces are dropped afterwards).
  void ascii_line(std::string& out, std::string_view text, std::size_t ubegin, std::size_t uend,
                  bool caret_first);
  void general_line(std::string& out, std::string_view text, std::size_t ubegin, std::size_t uend,
                    bool caret_first);

  bool color_;
  std::vector<Cell> cells_;  // of the line being written (general_line)
  // A tab of the line being written (ascii_line): its byte offset, the column after it.
  struct TabStop {
    std::size_t at, end_column;
  };
  std::vector<TabStop> tabs_;
  std::string marks_;  // its underline
};

}  // namespace zl::report
