// GitLab Code Quality report: a JSON array of issues (description, check_name, fingerprint,
// severity, location.path, location.lines.begin). Fingerprints must differ between findings
// (GitLab merges equal ones) and stay the same when unrelated lines move.
#include <nlohmann/json.hpp>

#include "report/common.hpp"
#include "report/formats.hpp"
#include "report/json_stream.hpp"

namespace zl::report {

namespace {

using Json = nlohmann::ordered_json;

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
    const std::vector<std::string> hashes = line_hashes(in);
    JsonArrayStream issues(out, Json::array(), "", 0);
    for (std::size_t i = 0; i < in.diagnostics.size(); ++i) {
      const Diagnostic& d = in.diagnostics[i];
      const Position p = locate(*in.sources, d.span);
      const std::string path = p.valid ? report_path(in, d.span.file) : std::string();
      // 128 bits: the line hash (rule, owner, type, line content, occurrence) and the path.
      const std::string fingerprint = hex64(fnv1a(path + '\0' + hashes[i])) +
                                      hex64(fnv1a(hashes[i] + '\0' + path, 0x84222325cbf29ce4ull));
      Json j;
      j["description"] = valid_utf8(d.message.str());
      j["check_name"] = valid_utf8(d.rule);
      j["fingerprint"] = fingerprint;
      j["severity"] = severity_of(d.severity);
      j["location"] = {
          {"path", valid_utf8(path)},
          {"lines", {{"begin", p.valid ? p.line : 1}, {"end", p.valid ? p.end_line : 1}}}};
      issues.push(j);
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
