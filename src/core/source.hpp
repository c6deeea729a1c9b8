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

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }  // as given (relative if it was)
  const std::string& text() const { return text_; }
  std::string_view slice(std::uint32_t begin, std::uint32_t end) const;

  LineCol line_col(std::uint32_t offset) const;
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts().size()); }
  // The text of 1-based `line` without its line terminator.
  std::string_view line_text(std::uint32_t line) const;
  std::uint32_t line_start(std::uint32_t line) const;  // byte offset of 1-based line
  // Byte offset of 1-based line and 1-based code-point column (for front ends whose parsers
  // give line/column, such as yaml-cpp). Clamped to the line's end.
  std::uint32_t offset_of(std::uint32_t line, std::uint32_t column) const;

 private:
  // The byte offset of each line's start; handles \n, \r\n and lone \r.
  const std::vector<std::uint32_t>& line_starts() const;

  std::string path_;
  std::string text_;
  // The line table is built on the first line/column question, not with the file: a run that
  // reports nothing about a file (a clean --parse-only) then never pays for a pass over its
  // text and a table of 4 bytes a line (9 MB for a 100 MB zone). The questions may come from
  // several threads at once (rules and reporters run in parallel with --jobs), so the first
  // one builds the table under the mutex and publishes it with `lines_built_`; after that the
  // table never changes and readers only load the flag.
  mutable std::vector<std::uint32_t> line_starts_;
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
  FileId add(std::string path, std::string text);
  const SourceFile& file(FileId id) const { return *files_.at(id); }
  std::size_t size() const { return files_.size(); }
  std::string_view text(Span s) const { return file(s.file).slice(s.begin, s.end); }
  LineCol begin_of(Span s) const { return file(s.file).line_col(s.begin); }
  LineCol end_of(Span s) const { return file(s.file).line_col(s.end); }

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
  std::vector<Span> included_from_;  // per file; invalid span when not included
};

}  // namespace zl
