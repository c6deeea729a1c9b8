// SourceFile's line table (built on the first line/column question) and estimate_line_count.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "core/source.hpp"

namespace {

// Line and column of every offset of `text` (and of its end), the slow obvious way: a line
// ends after \n, after \r\n and after a lone \r; a column is a byte that is not a UTF-8
// continuation byte.
std::vector<zl::LineCol> reference_positions(const std::string& text) {
  std::vector<zl::LineCol> out;
  std::uint32_t line = 1;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    std::uint32_t column = 1;
    for (std::size_t k = start; k < i; ++k)
      if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) ++column;
    out.push_back(zl::LineCol{line, column});
    if (i == text.size()) break;
    const bool ends_line =
        text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'));
    if (ends_line && i + 1 < text.size()) {  // a final terminator opens no new line
      ++line;
      start = i + 1;
    }
  }
  return out;
}

std::string sample_text() {
  std::string text;
  for (int i = 0; i < 300; ++i) {
    text += "line " + std::to_string(i) + " \xc3\xa9t\xc3\xa9";
    text += i % 3 == 0 ? "\r\n" : i % 3 == 1 ? "\n" : "\r";
  }
  text += "last";
  return text;
}

}  // namespace

TEST_CASE("source: the line table is built on first use, whichever question comes first") {
  const std::string text = "ab\r\ncd\ref\n\xc3\xa9x";
  // Each of the five questions may be the first one; the answers are the same.
  for (int first = 0; first < 5; ++first) {
    const zl::SourceFile f("t", text);
    switch (first) {
      case 0:
        CHECK(f.line_count() == 4);
        break;
      case 1:
        CHECK(f.line_col(12).line == 4);
        break;
      case 2:
        CHECK(f.line_text(2) == "cd");
        break;
      case 3:
        CHECK(f.line_start(3) == 7);
        break;
      default:
        CHECK(f.offset_of(4, 2) == 12);
        break;
    }
    CHECK(f.line_count() == 4);
    CHECK(f.line_col(0).line == 1);
    CHECK(f.line_col(4).line == 2);
    CHECK(f.line_col(7).line == 3);
    CHECK(f.line_col(12).column == 2);
    CHECK(f.line_text(2) == "cd");
    CHECK(f.line_start(3) == 7);
    CHECK(f.offset_of(4, 2) == 12);
  }
  // A file whose text is never asked about still gives its text.
  const zl::SourceFile quiet("q", std::string("a\nb\n"));
  CHECK(quiet.text() == "a\nb\n");
  CHECK(quiet.slice(2, 3) == "b");
}

TEST_CASE("source: threads converting positions of one file at once all get the same answers") {
  const std::string text = sample_text();
  const std::vector<zl::LineCol> expected = reference_positions(text);
  for (int round = 0; round < 20; ++round) {
    // A fresh file each round, so that the first questions race to build the table.
    const zl::SourceFile f("t", text);
    std::atomic<int> ready{0};
    std::atomic<int> mismatches{0};
    constexpr int kThreads = 4;
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        ready.fetch_add(1);
        while (ready.load() < kThreads) {
        }
        // Each thread walks the offsets from another starting point.
        const std::size_t n = expected.size();
        for (std::size_t k = 0; k < n; ++k) {
          const std::size_t i = (k + static_cast<std::size_t>(t) * n / kThreads) % n;
          const zl::LineCol lc = f.line_col(static_cast<std::uint32_t>(i));
          if (lc.line != expected[i].line || lc.column != expected[i].column)
            mismatches.fetch_add(1);
        }
        if (f.line_count() != expected.back().line) mismatches.fetch_add(1);
      });
    }
    for (auto& th : threads) th.join();
    CHECK(mismatches.load() == 0);
  }
}

TEST_CASE("source: estimate_line_count counts small texts and scales samples of large ones") {
  CHECK(zl::estimate_line_count("") == 1);
  CHECK(zl::estimate_line_count("a\nb\nc") == 3);
  // Up to 1 MiB: every line is counted.
  std::string small;
  for (int i = 0; i < 10000; ++i) small += "host" + std::to_string(i) + " A 192.0.2.1\n";
  CHECK(zl::estimate_line_count(small) == 10001);
  // Larger texts of about even lines: the estimate is at least the count, and not far above it
  // (an eighth more, give or take what the samples' lines differ from the average).
  std::string big;
  std::size_t lines = 0;
  while (big.size() < (std::size_t{5} << 20)) {
    big +=
        "host" + std::to_string(lines) + "\tIN\tA\t192.0.2." + std::to_string(lines % 250) + "\n";
    ++lines;
  }
  const std::size_t estimate = zl::estimate_line_count(big);
  CHECK(estimate >= lines);
  CHECK(estimate <= lines + lines / 4);
  // Lines much shorter away from the windows are underestimated: the vectors then grow as
  // they would without a reserve. Here all the lines are between the first two windows.
  std::string uneven(std::size_t{4} << 20, 'x');
  for (std::size_t i = 70000; i < 270000; i += 2) uneven[i] = '\n';
  CHECK(zl::estimate_line_count(uneven) == 1);
}
