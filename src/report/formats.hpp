// The reporter of each format (one file each); make_reporter() picks one.
#pragma once

#include "report/reporter.hpp"

namespace zl::report {
std::unique_ptr<Reporter> make_human_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_json_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_sarif_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_github_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_gitlab_reporter();
}  // namespace zl::report
