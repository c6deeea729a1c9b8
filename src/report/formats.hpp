// The reporter of each format (one file each); make_reporter() picks one.
#pragma once

#include "report/reporter.hpp"

namespace zl::report {
std::unique_ptr<Reporter> make_human_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_json_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_sarif_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_github_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_gitlab_reporter();

// The text SARIF writes for `rule` as an element of tool.driver.rules when the rule is one of
// the registry's (made once per process, and the same in every report), or "" for another rule
// object. The fuzz_pipeline harness checks it once and then only compares it.
std::string_view sarif_rule_descriptor_text(const Rule& rule);
}  // namespace zl::report
