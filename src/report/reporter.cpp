#include "report/reporter.hpp"

#include "report/formats.hpp"

namespace zl {

std::unique_ptr<Reporter> make_reporter(ReportFormat format, const ReportOptions& options) {
  switch (format) {
    case ReportFormat::human:
      return report::make_human_reporter(options);
    case ReportFormat::json:
      return report::make_json_reporter(options);
    case ReportFormat::sarif:
      return report::make_sarif_reporter(options);
    case ReportFormat::github:
      return report::make_github_reporter(options);
    case ReportFormat::gitlab:
      return report::make_gitlab_reporter();
  }
  return report::make_human_reporter(options);
}

}  // namespace zl
