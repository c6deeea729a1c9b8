// The line index (core/source.hpp LineIndex): scan_lines over stretches of a text, appended in
// order, equals the line table SourceFile built before (one pass over the whole text), with the
// wide lines and suppression tags right; the parse of a mapped file gives it to the file, and
// line/column, the trimmed line ends and the suppression comments come out the same from it, and
// the records of the parse that goes through the mapped file window by window.
#include <unistd.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/file_mapping.hpp"
#include "core/source.hpp"
#include "lint/suppression.hpp"
#include "load/loader.hpp"
#include "oracle_util.hpp"
#include "parse/file_read.hpp"
#include "temp_dir.hpp"

namespace {

namespace fs = std::filesystem;

// The line table as SourceFile built it before the index (its code then): \n, \r\n and a
// lone \r end lines; a final terminator opens no line.
std::vector<std::uint32_t> reference_starts(std::string_view text) {
  std::vector<std::uint32_t> starts{0};
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      starts.push_back(static_cast<std::uint32_t>(i + 1));
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      starts.push_back(static_cast<std::uint32_t>(i + 1));
    }
  }
  if (starts.size() > 1 && starts.back() == text.size()) starts.pop_back();
  return starts;
}

std::vector<std::uint32_t> reference_wide(std::string_view text,
                                          const std::vector<std::uint32_t>& starts) {
  std::vector<std::uint32_t> wide;
  for (std::size_t l = 0; l < starts.size(); ++l) {
    const std::size_t e = l + 1 < starts.size() ? starts[l + 1] : text.size();
    for (std::size_t i = starts[l]; i < e; ++i)
      if ((static_cast<unsigned char>(text[i]) & 0x80) != 0) {
        wide.push_back(starts[l]);
        break;
      }
  }
  return wide;
}

std::vector<std::uint32_t> reference_tags(std::string_view text) {
  std::vector<std::uint32_t> tags;
  for (std::size_t at = text.find(zl::kSuppressionTag); at != std::string_view::npos;
       at = text.find(zl::kSuppressionTag, at + 1))
    tags.push_back(static_cast<std::uint32_t>(at));
  return tags;
}

// The index of `text` from scans of stretches of `step` bytes (the whole when 0).
zl::LineIndex scanned(std::string_view text, std::size_t step) {
  zl::LineIndex index;
  index.starts.push_back(0);
  if (step == 0) step = text.size() + 1;
  for (std::size_t b = 0; b < text.size(); b += step) {
    zl::LineIndex part;
    zl::scan_lines(text, b, b + step, part, true);
    index.append(std::move(part));
  }
  zl::finish_line_index(text, index);
  return index;
}

void check_index(const std::string& what, std::string_view text) {
  const std::vector<std::uint32_t> starts = reference_starts(text);
  const std::vector<std::uint32_t> wide = reference_wide(text, starts);
  const std::vector<std::uint32_t> tags = reference_tags(text);
  const bool cr = text.find('\r') != std::string_view::npos;
  for (const std::size_t step : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{7},
                                 std::size_t{64}, std::size_t{4096}}) {
    const zl::LineIndex index = scanned(text, step);
    INFO(what << " in stretches of " << step);
    REQUIRE(index.starts.to_vector() == starts);
    REQUIRE(index.wide_lines == wide);
    REQUIRE(index.tags == tags);
    REQUIRE(index.has_cr == cr);
  }
}

// Old SourceFile answers, from the text.
zl::LineCol reference_line_col(std::string_view text, const std::vector<std::uint32_t>& starts,
                               std::uint32_t offset) {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text.size()));
  const auto it = std::upper_bound(starts.begin(), starts.end(), offset);
  const auto line = static_cast<std::uint32_t>(it - starts.begin());
  std::uint32_t col = 1;
  for (std::size_t i = starts[line - 1]; i < offset; ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++col;
  return {line, col};
}

std::uint32_t reference_trim(std::string_view text, std::uint32_t begin, std::uint32_t end) {
  end = std::min<std::uint32_t>(end, static_cast<std::uint32_t>(text.size()));
  begin = std::min(begin, end);
  while (end > begin && (text[end - 1] == '\n' || text[end - 1] == '\r')) --end;
  return end;
}

// Every offset's line/column and trimmed line end, from a file given the index by the parse
// (set_line_index) and from one that builds its own, against the text's.
void check_answers(const std::string& what, const std::string& text) {
  const std::vector<std::uint32_t> starts = reference_starts(text);
  const zl::SourceFile given("given", zl::SourceText(text));
  given.set_line_index(scanned(text, 4096));
  const zl::SourceFile own("own", zl::SourceText(text));
  const auto n = static_cast<std::uint32_t>(text.size());
  const std::uint32_t stride = n > 20000 ? n / 5000 : 1;
  for (std::uint32_t o = 0; o <= n + 1; o += stride) {
    INFO(what << " at " << o);
    const zl::LineCol want = reference_line_col(text, starts, o);
    for (const zl::SourceFile* f : {&given, &own}) {
      const zl::LineCol got = f->line_col(o);
      REQUIRE(got.line == want.line);
      REQUIRE(got.column == want.column);
      REQUIRE(f->line_of(o) == want.line);
      for (const std::uint32_t back : {0u, 1u, 2u, 5u})
        REQUIRE(f->trim_line_end(o > back ? o - back : 0, o) ==
                reference_trim(text, o > back ? o - back : 0, o));
    }
  }
}

}  // namespace

TEST_CASE("line index: stretches of any size give the line table, wide lines and tags") {
  const std::vector<std::pair<std::string, std::string>> texts = {
      {"empty", ""},
      {"one line", "a"},
      {"newline", "\n"},
      {"final newline", "a\nb\n"},
      {"two final newlines", "a\nb\n\n"},
      {"crlf", "a\r\nb\r\n"},
      {"lone cr", "a\rb\r"},
      {"cr cr lf", "a\r\r\nb\n\r"},
      {"utf-8", "www A 1\n\xC3\xA9t\xC3\xA9 TXT \"\xE2\x82\xAC\"\nplain\n\xFF\n"},
      {"wide across lines", "\xC3\xA9\xC3\xA9\xC3\xA9 x\r\n\xC3\xA9\ry\xC3\xA9"},
      {"tags", "; zonelint: disable=a\nzonelint:zonelint: x ; zonelint: y\nzonelint:"},
      {"cut tag", "x zonelint"},
  };
  for (const auto& [what, text] : texts) {
    check_index(what, text);
    check_answers(what, text);
  }
}

TEST_CASE("line index: lines of 255 bytes and more, across the blocks of starts") {
  // Line lengths around the 255 a length byte holds, a few of 64 KiB and more, empty lines,
  // over many blocks of 32 lines.
  std::string text;
  const std::size_t lengths[] = {1, 254, 255, 256, 257, 300, 1, 70000, 2, 255, 0, 511, 40};
  for (std::size_t i = 0; i < 200; ++i) {
    text.append(lengths[(i * 7) % std::size(lengths)], 'x');
    text += i % 11 == 0 ? "\r\n" : "\n";
  }
  check_index("long lines", text);
  check_answers("long lines", text + "tail");
}

TEST_CASE("line index: LineStarts answers as a vector of the starts") {
  std::vector<std::uint32_t> want;
  zl::LineStarts starts;
  std::uint32_t at = 0;
  for (std::uint32_t i = 0; i < 1000; ++i) {
    want.push_back(at);
    starts.push_back(at);
    at += i % 37 == 0 ? 255 + i : i % 29 == 0 ? 256 : 1 + (i * 13) % 200;
  }
  const auto check = [&] {
    REQUIRE(starts.size() == want.size());
    REQUIRE(starts.to_vector() == want);
    if (!want.empty()) REQUIRE(starts.back() == want.back());
    for (std::size_t l = 0; l < want.size(); ++l) REQUIRE(starts[l] == want[l]);
    for (std::size_t l = 0; l + 1 < want.size(); ++l)
      REQUIRE(starts.start_after(l, want[l]) == want[l + 1]);
    const std::uint32_t top = want.empty() ? 10 : want.back() + 10;
    for (std::uint32_t o = 0; o < top; ++o) {
      const auto it = std::upper_bound(want.begin(), want.end(), o);
      REQUIRE(starts.count_not_above(o) == static_cast<std::size_t>(it - want.begin()));
      const zl::LineStarts::Located loc = starts.locate(o);
      REQUIRE(loc.count == static_cast<std::size_t>(it - want.begin()));
      REQUIRE(loc.start == (it == want.begin() ? 0 : it[-1]));
      REQUIRE(starts.contains(o) == std::binary_search(want.begin(), want.end(), o));
    }
  };
  check();
  // Appended in parts, as the parallel parse does.
  zl::LineStarts joined;
  for (std::size_t b = 0; b < want.size(); b += 45) {
    zl::LineStarts part;
    for (std::size_t l = b; l < std::min(want.size(), b + 45); ++l) part.push_back(want[l]);
    joined.append(part);
  }
  REQUIRE(joined.to_vector() == want);
  // Taken off the end, across blocks and far starts.
  for (std::size_t k = 0; k < 70; ++k) {
    starts.pop_back();
    want.pop_back();
  }
  check();
  starts.push_back(want.back() + 300);
  want.push_back(want.back() + 300);
  check();
}

TEST_CASE("line index: the fixtures and the corpus, in stretches, as the line table was") {
  std::size_t files = 0;
  for (const char* root : {"fixtures", "tests/corpus"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file() || entry.file_size() > (std::size_t{1} << 20)) continue;
      const std::string text = zltest::read_file(entry.path());
      check_index(entry.path().generic_string(), text);
      check_answers(entry.path().generic_string(), text);
      ++files;
    }
  }
  CHECK(files > 500);
}

namespace {

using zltest::TempDir;

struct MappingSetting {
  explicit MappingSetting(const char* value) { ::setenv("ZONELINT_MMAP", value, 1); }
  ~MappingSetting() { ::unsetenv("ZONELINT_MMAP"); }
  MappingSetting(const MappingSetting&) = delete;
  MappingSetting& operator=(const MappingSetting&) = delete;
};

// The records of a load, as text: the windowed parse of a mapped file reads what the parse of
// the file read into memory reads.
std::string describe(const zl::ZoneSet& set) {
  std::ostringstream o;
  o << set.zones.size() << ' ' << set.diagnostics.size() << '\n';
  for (const zl::Zone& z : set.zones)
    for (const zl::Record& r : z.records)
      o << z.owner(r).text() << ' ' << r.type << ' ' << r.ttl << ' ' << z.span(r).begin << '-'
        << z.span(r).end << ' ' << int{r.flags} << '\n';
  for (const zl::Diagnostic& d : set.diagnostics.items())
    o << d.rule << ' ' << d.span.begin << ' ' << d.message << '\n';
  return o.str();
}

std::string describe(const std::vector<zl::Suppression>& sups) {
  std::ostringstream o;
  for (const zl::Suppression& s : sups) {
    o << static_cast<int>(s.kind) << ' ' << s.line << ' ' << s.comment.begin << '-' << s.comment.end
      << " '" << s.reason << "' '" << s.error << "'";
    for (const auto& id : s.ids) o << ' ' << id.id << '@' << id.span.begin << '-' << id.span.end;
    o << '\n';
  }
  return o.str();
}

}  // namespace

TEST_CASE("line index: a mapped zone's parse gives it, serial and in stretches, as read") {
  TempDir d;
  // Suppression comments all over a zone of several MiB (across the parallel parse's
  // stretches), a tag that is not a comment, CRLF lines and non-ASCII text.
  std::string text =
      "$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1 host 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n";
  for (std::size_t i = 0; text.size() < (std::size_t{5} << 20); ++i) {
    const std::string k = std::to_string(i);
    text += "h" + k + " A 192.0.2." + std::to_string(i % 250) + "\n";
    if (i % 997 == 0) text += "; zonelint: disable-next-line=mx-missing -- why " + k + "\n";
    if (i % 1999 == 0) text += "t" + k + " TXT \"zonelint: not a comment\" ; zonelint: disable=x\n";
    if (i % 3001 == 0) text += "c" + k + " TXT \"caf\xC3\xA9\"\r\n";
    if (i % 4001 == 0) text += "; zonelint: bogus\n";
  }
  const fs::path path = d.path / "example.com.zone";
  {
    std::ofstream out(path, std::ios::binary);
    out << text;
  }
  const zl::SourceFile reference("example.com.zone", zl::SourceText(text));
  const std::string want = describe(zl::scan_suppressions(reference, 0, zl::CommentStyle::zone));
  REQUIRE(want.find("mx-missing") != std::string::npos);
  REQUIRE(want.find("unknown directive") != std::string::npos);
  std::string records;
  {
    const MappingSetting off("0");
    zl::ZoneSet set;
    zl::load_file(set, path.string(), zl::LoadOptions{});
    records = describe(set);
  }
  REQUIRE(records.size() > (std::size_t{4} << 20));  // more than one of the parse's windows
  for (const unsigned threads : {1u, 2u, 3u}) {
    INFO("threads " << threads);
    const MappingSetting on("1");
    zl::LoadOptions opt;
    opt.parse.threads = threads;
    zl::ZoneSet set;
    zl::load_file(set, path.string(), opt);
    REQUIRE(set.sources.size() == 1);
    const zl::SourceFile& f = set.sources.file(0);
    REQUIRE(f.mapped());
    REQUIRE(f.suppression_tags() != nullptr);  // from the parse
    CHECK(*f.suppression_tags() == reference_tags(text));
    REQUIRE(f.line_count() == reference.line_count());
    for (std::uint32_t l = 1; l <= f.line_count(); ++l)
      if (f.line_start(l) != reference.line_start(l)) FAIL("line " << l << " starts elsewhere");
    CHECK(describe(zl::scan_suppressions(f, 0, zl::CommentStyle::zone)) == want);
    CHECK(describe(set) == records);
  }
  // Not mapped: no index from the parse, the text is searched, with the same result.
  const MappingSetting off("0");
  zl::ZoneSet set;
  zl::load_file(set, path.string(), zl::LoadOptions{});
  REQUIRE_FALSE(set.sources.file(0).mapped());
  CHECK(set.sources.file(0).suppression_tags() == nullptr);
  CHECK(describe(zl::scan_suppressions(set.sources.file(0), 0, zl::CommentStyle::zone)) == want);
}
