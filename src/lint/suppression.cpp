#include "lint/suppression.hpp"

namespace zl {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

// Offset of the comment start on a line, or npos.
std::size_t comment_start(std::string_view line, CommentStyle style) {
  bool dq = false, sq = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (style == CommentStyle::zone) {
      if (c == '\\') {
        ++i;
        continue;
      }
      if (c == '"')
        dq = !dq;
      else if (c == ';' && !dq)
        return i;
    } else {
      if (dq) {
        if (c == '\\')
          ++i;
        else if (c == '"')
          dq = false;
        continue;
      }
      if (sq) {
        if (c == '\'') sq = false;
        continue;
      }
      if (c == '"')
        dq = true;
      else if (c == '\'' && (i == 0 || is_space(line[i - 1]) || line[i - 1] == ':' ||
                             line[i - 1] == '[' || line[i - 1] == ',' || line[i - 1] == '-'))
        sq = true;
      else if (c == '#' && (i == 0 || is_space(line[i - 1])))
        return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::vector<Suppression> scan_suppressions(const SourceFile& file, FileId id, CommentStyle style) {
  std::vector<Suppression> out;
  if (style == CommentStyle::none) return out;
  constexpr std::string_view kTag = kSuppressionTag;
  // Each line with the tag, in order: scanned by scan_line.
  const auto scan_line = [&](std::uint32_t ln) {
    const std::string_view line = file.line_text(ln);
    const std::size_t c = comment_start(line, style);
    if (c == std::string_view::npos) return;
    const std::uint32_t base = file.line_start(ln);
    std::size_t i = c + 1;
    while (i < line.size() && (line[i] == ';' || line[i] == '#')) ++i;
    while (i < line.size() && is_space(line[i])) ++i;
    if (line.substr(i, kTag.size()) != kTag) return;
    Suppression s;
    s.file = id;
    s.line = ln;
    s.comment = Span{id, base + static_cast<std::uint32_t>(c),
                     base + static_cast<std::uint32_t>(line.size())};
    i += kTag.size();
    while (i < line.size() && is_space(line[i])) ++i;
    std::size_t k = i;
    while (k < line.size() && line[k] != '=' && !is_space(line[k])) ++k;
    const std::string_view directive = line.substr(i, k - i);
    if (directive == "disable")
      s.kind = Suppression::Kind::line;
    else if (directive == "disable-next-line")
      s.kind = Suppression::Kind::next_line;
    else if (directive == "disable-file")
      s.kind = Suppression::Kind::file;
    else {
      s.error = "unknown directive '" + std::string(directive) +
                "' (expected disable=, disable-next-line= or disable-file=)";
      out.push_back(std::move(s));
      return;
    }
    while (k < line.size() && is_space(line[k])) ++k;
    if (k >= line.size() || line[k] != '=') {
      s.error = "expected '=' and rule ids after '" + std::string(directive) + "'";
      out.push_back(std::move(s));
      return;
    }
    ++k;
    // Ids up to ` --` (the reason) or the end of the line.
    // A further `;` or `#` ends the ids too (another comment on the line, such as a
    // fixture's `expect:`).
    std::size_t end = line.size();
    for (std::size_t j = k; j < line.size(); ++j)
      if (line[j] == ';' || line[j] == '#') {
        end = j;
        break;
      }
    for (std::size_t j = k; j + 1 < end; ++j)
      if (line[j] == '-' && line[j + 1] == '-' && (j == k || is_space(line[j - 1]))) {
        s.reason = std::string(line.substr(j + 2, end - j - 2));
        while (!s.reason.empty() && is_space(s.reason.front())) s.reason.erase(0, 1);
        while (!s.reason.empty() && is_space(s.reason.back())) s.reason.pop_back();
        end = j;
        break;
      }
    std::size_t p = k;
    while (p < end) {
      while (p < end && (is_space(line[p]) || line[p] == ',')) ++p;
      std::size_t q = p;
      while (q < end && !is_space(line[q]) && line[q] != ',') ++q;
      if (q > p)
        s.ids.push_back(Suppression::Id{
            std::string(line.substr(p, q - p)),
            Span{id, base + static_cast<std::uint32_t>(p), base + static_cast<std::uint32_t>(q)},
            false});
      p = q;
    }
    if (s.ids.empty()) s.error = "no rule ids after '" + std::string(directive) + "='";
    out.push_back(std::move(s));
  };
  if (const std::vector<std::uint32_t>* tags = file.suppression_tags()) {
    // The parse recorded where the tag occurs (a mapped file: core/source.hpp LineIndex): only
    // those lines are read.
    std::uint32_t last = 0;
    for (const std::uint32_t at : *tags) {
      const std::uint32_t ln = file.line_of(at);
      if (ln != last) scan_line(ln);
      last = ln;
    }
    return out;
  }
  // SourceFile::find: a large mapped file's pages are not all brought back at once.
  if (file.find(kTag) == std::string_view::npos) return out;
  for (std::uint32_t ln = 1; ln <= file.line_count(); ++ln)
    if (file.line_text(ln).find(kTag) != std::string_view::npos) scan_line(ln);
  return out;
}

}  // namespace zl
