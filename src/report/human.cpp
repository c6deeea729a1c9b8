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
// The excerpts are report/excerpt's. The text of a run of findings is made in a string and
// written in large blocks; a large report is made in chunks on --jobs threads
// (report/ordered_chunks.hpp).
#include <algorithm>
#include <charconv>

#include "report/common.hpp"
#include "report/excerpt.hpp"
#include "report/formats.hpp"
#include "report/ordered_chunks.hpp"

namespace zl::report {

namespace {

// Findings per chunk of a report made on several threads: about 35 KiB of text with --quiet
// (some 270 bytes a finding on the bench zones), a few times that with excerpts.
constexpr std::size_t kChunkFindings = 128;

std::string_view severity_style(Severity s) {
  switch (s) {
    case Severity::error:
      return ansi::kRed;
    case Severity::warning:
      return ansi::kMagenta;
    case Severity::info:
      return ansi::kCyan;
  }
  return ansi::kRed;
}

void append_number(std::string& out, std::uint32_t n) {
  char digits[16];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, end);
}

std::size_t digit_count(std::uint32_t n) {
  std::size_t digits = 1;
  for (; n >= 10; n /= 10) ++digits;
  return digits;
}

bool is_plain_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c >= 0x20 && c < 0x7F;
  });
}

// Makes the text of findings, one after the other, into a string. One writer per chunk of
// findings: its scratch memory serves all of them.
class FindingWriter {
 public:
  FindingWriter(const ReportInput& in, const ReportOptions& options)
      : in_(in),
        sources_(*in.sources),
        color_(options.color),
        quiet_(options.quiet),
        excerpt_(options.color) {}

  // Finding `i` of the report.
  void append(std::string& out, std::size_t i) {
    const Diagnostic& d = in_.diagnostics[i];
    const bool located = d.span.valid() && d.span.file < sources_.size();
    // Each span is located once: line lookups are the costly part of a large report.
    const Position p = located ? position_of(in_, i) : Position{};
    if (located) {
      append_where(out, d.span.file, p);
    } else {
      append_painted(out, color_, ansi::kBold, "zonelint:");
    }
    out += ' ';
    if (color_) out += severity_style(d.severity);
    out += to_string(d.severity);
    out += ':';
    if (color_) out += ansi::kReset;
    out += ' ';
    // The message is written out in place; the rare one that needs escaping is written again.
    const std::size_t message_at = out.size();
    d.message.append_to(out);
    if (!is_plain_ascii(std::string_view(out).substr(message_at))) {
      message_.assign(out, message_at);
      out.resize(message_at);
      append_terminal_safe(out, message_);
    }
    out += " [";
    append_terminal_safe(out, d.rule);
    out += ']';
    if (!d.fixes.empty()) out += " [*]";
    out += '\n';
    collect_notes(sources_, d, notes_);
    note_positions_.clear();
    for (const NoteView& n : notes_) note_positions_.push_back(locate(sources_, n.span));
    // One gutter width for the finding and its notes, so their bars line up.
    std::size_t gutter = 1;
    const auto widen = [&](const Position& at) {
      if (at.valid) gutter = std::max(gutter, digit_count(at.end_line));
    };
    widen(p);
    for (const Position& at : note_positions_) widen(at);
    if (located && !quiet_) excerpt_.append(out, sources_, d.span, p, gutter);
    for (std::size_t k = 0; k < notes_.size(); ++k) {
      const NoteView& n = notes_[k];
      const Position& np = note_positions_[k];
      if (np.valid) append_where(out, n.span.file, np);
      if (np.valid) out += ' ';
      append_painted(out, color_, ansi::kCyan, "note:");
      out += ' ';
      append_terminal_safe(out, n.message);
      out += '\n';
      if (np.valid && !quiet_) excerpt_.append(out, sources_, n.span, np, gutter);
    }
    if (!quiet_) out += '\n';
  }

 private:
  // "path:line:column:" in bold.
  void append_where(std::string& out, FileId file, const Position& p) {
    if (color_) out += ansi::kBold;
    out += path_of(file);
    out += ':';
    append_number(out, p.line);
    out += ':';
    append_number(out, p.column);
    out += ':';
    if (color_) out += ansi::kReset;
  }

  // A file's path as shown, made once per file rather than once per finding and note (the
  // findings come sorted by file: a large zone's tens of thousands share one path).
  const std::string& path_of(FileId f) {
    if (f != shown_file_) {
      shown_file_ = f;
      shown_path_ = terminal_safe(report_path(in_, f));
    }
    return shown_path_;
  }

  const ReportInput& in_;
  const SourceSet& sources_;
  bool color_, quiet_;
  ExcerptWriter excerpt_;
  std::vector<NoteView> notes_;
  std::vector<Position> note_positions_;
  std::string message_;  // a message that needs escaping
  FileId shown_file_ = kNoFile;
  std::string shown_path_;
};

class HumanReporter final : public Reporter {
 public:
  explicit HumanReporter(ReportOptions o) : options_(o) {}

  void write(std::ostream& out, const ReportInput& in) const override {
    write_ordered_chunks(out, in.diagnostics.size(), kChunkFindings, options_.jobs,
                         [&](std::size_t begin, std::size_t end, std::string& text) {
                           FindingWriter writer(in, options_);
                           for (std::size_t i = begin; i < end; ++i) writer.append(text, i);
                         });
    if (options_.quiet) return;
    std::string text;
    append_painted(text, options_.color, ansi::kBold, summary_line(in));
    text += '\n';
    // As ruff does: the findings marked [*] carry a safe fix.
    const auto fixable = static_cast<std::size_t>(
        std::count_if(in.diagnostics.begin(), in.diagnostics.end(),
                      [](const Diagnostic& d) { return !d.fixes.empty(); }));
    if (fixable > 0) {
      text += "[*] ";
      text += std::to_string(fixable);
      text += " fixable with `zonelint --fix` (`--diff` shows the change)\n";
    }
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  }

 private:
  ReportOptions options_;
};

}  // namespace

std::unique_ptr<Reporter> make_human_reporter(const ReportOptions& options) {
  return std::make_unique<HumanReporter>(options);
}

}  // namespace zl::report
