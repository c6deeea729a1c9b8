#include "report/excerpt.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <iterator>

#include "core/utf8.hpp"

namespace zl::report {

namespace {

constexpr std::size_t kTabWidth = 8;
constexpr std::size_t kMaxShownCells = 120;  // display cells per excerpt line
constexpr std::size_t kContextCells = 40;    // cells kept before the span on a cut line
constexpr std::uint32_t kMaxSpanLines = 4;   // more lines than this: first two, "...", last

bool is_plain_ascii(unsigned char c) {
  return c >= 0x20 && c < 0x7F;
}

// Is the line printable ASCII and tabs only (a zone file's usual line), which ascii_line
// writes, rather than anything else (decoded character by character)? Tested 32 bytes at a time
// without branches inside a block, which GCC vectorises (a DKIM key's line is ~450 bytes, and
// every line of every excerpt is tested).
bool ascii_and_tabs(std::string_view text) {
  constexpr std::size_t kBlock = 32;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  unsigned char any_other = 0;
  const auto test = [&](unsigned char c) {
    const unsigned char tab = c == '\t' ? 1 : 0;
    // c - 0x20 wraps below 0x20: above 0x5E is below 0x20 or 0x7F and up.
    const unsigned char outside = static_cast<unsigned char>(c - 0x20) > 0x5E ? 1 : 0;
    any_other |= outside & (tab ^ 1);
  };
  std::size_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    for (std::size_t j = 0; j < kBlock; ++j) test(p[i + j]);
    if (any_other != 0) return false;
  }
  for (; i < n; ++i) test(p[i]);
  return any_other == 0;
}

// The cells of `line`, in `cells` (cleared first; one vector serves every line of a report, so
// its memory is allocated once and stays warm).
void render_line(std::string_view line, std::vector<ExcerptWriter::Cell>& cells) {
  cells.clear();
  cells.reserve(line.size());
  std::size_t i = 0, col = 0;
  while (i < line.size()) {
    ExcerptWriter::Cell c{i, i + 1, col, 1, {}, 1};
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

// " <line_no right-aligned in gutter columns> | " with the number and the bar dimmed.
void append_numbered_gutter(std::string& out, bool color, std::size_t gutter,
                            std::uint32_t line_no) {
  std::array<char, 16> digits{};
  const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), line_no).ptr;
  const auto size = static_cast<std::size_t>(end - digits.data());
  out += ' ';
  if (color) out += ansi::kDim;
  if (gutter > size) out.append(gutter - size, ' ');
  out.append(digits.data(), size);
  if (color) out += ansi::kReset;
  out += ' ';
  append_painted(out, color, ansi::kDim, "|");
  out += ' ';
}

// " <gutter spaces> | " with the bar dimmed.
void append_blank_gutter(std::string& out, bool color, std::size_t gutter) {
  out += ' ';
  out.append(gutter, ' ');
  out += ' ';
  append_painted(out, color, ansi::kDim, "|");
}

}  // namespace

void ExcerptWriter::ascii_line(std::string& out, std::string_view text, std::size_t ubegin,
                               std::size_t uend, bool caret_first) {
  // One cell per byte, one column wide, but a tab's cell is as wide as the spaces up to the
  // next tab stop. A line has few tabs (its indentation and field separators) and many other
  // bytes (a DKIM key), so only the tabs are listed, each with the column after it: byte k
  // starts where the last tab before it ends, plus the bytes between. The steps are
  // general_line's, with its searches over cells done as binary searches over byte offsets
  // (columns only grow along the line).
  const std::size_t n = text.size();
  tabs_.clear();
  for (std::size_t at = text.find('\t'); at != std::string_view::npos;
       at = text.find('\t', at + 1)) {
    const std::size_t col =
        tabs_.empty() ? at : tabs_.back().end_column + (at - tabs_.back().at - 1);
    tabs_.push_back({at, col + kTabWidth - col % kTabWidth});
  }
  const auto column = [&](std::size_t k) {  // where byte k starts (k == n: the line's width)
    const auto after = std::partition_point(tabs_.begin(), tabs_.end(),
                                            [k](const TabStop& t) { return t.at < k; });
    if (after == tabs_.begin()) return k;
    const TabStop& t = *std::prev(after);
    return t.end_column + (k - t.at - 1);
  };
  // The first k in [lo, hi) for which `holds` (false, then true along the line), else hi.
  const auto first_where = [](std::size_t lo, std::size_t hi, const auto& holds) {
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if (holds(mid)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  };
  // The cells holding the underlined bytes: [first, last).
  std::size_t first = std::min(ubegin, n);
  if (!caret_first) {  // a continuation line of a multi-line span: skip its indentation
    while (first < n && first < uend && (text[first] == ' ' || text[first] == '\t')) ++first;
  }
  const std::size_t last = std::max(first, std::min(uend, n));
  // Window of cells to show, so that long lines stay readable: from the first cell at or after
  // kContextCells columns before the span, as many whole cells as fit in kMaxShownCells.
  std::size_t wfrom = 0, wto = n;
  if (column(n) > kMaxShownCells) {
    const std::size_t anchor = column(first);
    const std::size_t start_col = anchor > kContextCells ? anchor - kContextCells : 0;
    wfrom = first_where(0, n, [&](std::size_t k) { return column(k) >= start_col; });
    const std::size_t base = column(wfrom);
    wto =
        first_where(wfrom, n, [&](std::size_t k) { return column(k + 1) - base > kMaxShownCells; });
  }
  if (wfrom > 0) {
    out += "...";
    marks_ += "   ";
  }
  // The shown text: runs without a tab as they are, each tab as its spaces.
  for (std::size_t k = wfrom; k < wto;) {
    if (text[k] == '\t') {
      out.append(column(k + 1) - column(k), ' ');
      ++k;
      continue;
    }
    const std::size_t run_end = std::min(wto, text.find('\t', k));
    out.append(text.substr(k, run_end - k));
    k = run_end;
  }
  if (wto < n) out += "...";
  if (first == last && caret_first) {
    // Empty span: a single caret where it points (after the cells shown before it).
    const std::size_t before = std::max(wfrom, std::min(first, wto));
    marks_.assign((wfrom > 0 ? 3 : 0) + column(before) - column(wfrom), ' ');
    marks_ += '^';
    return;
  }
  // Spaces up to the span, then the span's marks; what follows would be trailing spaces.
  const std::size_t lo = std::clamp(first, wfrom, wto);
  const std::size_t hi = std::clamp(last, lo, wto);
  marks_.append(column(lo) - column(wfrom), ' ');
  if (lo < hi && lo == first && caret_first) {
    marks_ += '^';
    marks_.append(column(hi) - column(lo) - 1, '~');
  } else {
    marks_.append(column(hi) - column(lo), '~');
  }
}

void ExcerptWriter::general_line(std::string& out, std::string_view text, std::size_t ubegin,
                                 std::size_t uend, bool caret_first) {
  render_line(text, cells_);
  const std::vector<Cell>& cells = cells_;
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
  if (wfrom > 0) {
    out += "...";
    marks_ += "   ";
  }
  for (std::size_t k = wfrom; k < wto; ++k) {
    const Cell& c = cells[k];
    out += c.text();
    if (k < first || k >= last) {
      marks_.append(c.width, ' ');
    } else if (k == first && caret_first) {
      marks_ += '^';
      marks_.append(c.width - 1, '~');
    } else {
      marks_.append(c.width, '~');
    }
  }
  if (wto < n) out += "...";
  if (first == last && caret_first) {
    // Empty span: a single caret where it points (after the cells shown before it).
    std::size_t at = wfrom > 0 ? 3 : 0;
    for (std::size_t k = wfrom; k < std::min(first, wto); ++k) at += cells[k].width;
    marks_.assign(at, ' ');
    marks_ += '^';
  }
}

void ExcerptWriter::append_line(std::string& out, std::size_t gutter, std::uint32_t line_no,
                                std::string_view text, std::size_t ubegin, std::size_t uend,
                                bool caret_first, LinePath path) {
  append_numbered_gutter(out, color_, gutter, line_no);
  marks_.clear();
  if (path == LinePath::fast_when_plain && ascii_and_tabs(text)) {
    ascii_line(out, text, ubegin, uend, caret_first);
  } else {
    general_line(out, text, ubegin, uend, caret_first);
  }
  out += '\n';
  while (!marks_.empty() && marks_.back() == ' ') marks_.pop_back();
  if (!marks_.empty()) {
    append_blank_gutter(out, color_, gutter);
    out += ' ';
    append_painted(out, color_, ansi::kGreen, marks_);
    out += '\n';
  }
}

void ExcerptWriter::append(std::string& out, const SourceSet& sources, Span span, const Position& p,
                           std::size_t gutter) {
  if (sources.file(span.file).text().empty()) return;  // nothing to show (unreadable file)
  const Span s = trim_line_end(sources, span);
  const SourceFile& f = sources.file(s.file);
  const std::uint32_t l1 = p.line;
  const std::uint32_t l2 = p.end_line;
  // The lines shown: all of them, or the first two, "..." (0) and the last.
  std::array<std::uint32_t, kMaxSpanLines> lines{};
  std::size_t count = 0;
  if (l2 - l1 + 1 <= kMaxSpanLines) {
    for (std::uint32_t l = l1; l <= l2; ++l) lines[count++] = l;
  } else {
    lines = {l1, l1 + 1, 0, l2};
    count = 4;
  }
  for (std::size_t k = 0; k < count; ++k) {
    const std::uint32_t l = lines[k];
    if (l == 0) {
      append_blank_gutter(out, color_, gutter);
      out += " ...\n";
      continue;
    }
    const std::uint32_t start = f.line_start(l);
    const std::string_view text = f.line_text(l);
    const std::size_t ub = l == l1 ? s.begin - start : 0;
    const std::size_t ue = l == l2 ? s.end - start : text.size();
    append_line(out, gutter, l, text, std::min(ub, text.size()), std::min(ue, text.size()),
                l == l1);
  }
}

}  // namespace zl::report
