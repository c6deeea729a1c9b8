// Source excerpts of the human format (report/excerpt): the expected text of plain and escaped
// lines, and the fast paths for lines of printable ASCII (with or without tabs) against the
// general path that decodes every character, on every span of many lines.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "report/excerpt.hpp"

using namespace zl;
using report::ExcerptWriter;

namespace {

using Path = ExcerptWriter::LinePath;

std::string line(std::string_view text, std::size_t ubegin, std::size_t uend, bool caret_first,
                 Path path = Path::fast_when_plain, bool color = false, std::size_t gutter = 1,
                 std::uint32_t line_no = 7) {
  ExcerptWriter writer(color);
  std::string out;
  writer.append_line(out, gutter, line_no, text, ubegin, uend, caret_first, path);
  return out;
}

// Both paths, which must agree.
std::string both(std::string_view text, std::size_t ubegin, std::size_t uend, bool caret_first) {
  std::string fast = line(text, ubegin, uend, caret_first, Path::fast_when_plain);
  CHECK(fast == line(text, ubegin, uend, caret_first, Path::general));
  return fast;
}

}  // namespace

TEST_CASE("report excerpt: a plain line is underlined under its span") {
  CHECK(both("@ IN MX 10 mail", 11, 15, true) ==
        " 7 | @ IN MX 10 mail\n"
        "   |            ^~~~\n");
  // A one-byte span, the whole line, a span at the start.
  CHECK(both("abc", 1, 2, true) == " 7 | abc\n   |  ^\n");
  CHECK(both("abc", 0, 3, true) == " 7 | abc\n   | ^~~\n");
  // An empty span gets one caret where it points, also at the end of the line.
  CHECK(both("abc", 1, 1, true) == " 7 | abc\n   |  ^\n");
  CHECK(both("abc", 3, 3, true) == " 7 | abc\n   |    ^\n");
  CHECK(both("", 0, 0, true) == " 7 | \n   | ^\n");
  // A continuation line: its indentation is not underlined, and there is no caret.
  CHECK(both("   foo )", 0, 8, false) == " 7 |    foo )\n   |    ~~~~~\n");
  // A continuation line that is all indentation, or empty, gets no underline line.
  CHECK(both("    ", 0, 4, false) == " 7 |     \n");
  CHECK(both("", 0, 0, false) == " 7 | \n");
}

TEST_CASE("report excerpt: a long plain line is cut around its span") {
  const std::string text = std::string(150, 'a') + "BAD" + std::string(100, 'b');
  // The window starts 40 cells before the span and shows 120 cells.
  const std::string out = both(text, 150, 153, true);
  CHECK(out == " 7 | ..." + std::string(40, 'a') + "BAD" + std::string(77, 'b') + "...\n" +
                   "   |    " + std::string(40, ' ') + "^~~\n");
  // Near the start: no cut before; at the end: no cut after.
  CHECK(both(text, 2, 4, true) == " 7 | " + text.substr(0, 120) + "...\n   |   ^~\n");
  CHECK(both(text, 253, 253, true) ==
        " 7 | ..." + std::string(40, 'b') + "\n" + "   |    " + std::string(40, ' ') + "^\n");
  // A span longer than the window is underlined to the window's end.
  CHECK(both(text, 50, 253, true) == " 7 | ..." + text.substr(10, 120) + "...\n" + "   |    " +
                                         std::string(40, ' ') + "^" + std::string(79, '~') + "\n");
}

TEST_CASE("report excerpt: tabs are expanded, control characters and UTF-8 escaped or kept") {
  // A tab is as wide as the spaces to the next multiple of 8; the caret follows.
  CHECK(both("a\tb", 2, 3, true) == " 7 | a       b\n   |         ^\n");
  CHECK(both("a\tb", 1, 2, true) == " 7 | a       b\n   |  ^~~~~~~\n");
  // A continuation line's indentation of tabs is not underlined.
  CHECK(both("\t\tfoo )", 0, 7, false) ==
        " 7 |                 foo )\n   |                 ~~~~~\n");
  // A control character is shown escaped, and underlined as wide as its escape.
  CHECK(line("a\x01z", 1, 2, true) == " 7 | a<U+0001>z\n   |  ^~~~~~~~\n");
  CHECK(line("a\x7Fz", 2, 3, true) == " 7 | a<U+007F>z\n   |          ^\n");
  // An invalid byte is shown as \xHH; a valid UTF-8 character is one cell.
  CHECK(line("a\xFFz", 1, 2, true) == " 7 | a\\xFFz\n   |  ^~~~\n");
  CHECK(line("caf\xC3\xA9 x", 6, 7, true) == " 7 | caf\xC3\xA9 x\n   |      ^\n");
  // A bidirectional control is escaped.
  CHECK(line("a\xE2\x80\xAE", 1, 4, true) == " 7 | a<U+202E>\n   |  ^~~~~~~~\n");
}

TEST_CASE("report excerpt: gutters and colours") {
  CHECK(line("abc", 0, 1, true, Path::fast_when_plain, false, 4, 12) ==
        "   12 | abc\n"
        "      | ^\n");
  const std::string painted = line("abc", 0, 1, true, Path::fast_when_plain, true, 2, 3);
  CHECK(painted ==
        " \033[2m 3\033[0m \033[2m|\033[0m abc\n"
        "    \033[2m|\033[0m \033[1;32m^\033[0m\n");
  CHECK(painted == line("abc", 0, 1, true, Path::general, true, 2, 3));
}

TEST_CASE("report excerpt: the fast paths write the general path's bytes for every span") {
  // Lines of printable ASCII (spaces included, for continuation lines) of lengths around the
  // window's limits, without and with tabs (whose cells are wider than one column, so a window
  // edge can fall inside one); every span of a short line, random spans of long ones.
  std::mt19937 random(20261207);
  for (const std::string alphabet : {"  abcXYZ019.;\"()@-", "  abcXYZ019.;\"()@-\t\t"}) {
    std::uniform_int_distribution<std::size_t> letter(0, alphabet.size() - 1);
    for (const std::size_t size : {0, 1, 2, 7, 39, 40, 41, 80, 119, 120, 121, 160, 161, 200, 400}) {
      std::string text;
      for (std::size_t i = 0; i < size; ++i) text += alphabet[letter(random)];
      std::uniform_int_distribution<std::size_t> at(0, size);
      for (int k = 0; k < 300; ++k) {
        std::size_t b = at(random), e = at(random);
        if (b > e) std::swap(b, e);
        for (const bool caret_first : {true, false}) {
          for (const bool color : {false, true}) {
            INFO("size " << size << " span " << b << ".." << e << " caret " << caret_first);
            REQUIRE(line(text, b, e, caret_first, Path::fast_when_plain, color, 3) ==
                    line(text, b, e, caret_first, Path::general, color, 3));
          }
        }
      }
    }
  }
}
