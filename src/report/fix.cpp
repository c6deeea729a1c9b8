#include "report/fix.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>

namespace zl {

namespace {

// Do two edits conflict? Their bytes intersect, two insertions are at one place, or one
// inserts strictly inside the bytes the other replaces.
bool overlap(const Edit& a, const Edit& b) {
  const Span& x = a.span;
  const Span& y = b.span;
  if (x.begin == x.end && y.begin == y.end) return x.begin == y.begin;
  if (x.begin == x.end) return y.begin < x.begin && x.begin < y.end;
  if (y.begin == y.end) return x.begin < y.begin && y.begin < x.end;
  return x.begin < y.end && y.begin < x.end;
}

bool before(const Edit& a, const Edit& b) {
  return a.span.begin != b.span.begin ? a.span.begin < b.span.begin : a.span.end < b.span.end;
}

std::uint32_t first_byte(const std::vector<Edit>& fix) {
  std::uint32_t b = UINT32_MAX;
  for (const Edit& e : fix) b = std::min(b, e.span.begin);
  return b;
}

// The byte ranges of the lines of `text`, terminators included (\n, \r\n or a lone \r).
std::vector<std::pair<std::size_t, std::size_t>> split_lines(std::string_view text) {
  std::vector<std::pair<std::size_t, std::size_t>> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') {
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      lines.emplace_back(start, i + 1);
      start = i + 1;
    }
  }
  if (start < text.size()) lines.emplace_back(start, text.size());
  return lines;
}

// The 0-based line holding byte `offset` (the last line for the end of the text).
std::size_t line_of(const std::vector<std::pair<std::size_t, std::size_t>>& lines,
                    std::size_t offset) {
  const auto it = std::upper_bound(lines.begin(), lines.end(), offset,
                                   [](std::size_t o, const auto& l) { return o < l.second; });
  if (it == lines.end()) return lines.empty() ? 0 : lines.size() - 1;
  return static_cast<std::size_t>(it - lines.begin());
}

void add_line(std::string& out, char mark, std::string_view line) {
  out += mark;
  out += line;
  if (!line.empty() && line.back() == '\n') return;
  // A lone \r (old Mac OS line end) is kept, and the diff line ended for the reader.
  out += !line.empty() && line.back() == '\r' ? "\n" : "\n\\ No newline at end of file\n";
}

std::string range(std::size_t start, std::size_t count) {
  // 1-based; an empty range names the line before it (as diff -u does).
  std::string s = std::to_string(count == 0 ? start : start + 1);
  if (count != 1) s += "," + std::to_string(count);
  return s;
}

}  // namespace

AppliedFixes apply_fixes(std::string_view text, const std::vector<std::vector<Edit>>& fixes) {
  AppliedFixes result;
  std::vector<std::size_t> order(fixes.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return first_byte(fixes[a]) < first_byte(fixes[b]);
  });
  std::vector<Edit>& taken = result.edits;
  for (const std::size_t i : order) {
    const std::vector<Edit>& fix = fixes[i];
    if (fix.empty()) continue;
    bool ok = true;
    std::vector<const Edit*> fresh;
    for (const Edit& e : fix) {
      if (e.span.begin > e.span.end || e.span.end > text.size()) {
        ok = false;
        break;
      }
      if (std::find(taken.begin(), taken.end(), e) != taken.end()) continue;  // the same edit
      for (const Edit& t : taken) ok = ok && !overlap(e, t);
      for (const Edit* f : fresh) ok = ok && !overlap(e, *f) && !(*f == e);
      if (!ok) break;
      fresh.push_back(&e);
    }
    if (!ok) {
      result.skipped.push_back(i);
      continue;
    }
    for (const Edit* e : fresh) taken.push_back(*e);
    result.applied.push_back(i);
  }
  std::stable_sort(taken.begin(), taken.end(), before);
  std::size_t at = 0;
  for (const Edit& e : taken) {
    result.text.append(text.substr(at, e.span.begin - at));
    result.text += e.replacement;
    at = e.span.end;
  }
  result.text.append(text.substr(at));
  return result;
}

std::string unified_diff(std::string_view path, std::string_view text,
                         const std::vector<Edit>& edits, std::size_t context) {
  if (edits.empty()) return "";
  const auto lines = split_lines(text);
  // Changed chunks: a range of old lines [first, last] and the text that replaces them.
  struct Chunk {
    std::size_t first, last;  // old lines, inclusive; first > last: an insertion before `first`
    std::vector<const Edit*> edits;
  };
  std::vector<Chunk> chunks;
  for (const Edit& e : edits) {
    std::size_t first = 0, last = 0;
    if (lines.empty()) {
      first = 0;
      last = 0;
    } else {
      first = line_of(lines, e.span.begin);
      last = e.span.end > e.span.begin ? line_of(lines, e.span.end - 1) : first;
    }
    if (!chunks.empty() && first <= chunks.back().last) {
      chunks.back().last = std::max(chunks.back().last, last);
      chunks.back().edits.push_back(&e);
    } else {
      chunks.push_back(Chunk{first, last, {&e}});
    }
  }
  std::string out;
  out += "--- ";
  out += path;
  out += "\n+++ ";
  out += path;
  out += '\n';
  const std::size_t n = lines.size();
  const auto line_text = [&](std::size_t i) {
    return text.substr(lines[i].first, lines[i].second - lines[i].first);
  };
  std::ptrdiff_t delta = 0;  // new line number minus old, before the current hunk
  for (std::size_t c = 0; c < chunks.size();) {
    // A hunk: the chunks whose contexts touch.
    std::size_t end = c + 1;
    while (end < chunks.size() && chunks[end].first <= chunks[end - 1].last + 2 * context + 1)
      ++end;
    const std::size_t old_first = chunks[c].first >= context ? chunks[c].first - context : 0;
    const std::size_t old_last = n == 0 ? 0 : std::min(n - 1, chunks[end - 1].last + context);
    std::string body;
    std::size_t old_count = 0, new_count = 0;
    std::size_t line = old_first;
    for (std::size_t k = c; k < end; ++k) {
      const Chunk& ch = chunks[k];
      for (; line < ch.first; ++line, ++old_count, ++new_count)
        add_line(body, ' ', line_text(line));
      // The old lines of the chunk, and their new text.
      const std::size_t from = n == 0 ? 0 : lines[ch.first].first;
      const std::size_t to = n == 0 ? 0 : lines[ch.last].second;
      std::string replaced;
      std::size_t at = from;
      for (const Edit* e : ch.edits) {
        replaced.append(text.substr(at, e->span.begin - at));
        replaced += e->replacement;
        at = e->span.end;
      }
      replaced.append(text.substr(at, to - at));
      for (std::size_t i = ch.first; n != 0 && i <= ch.last; ++i, ++old_count) {
        add_line(body, '-', line_text(i));
      }
      for (const auto& [b, e] : split_lines(replaced)) {
        add_line(body, '+', std::string_view(replaced).substr(b, e - b));
        ++new_count;
      }
      line = n == 0 ? 0 : ch.last + 1;
    }
    for (; n != 0 && line <= old_last; ++line, ++old_count, ++new_count) {
      add_line(body, ' ', line_text(line));
    }
    const std::size_t new_first =
        static_cast<std::size_t>(static_cast<std::ptrdiff_t>(old_first) + delta);
    out += "@@ -" + range(old_first, old_count) + " +" + range(new_first, new_count) + " @@\n";
    out += body;
    delta += static_cast<std::ptrdiff_t>(new_count) - static_cast<std::ptrdiff_t>(old_count);
    c = end;
  }
  return out;
}

}  // namespace zl
