// GitHub Actions workflow commands:
//   ::error file=zones/a.zone,line=7,col=13,endLine=7,endColumn=17,title=zonelint
//   (mx-target-cname)::message
// GitHub shows at most 10 annotations of each level per step, so findings past the tenth of a
// level are printed as plain lines (the log keeps them) and the step summary
// ($GITHUB_STEP_SUMMARY, when given) lists every finding.
#include <cstdio>

#include "core/utf8.hpp"
#include "report/common.hpp"
#include "report/formats.hpp"

namespace zl::report {

namespace {

constexpr std::size_t kAnnotationsPerLevel = 10;
constexpr std::size_t kMaxSummaryRows = 1000;  // the step summary is capped at 1 MiB

std::string_view command_of(Severity s) {
  switch (s) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::info:
      return "notice";
  }
  return "error";
}

// The escaping of actions/toolkit (escapeData / escapeProperty), on valid UTF-8, with the
// remaining control characters shown as <U+XXXX> so nothing raw reaches the log.
std::string escape(std::string_view raw, bool property) {
  const std::string text = valid_utf8(raw);
  std::string out;
  std::size_t i = 0;
  char buf[16];
  while (i < text.size()) {
    // A run of printable ASCII that stays as it is, at once (most of a message).
    std::size_t run = i;
    while (run < text.size()) {
      const auto b = static_cast<unsigned char>(text[run]);
      if (b < 0x20 || b >= 0x7F || b == '%' || (property && (b == ':' || b == ','))) break;
      ++run;
    }
    if (run > i) {
      out.append(text, i, run - i);
      i = run;
      continue;
    }
    const utf8::Decoded d = utf8::decode(text, i);
    const char32_t c = d.code_point;
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else if (property && c == ':') {
      out += "%3A";
    } else if (property && c == ',') {
      out += "%2C";
    } else if (c != '\t' && utf8::is_unsafe_control(c)) {
      std::snprintf(buf, sizeof buf, "<U+%04X>", static_cast<unsigned>(c));
      out += buf;
    } else {
      out.append(text, i, d.length);
    }
    i += d.length;
  }
  return out;
}

// Text for a Markdown table cell.
std::string cell(std::string_view raw) {
  const std::string text = terminal_safe(raw);
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '|':
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '#':
      case '~':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

class GithubReporter final : public Reporter {
 public:
  explicit GithubReporter(ReportOptions o) : options_(o) {}

  void write(std::ostream& out, const ReportInput& in) const override {
    const SourceSet& sources = *in.sources;
    std::size_t shown[3] = {0, 0, 0};
    std::size_t not_annotated = 0;
    std::vector<std::string> locations;
    for (std::size_t i = 0; i < in.diagnostics.size(); ++i) {
      const Diagnostic& d = in.diagnostics[i];
      const bool located = d.span.valid() && d.span.file < sources.size();
      const Position p = located ? position_of(in, i) : Position{};
      const std::string path = located ? report_path(in, d.span.file) : std::string();
      std::string where = located
                              ? path + ":" + std::to_string(p.line) + ":" + std::to_string(p.column)
                              : std::string("zonelint");
      locations.push_back(where);
      std::size_t& count = shown[static_cast<int>(d.severity)];
      if (count < kAnnotationsPerLevel) {
        ++count;
        out << "::" << command_of(d.severity) << ' ';
        if (located) {
          out << "file=" << escape(path, true) << ",line=" << p.line;
          if (p.end_line == p.line) {
            out << ",col=" << p.column << ",endLine=" << p.end_line
                << ",endColumn=" << p.end_column;
          } else {
            out << ",endLine=" << p.end_line;  // columns only for single-line spans
          }
          out << ',';
        }
        out << "title=" << escape("zonelint (" + std::string(d.rule) + ")", true)
            << "::" << escape(d.message + " [" + std::string(d.rule) + "]", false) << '\n';
      } else {
        ++not_annotated;
        out << terminal_safe(where) << ": " << to_string(d.severity) << ": "
            << terminal_safe(d.message.str()) << " [" << terminal_safe(d.rule) << "]\n";
      }
    }
    const std::string summary = summary_line(in);
    out << "zonelint: " << summary;
    if (not_annotated > 0) {
      out << " (" << not_annotated << " not shown as annotations: GitHub shows "
          << kAnnotationsPerLevel << " per level and step; see the step summary)";
    }
    out << '\n';

    if (options_.step_summary == nullptr) return;
    std::ostream& md = *options_.step_summary;
    md << "## zonelint\n\n" << cell(summary) << "\n\n";
    if (not_annotated > 0) {
      md << "GitHub shows " << kAnnotationsPerLevel
         << " annotations per level and step: " << not_annotated
         << " of these findings have no annotation.\n\n";
    }
    if (in.diagnostics.empty()) return;
    md << "| Severity | Location | Rule | Message |\n|---|---|---|---|\n";
    const std::size_t rows = std::min(in.diagnostics.size(), kMaxSummaryRows);
    for (std::size_t i = 0; i < rows; ++i) {
      const Diagnostic& d = in.diagnostics[i];
      md << "| " << to_string(d.severity) << " | " << cell(locations[i]) << " | " << cell(d.rule)
         << " | " << cell(d.message.str()) << " |\n";
    }
    if (rows < in.diagnostics.size()) {
      md << "\n... and " << in.diagnostics.size() - rows
         << " more findings (see the job log or the SARIF report).\n";
    }
    md << '\n';
  }

 private:
  ReportOptions options_;
};

}  // namespace

std::unique_ptr<Reporter> make_github_reporter(const ReportOptions& options) {
  return std::make_unique<GithubReporter>(options);
}

}  // namespace zl::report
