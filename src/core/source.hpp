// Source files, byte spans and late line/column conversion.
//
// Every position in zonelint is a Span of bytes into one SourceFile. Line and column are
// computed only when a reporter needs them. Columns count Unicode code points (SARIF
// "columnKind": "unicodeCodePoints"); a byte that is not valid UTF-8 counts as one column.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace zl {

class FileMapping;

using FileId = std::uint32_t;
inline constexpr FileId kNoFile = 0xffffffffu;

struct Span {
  FileId file = kNoFile;
  std::uint32_t begin = 0;  // byte offset, inclusive
  std::uint32_t end = 0;    // byte offset, exclusive
  bool valid() const { return file != kNoFile; }
  friend bool operator==(const Span&, const Span&) = default;
};

struct LineCol {
  std::uint32_t line = 0;    // 1-based
  std::uint32_t column = 0;  // 1-based, in code points
};

enum class InputFormat : std::uint8_t {
  zone,
  octodns,
  dnscontrol,
  route53,
  terraform,
  config,
  other
};
std::string_view to_string(InputFormat f);

// The bytes of one source file: a string of its own (standard input, generated text, tests,
// files under kMapMinBytes), or a read-only mapping of a large file read in place
// (core/file_mapping.hpp, made by read_file). Either way a view of the same bytes, which do not
// move for as long as the SourceText lives (a move keeps them where they are, except a short
// string's, which moves with the string).
class SourceText {
 public:
  SourceText();
  // NOLINTNEXTLINE(google-explicit-constructor): text given as a string is the common case.
  SourceText(std::string text);
  explicit SourceText(std::unique_ptr<FileMapping> mapping);
  SourceText(SourceText&& other) noexcept;
  SourceText& operator=(SourceText&& other) noexcept;
  ~SourceText();

  std::string_view view() const { return mapping_ ? mapped_ : std::string_view(owned_); }
  // NOLINTNEXTLINE(google-explicit-constructor): a view of the text, wherever a view will do.
  operator std::string_view() const { return view(); }
  std::size_t size() const { return view().size(); }
  bool empty() const { return view().empty(); }
  bool mapped() const { return mapping_ != nullptr; }
  friend bool operator==(const SourceText& a, std::string_view b) { return a.view() == b; }

  // A mapped text's pages over bytes [begin, end) leave the process's RSS
  // (FileMapping::release_pages); they come back when read again. Nothing for a string.
  void release_pages(std::size_t begin = 0, std::size_t end = std::string_view::npos) const;

 private:
  std::string owned_;
  std::unique_ptr<FileMapping> mapping_;
  std::string_view mapped_;  // the mapping's text, when there is one
};

// The first bytes of a suppression comment's text (lint/suppression.hpp): the scan for line
// starts below also records where they occur, so that a large file need not be read again to
// find its suppressions.
inline constexpr std::string_view kSuppressionTag = "zonelint:";

// The line starts (a 1M-record zone has 1.2M lines) are kept as a byte a line, the length of
// the line before (0: 255 bytes or more, the start is then in a short list of its own), with
// the absolute start of every kBlock-th line: 1.1 bytes a line instead of 4. A question reads
// one block (kBlock bytes) after a binary search over the blocks' starts, not the text.
class LineStarts {
 public:
  // Appends a line start, greater than the last one.
  void push_back(std::uint32_t start);
  void reserve(std::size_t lines);
  std::size_t size() const { return lengths_.size(); }
  bool empty() const { return lengths_.empty(); }
  std::uint32_t operator[](std::size_t line) const;  // the start of line `line` (0-based)
  std::uint32_t back() const { return last_; }
  // The start of line `line + 1` (0-based, below size()), given `start`, that of `line`: one
  // step, where operator[] walks the block again.
  std::uint32_t start_after(std::size_t line, std::uint32_t start) const {
    const std::size_t next = line + 1;
    return next % kBlock == 0 ? block_starts_[next / kBlock] : next_start(start, next);
  }
  void pop_back();
  // The number of starts not above `offset` (std::upper_bound's position in the starts).
  std::size_t count_not_above(std::uint32_t offset) const;
  // count_not_above(offset), and the last of those starts (0 when there is none): what a
  // line/column question needs, in one walk of the block.
  struct Located {
    std::size_t count = 0;
    std::uint32_t start = 0;
  };
  Located locate(std::uint32_t offset) const;
  bool contains(std::uint32_t offset) const;
  // Appends the starts of `part`, all greater than this one's last.
  void append(const LineStarts& part);
  std::vector<std::uint32_t> to_vector() const;

 private:
  static constexpr std::size_t kBlock = 32;
  // The start of line b * kBlock, for each block b.
  std::vector<std::uint32_t> block_starts_;
  // lengths_[i]: start i minus start i - 1 when that is 1 to 255, else 0 and start i is in
  // far_. A block's first line has 1 (its start is in block_starts_).
  std::vector<std::uint8_t> lengths_;
  // The lines whose length byte is 0 (lines of 256 bytes or more before them), by line.
  struct Far {
    std::uint32_t line, start;
  };
  std::vector<Far> far_;
  std::uint32_t last_ = 0;  // the last start
  // The start of `line`, whose length byte is 0. Out of line (rare), so that next_start stays
  // small enough to be inlined into the walks over a block.
  [[gnu::noinline]] std::uint32_t far_start(std::size_t line) const;
  // The start after `start`, that of `line`.
  std::uint32_t next_start(std::uint32_t start, std::size_t line) const {
    const std::uint8_t length = lengths_[line];
    return length != 0 ? start + length : far_start(line);
  }
};

// What a pass over a file's text records so that reporting need not read the text again: where
// its lines start, which of them hold bytes that are not ASCII (their columns must be counted
// in the text; in the others a column is the byte offset from the line's start plus one),
// whether a \r ends any line, and where kSuppressionTag occurs. The zone parse builds it for a
// mapped file while its pages are still in memory (scan_lines on stretches of the file, in
// parallel, then append), so that the line/column of each finding and the suppression scan do
// not fault the file's pages back in after the parse dropped them (core/file_mapping.hpp).
struct LineIndex {
  LineStarts starts;                      // byte offsets after each line terminator, ascending
  std::vector<std::uint32_t> wide_lines;  // the starts of lines with a byte >= 0x80, ascending
  std::vector<std::uint32_t> tags;        // offsets of kSuppressionTag, ascending
  bool has_cr = false;                    // a \r anywhere in the bytes scanned
  bool tags_scanned = false;              // `tags` is filled in (scan_lines with tags = true)

  // Appends `part`, the scan of the bytes right after the ones this index has scanned.
  void append(LineIndex&& part);
};

// Scans bytes [begin, end) of `text` into `out` (what LineIndex holds, for those bytes): a line
// start for each terminator byte in the range (\n, \r\n and a lone \r end lines, as
// SourceFile splits them), each wide line with a byte in the range, and each kSuppressionTag
// that starts in the range when `tags`. Scans of consecutive ranges, appended in order, equal
// the scan of the whole (a line that crosses a cut is told wide once).
void scan_lines(std::string_view text, std::size_t begin, std::size_t end, LineIndex& out,
                bool tags);
// Makes `index` the index of the whole of `text`, given that its starts are the first line's 0
// followed by the scans of all of `text`, in order: drops the empty line after a final
// terminator.
void finish_line_index(std::string_view text, LineIndex& index);

class SourceFile {
 public:
  SourceFile(std::string path, SourceText text);

  const std::string& path() const { return path_; }  // as given (relative if it was)
  std::string_view text() const { return text_.view(); }
  bool mapped() const { return text_.mapped(); }
  // See SourceText::release_pages: after the parse, and between rules (engine.cpp).
  void release_pages() const { text_.release_pages(); }
  // The offset of the first `needle` in the text (npos if none). A pass over a whole mapped
  // file would bring all its pages back into the RSS: this one searches a window of a few MiB
  // at a time and releases each window's pages once it has searched it.
  std::size_t find(std::string_view needle) const;
  std::string_view slice(std::uint32_t begin, std::uint32_t end) const;

  LineCol line_col(std::uint32_t offset) const;
  // The 1-based line of `offset` (line_col's line, without reading the text for a column).
  std::uint32_t line_of(std::uint32_t offset) const;
  // The columns from byte `begin` to byte `end` of 1-based `line` (the code points between).
  std::uint32_t columns(std::uint32_t line, std::uint32_t begin, std::uint32_t end) const;
  // `end` moved back over line terminator bytes (\n, \r), not below `begin`; both clamped to
  // the text. From the line index without a \r in the file, else from the text.
  std::uint32_t trim_line_end(std::uint32_t begin, std::uint32_t end) const;
  // The parse's index of this file (scan_lines over all of it, with the tags), taken instead of
  // building one on the first line question (nothing when one is built already).
  void set_line_index(LineIndex index) const;
  // The offsets of kSuppressionTag in the text, when the parse's index recorded them; else
  // nullptr (then the text has to be searched).
  const std::vector<std::uint32_t>* suppression_tags() const;
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts().size()); }
  // The text of 1-based `line` without its line terminator.
  std::string_view line_text(std::uint32_t line) const;
  std::uint32_t line_start(std::uint32_t line) const;  // byte offset of 1-based line
  // Byte offset of 1-based line and 1-based code-point column (for front ends whose parsers
  // give line/column, such as yaml-cpp). Clamped to the line's end.
  std::uint32_t offset_of(std::uint32_t line, std::uint32_t column) const;

 private:
  // The byte offset of each line's start; handles \n, \r\n and lone \r.
  const LineStarts& line_starts() const { return lines().starts; }
  const LineIndex& lines() const;
  // Whether the line that starts at `start` has a byte >= 0x80.
  bool wide_line(std::uint32_t start) const;

  std::string path_;
  SourceText text_;
  // The line table is built on the first line/column question, not with the file: a run that
  // reports nothing about a file (a clean --parse-only) then never pays for a pass over its
  // text and a table of 4 bytes a line (9 MB for a 100 MB zone). The questions may come from
  // several threads at once (rules and reporters run in parallel with --jobs), so the first
  // one builds the table under the mutex and publishes it with `lines_built_`; after that the
  // table never changes and readers only load the flag. The zone parse of a mapped file gives
  // the table ahead of time instead (set_line_index), with what it found of the text.
  mutable LineIndex lines_;
  mutable std::atomic<bool> lines_built_{false};
  mutable std::mutex lines_mutex_;
};

// About how many lines `text` has, without a pass over all of it (for reserving vectors before
// a parse): the lines of 16 windows of 64 KiB spread over the text (all of it when it is
// small), scaled to its size, plus an eighth. Reserving is not touching (pages never used cost
// address space, not memory), so a high guess costs little; a low one (lines much shorter away
// from the windows) only makes the vectors grow by doubling, as with no reserve. Counting every
// line was one more pass over the whole file, about 3% of a parse.
std::size_t estimate_line_count(std::string_view text);

// Where a file was pulled in by $INCLUDE: the directive in the including file.
struct IncludeSite {
  FileId included = kNoFile;
  Span directive;  // the $INCLUDE entry in the parent file
};

// All source files of one run. FileIds index into it; references stay valid as files are
// added (files are held by pointer).
class SourceSet {
 public:
  FileId add(std::string path, SourceText text);
  const SourceFile& file(FileId id) const { return *files_.at(id); }
  std::size_t size() const { return files_.size(); }
  std::string_view text(Span s) const { return file(s.file).slice(s.begin, s.end); }
  LineCol begin_of(Span s) const { return file(s.file).line_col(s.begin); }
  LineCol end_of(Span s) const { return file(s.file).line_col(s.end); }

  // Releases the pages of every mapped file's text (SourceText::release_pages): called where
  // the texts are not being read for a while, to keep them out of the peak RSS. Any thread may
  // read a text meanwhile (it faults the pages it reads back in), but no file may be added.
  void release_pages() const;

  void set_included_from(FileId file, Span directive);
  // The chain of $INCLUDE directives that led to `file`, innermost first (empty for a file
  // given on the command line).
  std::vector<Span> include_chain(FileId file) const;

  // Moves every file of `other` to the end of this set, in order, and returns the FileId the
  // first of them gets here: `other`'s file i is this set's file (returned + i), and its
  // include sites are shifted likewise. The texts are moved, not copied (the parallel load
  // merges the files each thread read this way).
  FileId append(SourceSet&& other);

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
  std::vector<Span> included_from_;   // per file; invalid span when not included
  std::vector<FileId> mapped_files_;  // the files whose text is mapped, for release_pages
};

}  // namespace zl
