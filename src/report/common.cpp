#include "report/common.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "core/parallel.hpp"
#include "core/utf8.hpp"

namespace zl {

std::optional<ReportFormat> parse_report_format(std::string_view text) {
  if (text == "human") return ReportFormat::human;
  if (text == "json") return ReportFormat::json;
  if (text == "sarif") return ReportFormat::sarif;
  if (text == "github") return ReportFormat::github;
  if (text == "gitlab") return ReportFormat::gitlab;
  return std::nullopt;
}

std::string_view to_string(ReportFormat f) {
  switch (f) {
    case ReportFormat::human:
      return "human";
    case ReportFormat::json:
      return "json";
    case ReportFormat::sarif:
      return "sarif";
    case ReportFormat::github:
      return "github";
    case ReportFormat::gitlab:
      return "gitlab";
  }
  return "human";
}

std::string rule_doc_url(std::string_view rule_id) {
  std::string url(kInformationUri);
  url += "/blob/main/README.md#rule-";
  url += rule_id;
  return url;
}

}  // namespace zl

namespace zl::report {

Span trim_line_end(const SourceSet& sources, Span span) {
  if (!span.valid()) return span;
  const SourceFile& f = sources.file(span.file);
  const std::uint32_t end =
      std::min<std::uint32_t>(span.end, static_cast<std::uint32_t>(f.text().size()));
  const std::uint32_t begin = std::min(span.begin, end);
  return Span{span.file, begin, f.trim_line_end(begin, end)};
}

Position locate(const SourceSet& sources, Span span) {
  Position p;
  if (!span.valid() || span.file >= sources.size()) return p;
  const Span s = trim_line_end(sources, span);
  const SourceFile& f = sources.file(s.file);
  const LineCol b = f.line_col(s.begin);
  // Nearly every span ends on the line it starts on: its end column then follows from the
  // bytes between, without a second search of the line index (a report of a large zone
  // locates tens of thousands of spans), and on an ASCII line without reading them (a mapped
  // file's pages stay out of memory: SourceFile::columns).
  LineCol e;
  if (s.end < f.line_start(b.line + 1)) {
    e.line = b.line;
    e.column = b.column + f.columns(b.line, s.begin, s.end);
  } else {
    e = f.line_col(s.end);
  }
  p.valid = true;
  p.line = b.line;
  p.column = b.column;
  p.end_line = e.line;
  p.end_column = e.column;
  return p;
}

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const utf8::Decoded d = utf8::decode(text, i);
    if (d.valid) {
      out.append(text.substr(i, d.length));
    } else {
      out += "\xEF\xBF\xBD";
    }
    i += d.length;
  }
  return out;
}

void append_terminal_safe(std::string& out, std::string_view text) {
  // Most text is printable ASCII, which is kept as is: the longest such prefix is copied in one
  // piece, without decoding (nearly always the whole text).
  const auto plain = std::find_if(text.begin(), text.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c < 0x20 || c >= 0x7F;
  });
  std::size_t i = static_cast<std::size_t>(plain - text.begin());
  out.append(text.substr(0, i));
  char buf[16];
  while (i < text.size()) {
    const utf8::Decoded d = utf8::decode(text, i);
    if (!d.valid) {
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned char>(text[i]));
      out += buf;
    } else if (d.code_point == '\t') {
      out += ' ';
    } else if (utf8::is_unsafe_control(d.code_point)) {
      std::snprintf(buf, sizeof buf, "<U+%04X>", static_cast<unsigned>(d.code_point));
      out += buf;
    } else {
      out.append(text.substr(i, d.length));
    }
    i += d.length;
  }
}

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_terminal_safe(out, text);
  return out;
}

std::string report_path(const ReportInput& in, FileId file) {
  if (in.sources == nullptr || file >= in.sources->size()) return "";
  std::string_view p = in.sources->file(file).path();
  if (!in.srcroot.empty() && p.size() > in.srcroot.size() && p.starts_with(in.srcroot)) {
    p.remove_prefix(in.srcroot.size());
  }
  while (p.size() > 2 && p.starts_with("./")) {
    p.remove_prefix(2);
    while (!p.empty() && p.front() == '/') p.remove_prefix(1);
  }
  return std::string(p);
}

void collect_notes(const SourceSet& sources, const Diagnostic& d, std::vector<NoteView>& out) {
  out.clear();
  for (const Note& n : d.notes) out.push_back(NoteView{n.span, n.message});
  if (!d.span.valid() || d.span.file >= sources.size()) return;
  for (const Span& site : sources.include_chain(d.span.file)) {
    const bool present = std::any_of(out.begin(), out.end(), [&](const NoteView& n) {
      return n.span.file == site.file && n.span.begin == site.begin;
    });
    if (!present) out.push_back(NoteView{site, "included from here"});
  }
}

Counts count(const ReportInput& in) {
  Counts c;
  std::set<FileId> files;
  FileId counted = kNoFile;  // the file of the last finding counted in `files`
  for (const Diagnostic& d : in.diagnostics) {
    switch (d.severity) {
      case Severity::error:
        ++c.errors;
        break;
      case Severity::warning:
        ++c.warnings;
        break;
      case Severity::info:
        ++c.infos;
        break;
    }
    if (!d.span.valid()) continue;
    // The findings come sorted by file: a large zone's tens of thousands are one file's,
    // whose include chain is looked up once.
    if (d.span.file == counted) continue;
    counted = d.span.file;
    FileId top = d.span.file;  // the file a finding in an $INCLUDEd file counts for
    if (in.sources != nullptr && top < in.sources->size()) {
      const std::vector<Span> chain = in.sources->include_chain(top);
      if (!chain.empty()) top = chain.back().file;
    }
    if (!in.inputs || std::binary_search(in.inputs->begin(), in.inputs->end(), top))
      files.insert(top);
  }
  c.files_with_findings = files.size();
  return c;
}

namespace {
std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}
}  // namespace

std::string summary_line(const ReportInput& in) {
  const Counts c = count(in);
  const std::string skipped =
      in.skipped == 0 ? std::string()
                      : "; " + plural(in.skipped, "file", "files") + " skipped (not DNS data)";
  if (in.diagnostics.empty() && in.files == 0) return "no findings: no file was read" + skipped;
  if (in.diagnostics.empty()) {
    return "no findings in " + plural(in.files, "file", "files") + " (" +
           plural(in.records, "record", "records") + ")" + skipped;
  }
  std::vector<std::string> parts;
  if (c.errors) parts.push_back(plural(c.errors, "error", "errors"));
  if (c.warnings) parts.push_back(plural(c.warnings, "warning", "warnings"));
  if (c.infos) parts.push_back(plural(c.infos, "info", "infos"));
  std::string s;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) s += ", ";
    s += parts[i];
  }
  if (c.files_with_findings > 0 && c.files_with_findings < in.files) {
    s +=
        " in " + std::to_string(c.files_with_findings) + " of " + plural(in.files, "file", "files");
  } else if (c.files_with_findings > 0) {
    s += " in " + plural(c.files_with_findings, "file", "files");
  }
  return s + skipped;
}

std::uint64_t fnv1a(std::string_view data, std::uint64_t hash) {
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

std::string hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

namespace {

// The bytes of fingerprint_key(sources, d), given to `part` piece by piece, so that the key can
// be made (fingerprint_key) or hashed without being made (fingerprint_hash) from one
// definition: the rule id, the owner, the type (each followed by a NUL), then the finding's
// line without its white space, or the message when the line is blank (`message`: scratch).
template <class Part>
void fingerprint_parts(const SourceSet& sources, const Diagnostic& d, std::string& message,
                       const Part& part) {
  constexpr std::string_view kNul("\0", 1);
  part(d.rule);
  part(kNul);
  part(d.owner);
  part(kNul);
  part(d.type);
  part(kNul);
  std::string_view line;
  if (d.span.valid() && d.span.file < sources.size()) {
    const SourceFile& f = sources.file(d.span.file);
    line = f.line_text(f.line_col(d.span.begin).line);
  }
  // Each run of bytes between white space in one piece (the hash goes on byte by byte through
  // the pieces, so it does not depend on how the key is cut).
  const auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
  };
  bool content = false;
  for (std::size_t i = 0; i < line.size();) {
    if (space(line[i])) {
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    while (j < line.size() && !space(line[j])) ++j;
    part(line.substr(i, j - i));
    content = true;
    i = j;
  }
  if (!content) {
    message.clear();
    d.message.append_to(message);
    part(std::string_view(message));
  }
}

// fnv1a(fingerprint_key(sources, d)), without making the key (`message`: scratch).
std::uint64_t fingerprint_hash(const SourceSet& sources, const Diagnostic& d,
                               std::string& message) {
  std::uint64_t h = fnv1a({});
  fingerprint_parts(sources, d, message, [&h](std::string_view p) { h = fnv1a(p, h); });
  return h;
}

}  // namespace

std::string fingerprint_key(const SourceSet& sources, const Diagnostic& d) {
  std::string key;
  std::string message;
  fingerprint_parts(sources, d, message, [&key](std::string_view p) { key += p; });
  return key;
}

namespace {

// Findings per task of line_hashes on several threads.
constexpr std::size_t kHashChunk = 1024;

}  // namespace

std::vector<std::string> line_hashes(const ReportInput& in, unsigned jobs) {
  // The hashes on `jobs` threads (each key is read from its finding's line), then the
  // numbering, in report order.
  const std::size_t n = in.diagnostics.size();
  std::vector<std::uint64_t> hashes(n);
  parallel_for((n + kHashChunk - 1) / kHashChunk, jobs, [&](std::size_t c) {
    std::string message;
    for (std::size_t i = c * kHashChunk; i < std::min(n, (c + 1) * kHashChunk); ++i)
      hashes[i] = fingerprint_hash(*in.sources, in.diagnostics[i], message);
  });
  std::vector<std::string> out;
  out.reserve(n);
  std::map<std::pair<FileId, std::uint64_t>, unsigned> seen;
  for (std::size_t i = 0; i < n; ++i) {
    const Diagnostic& d = in.diagnostics[i];
    const unsigned count = ++seen[{d.span.valid() ? d.span.file : kNoFile, hashes[i]}];
    out.push_back(hex64(hashes[i]) + ":" + std::to_string(count));
  }
  return out;
}

std::span<const std::string> line_hashes_of(const ReportInput& in, unsigned jobs,
                                            std::vector<std::string>& own) {
  if (in.line_hashes.size() == in.diagnostics.size()) return in.line_hashes;
  own = line_hashes(in, jobs);
  return own;
}

const Rule* find_listed_rule(std::span<const Rule* const> rules, std::string_view id) {
  for (const Rule* r : rules) {
    if (r != nullptr && r->id == id) return r;
  }
  return nullptr;
}

}  // namespace zl::report

namespace zl {

void share_report_facts(ReportInput& in, std::vector<report::Position>& positions,
                        std::vector<std::string>& line_hashes) {
  in.positions = {};
  in.line_hashes = {};
  positions.clear();
  positions.reserve(in.diagnostics.size());
  for (const Diagnostic& d : in.diagnostics)
    positions.push_back(report::locate(*in.sources, d.span));
  line_hashes = report::line_hashes(in);
  in.positions = positions;
  in.line_hashes = line_hashes;
}

}  // namespace zl
