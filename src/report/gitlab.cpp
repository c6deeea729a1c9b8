// GitLab Code Quality report: a JSON array of issues (description, check_name, fingerprint,
// severity, location.path, location.lines.begin). Fingerprints must differ between findings
// (GitLab merges equal ones) and stay the same when unrelated lines move.
#include "report/common.hpp"
#include "report/formats.hpp"
#include "report/json_stream.hpp"

namespace zl::report {

namespace {

std::string_view severity_of(Severity s) {
  switch (s) {
    case Severity::error:
      return "major";
    case Severity::warning:
      return "minor";
    case Severity::info:
      return "info";
  }
  return "major";
}

class GitlabReporter final : public Reporter {
 public:
  void write(std::ostream& out, const ReportInput& in) const override {
    std::vector<std::string> own_hashes;
    const std::span<const std::string> hashes = line_hashes_of(in, 1, own_hashes);
    JsonArrayStream issues(out, JsonArrayStream::Text{"[]"}, "", 0);
    std::string text;  // one issue at a time
    for (std::size_t i = 0; i < in.diagnostics.size(); ++i) {
      const Diagnostic& d = in.diagnostics[i];
      const Position p = position_of(in, i);
      const std::string path = p.valid ? report_path(in, d.span.file) : std::string();
      // 128 bits: the line hash (rule, owner, type, line content, occurrence) and the path.
      const std::string fingerprint = hex64(fnv1a(path + '\0' + hashes[i])) +
                                      hex64(fnv1a(hashes[i] + '\0' + path, 0x84222325cbf29ce4ull));
      text.clear();
      JsonWriter w = issues.element(text);  // makes text valid UTF-8
      w.begin_object();
      w.key("description");
      w.string(d.message.str());
      w.key("check_name");
      w.string(d.rule);
      w.key("fingerprint");
      w.string(fingerprint);
      w.key("severity");
      w.string(severity_of(d.severity));
      w.key("location");
      w.begin_object();
      w.key("path");
      w.string(path);
      w.key("lines");
      w.begin_object();
      w.key("begin");
      w.number(p.valid ? p.line : 1);
      w.key("end");
      w.number(p.valid ? p.end_line : 1);
      w.end_object();
      w.end_object();
      w.end_object();
      issues.push_text(text);
    }
    issues.finish();
    out << '\n';
  }
};

}  // namespace

std::unique_ptr<Reporter> make_gitlab_reporter() {
  return std::make_unique<GitlabReporter>();
}

}  // namespace zl::report
