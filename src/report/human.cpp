// Human format: compiler-style findings with source excerpts.
//
//   zones/example.com.zone:7:13: error: MX exchange 'mail.example.com.' is an alias ...
//   [mx-target-cname]
//       7 | @   IN  MX  10 mail
//         |             ^~~~
//   zones/example.com.zone:9:1: note: CNAME defined here
//       9 | mail IN CNAME mailhost
//         | ^~~~
//
// A finding with a safe fix ends in " [*]" after its rule id, and the summary is followed by
// "[*] N fixable with `zonelint --fix` ..." (the way ruff marks them).
//
// Tabs are expanded to 8 columns, invalid UTF-8 and control characters are shown escaped (the
// underline follows the escaped text), long lines are cut around the span and multi-line
// entries show their first and last lines.
#include <algorithm>
#include <cstdio>

#include "core/utf8.hpp"
#include "report/common.hpp"
#include "report/formats.hpp"

namespace zl::report {

namespace {

constexpr std::string_view kReset = "\033[0m";
constexpr std::string_view kBold = "\033[1m";
constexpr std::string_view kRed = "\033[1;31m";
constexpr std::string_view kMagenta = "\033[1;35m";
constexpr std::string_view kCyan = "\033[1;36m";
constexpr std::string_view kGreen = "\033[1;32m";
constexpr std::string_view kDim = "\033[2m";

constexpr std::size_t kTabWidth = 8;
constexpr std::size_t kMaxShownCells = 120;  // display cells per excerpt line
constexpr std::size_t kContextCells = 40;    // cells kept before the span on a cut line
constexpr std::uint32_t kMaxSpanLines = 4;   // more lines than this: first two, "...", last

class Painter {
 public:
  explicit Painter(bool on) : on_(on) {}
  std::string operator()(std::string_view style, std::string_view text) const {
    if (!on_ || text.empty()) return std::string(text);
    std::string s(style);
    s += text;
    s += kReset;
    return s;
  }

 private:
  bool on_;
};

std::string_view severity_style(Severity s) {
  switch (s) {
    case Severity::error:
      return kRed;
    case Severity::warning:
      return kMagenta;
    case Severity::info:
      return kCyan;
  }
  return kRed;
}

// One source character as displayed: its bytes in the line, the text shown for it, where it
// starts and how many cells it takes. Each printable code point counts as one cell; tabs and
// escapes are as wide as the spaces or text that replace them. The shown text is at most 10
// bytes ("<U+10FFFF>"), kept inline so that a line of cells needs no allocation per character.
struct Cell {
  std::size_t begin, end;  // byte offsets in the line
  std::size_t column;      // display column (0-based)
  std::size_t width;
  char shown[12];
  std::uint8_t shown_size;
  std::string_view text() const { return {shown, shown_size}; }
};

bool is_plain_ascii(unsigned char c) {
  return c >= 0x20 && c < 0x7F;
}

// The cells of `line`, in `cells` (cleared first; one vector serves every line of a report, so
// its memory is allocated once and stays warm).
void render_line(std::string_view line, std::vector<Cell>& cells) {
  cells.clear();
  cells.reserve(line.size());
  std::size_t i = 0, col = 0;
  while (i < line.size()) {
    Cell c{i, i + 1, col, 1, {}, 1};
    if (is_plain_ascii(static_cast<unsigned char>(line[i]))) {
      c.shown[0] = line[i];  // the usual case: one byte, one cell, shown as is
    } else {
      const utf8::Decoded d = utf8::decode(line, i);
      c.end = i + d.length;
      int n = 0;
      if (!d.valid) {
        n = std::snprintf(c.shown, sizeof c.shown, "\\x%02X", static_cast<unsigned char>(line[i]));
        c.width = static_cast<std::size_t>(n);
      } else if (d.code_point == '\t') {
        c.width = kTabWidth - col % kTabWidth;
        n = static_cast<int>(c.width);
        std::fill_n(c.shown, n, ' ');
      } else if (utf8::is_unsafe_control(d.code_point)) {
        n = std::snprintf(c.shown, sizeof c.shown, "<U+%04X>", static_cast<unsigned>(d.code_point));
        c.width = static_cast<std::size_t>(n);
      } else {
        n = static_cast<int>(d.length);
        line.copy(c.shown, d.length, i);
      }
      c.shown_size = static_cast<std::uint8_t>(n);
    }
    col += c.width;
    i = c.end;
    cells.push_back(c);
  }
}

void write_excerpt_line(std::ostream& out, const Painter& paint, std::size_t gutter,
                        std::uint32_t line_no, std::string_view text, std::size_t ubegin,
                        std::size_t uend, bool caret_first, std::vector<Cell>& cells) {
  render_line(text, cells);
  const std::size_t n = cells.size();
  // Cells holding the underlined bytes [ubegin, uend): [first, last). first == last marks an
  // empty span, pointed at with a single caret.
  std::size_t first = n;
  for (std::size_t k = 0; k < n; ++k) {
    if (cells[k].end > ubegin) {
      first = k;
      break;
    }
  }
  if (!caret_first) {  // a continuation line of a multi-line span: skip its indentation
    while (first < n && cells[first].begin < uend &&
           (text[cells[first].begin] == ' ' || text[cells[first].begin] == '\t')) {
      ++first;
    }
  }
  std::size_t last = first;
  while (last < n && cells[last].begin < uend) ++last;
  // Window of cells to show, so that long lines stay readable.
  const std::size_t total = n == 0 ? 0 : cells[n - 1].column + cells[n - 1].width;
  std::size_t wfrom = 0, wto = n;
  if (total > kMaxShownCells) {
    const std::size_t anchor = first < n ? cells[first].column : total;
    const std::size_t start_col = anchor > kContextCells ? anchor - kContextCells : 0;
    while (wfrom < n && cells[wfrom].column < start_col) ++wfrom;
    wto = wfrom;
    const std::size_t base = wfrom < n ? cells[wfrom].column : total;
    while (wto < n && cells[wto].column + cells[wto].width - base <= kMaxShownCells) ++wto;
  }
  std::string shown, marks;
  shown.reserve(kMaxShownCells + 8);
  marks.reserve(kMaxShownCells + 8);
  if (wfrom > 0) {
    shown += "...";
    marks += "   ";
  }
  for (std::size_t k = wfrom; k < wto; ++k) {
    const Cell& c = cells[k];
    shown += c.text();
    if (k < first || k >= last) {
      marks.append(c.width, ' ');
    } else if (k == first && caret_first) {
      marks += '^';
      marks.append(c.width - 1, '~');
    } else {
      marks.append(c.width, '~');
    }
  }
  if (wto < n) shown += "...";
  if (first == last && caret_first) {
    // Empty span: a single caret where it points (after the cells shown before it).
    std::size_t at = wfrom > 0 ? 3 : 0;
    for (std::size_t k = wfrom; k < std::min(first, wto); ++k) at += cells[k].width;
    marks.assign(at, ' ');
    marks += '^';
  }
  while (!marks.empty() && marks.back() == ' ') marks.pop_back();

  char num[16];
  std::snprintf(num, sizeof num, "%*u", static_cast<int>(gutter), line_no);
  out << ' ' << paint(kDim, num) << ' ' << paint(kDim, "|") << ' ' << shown << '\n';
  if (!marks.empty()) {
    out << ' ' << std::string(gutter, ' ') << ' ' << paint(kDim, "|") << ' ' << paint(kGreen, marks)
        << '\n';
  }
}

// The lines of `span` (at `p`, from locate()) with the span underlined.
void write_excerpt(std::ostream& out, const Painter& paint, const SourceSet& sources, Span span,
                   const Position& p, std::size_t gutter, std::vector<Cell>& cells) {
  if (sources.file(span.file).text().empty()) return;  // nothing to show (unreadable file)
  const Span s = trim_line_end(sources, span);
  const SourceFile& f = sources.file(s.file);
  const std::uint32_t l1 = p.line;
  const std::uint32_t l2 = p.end_line;
  std::vector<std::uint32_t> lines;
  if (l2 - l1 + 1 <= kMaxSpanLines) {
    for (std::uint32_t l = l1; l <= l2; ++l) lines.push_back(l);
  } else {
    lines = {l1, l1 + 1, 0, l2};  // 0 = the "..." line
  }
  for (std::uint32_t l : lines) {
    if (l == 0) {
      out << ' ' << std::string(gutter, ' ') << ' ' << paint(kDim, "|") << " ...\n";
      continue;
    }
    const std::uint32_t start = f.line_start(l);
    const std::string_view text = f.line_text(l);
    const std::size_t ub = l == l1 ? s.begin - start : 0;
    const std::size_t ue = l == l2 ? s.end - start : text.size();
    write_excerpt_line(out, paint, gutter, l, text, std::min(ub, text.size()),
                       std::min(ue, text.size()), l == l1, cells);
  }
}

class HumanReporter final : public Reporter {
 public:
  explicit HumanReporter(ReportOptions o) : options_(o) {}

  void write(std::ostream& out, const ReportInput& in) const override {
    const Painter paint(options_.color);
    const SourceSet& sources = *in.sources;
    std::vector<Position> note_positions;
    std::vector<Cell> cells;  // scratch for write_excerpt
    // A file's path as shown, made once per file rather than once per finding and note (the
    // findings come sorted by file: a large zone's tens of thousands share one path).
    FileId shown_file = kNoFile;
    std::string shown_path;
    const auto path_of = [&](FileId f) -> const std::string& {
      if (f != shown_file) {
        shown_file = f;
        shown_path = terminal_safe(report_path(in, f));
      }
      return shown_path;
    };
    std::string message;  // each finding's message written out, in one buffer
    for (const Diagnostic& d : in.diagnostics) {
      const bool located = d.span.valid() && d.span.file < sources.size();
      // Each span is located once: line lookups are the costly part of a large report.
      const Position p = located ? locate(sources, d.span) : Position{};
      std::string where = "zonelint";
      if (located) {
        where =
            path_of(d.span.file) + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
      }
      message.clear();
      d.message.append_to(message);
      out << paint(kBold, where + ":") << ' '
          << paint(severity_style(d.severity), std::string(to_string(d.severity)) + ":") << ' '
          << terminal_safe(message) << " [" << terminal_safe(d.rule) << "]"
          << (d.fixes.empty() ? "" : " [*]") << '\n';
      const std::vector<Note> notes = notes_with_includes(sources, d);
      note_positions.clear();
      for (const Note& n : notes) note_positions.push_back(locate(sources, n.span));
      // One gutter width for the finding and its notes, so their bars line up.
      std::size_t gutter = 1;
      const auto widen = [&](const Position& at) {
        if (at.valid) gutter = std::max(gutter, std::to_string(at.end_line).size());
      };
      widen(p);
      for (const Position& at : note_positions) widen(at);
      if (located && !options_.quiet) write_excerpt(out, paint, sources, d.span, p, gutter, cells);
      for (std::size_t k = 0; k < notes.size(); ++k) {
        const Note& n = notes[k];
        const Position& np = note_positions[k];
        if (!np.valid) {
          out << paint(kCyan, "note:") << ' ' << terminal_safe(n.message) << '\n';
          continue;
        }
        out << paint(kBold, path_of(n.span.file) + ":" + std::to_string(np.line) + ":" +
                                std::to_string(np.column) + ":")
            << ' ' << paint(kCyan, "note:") << ' ' << terminal_safe(n.message) << '\n';
        if (!options_.quiet) write_excerpt(out, paint, sources, n.span, np, gutter, cells);
      }
      if (!options_.quiet) out << '\n';
    }
    if (options_.quiet) return;
    out << paint(kBold, summary_line(in)) << '\n';
    // As ruff does: the findings marked [*] carry a safe fix.
    const auto fixable = static_cast<std::size_t>(
        std::count_if(in.diagnostics.begin(), in.diagnostics.end(),
                      [](const Diagnostic& d) { return !d.fixes.empty(); }));
    if (fixable > 0) {
      out << "[*] " << fixable << " fixable with `zonelint --fix` (`--diff` shows the change)\n";
    }
  }

 private:
  ReportOptions options_;
};

}  // namespace

std::unique_ptr<Reporter> make_human_reporter(const ReportOptions& options) {
  return std::make_unique<HumanReporter>(options);
}

}  // namespace zl::report
