// Runs the enabled rules over a ZoneSet and applies policy (selection, severity overrides,
// inline suppressions), giving the final sorted, de-duplicated diagnostics.
#pragma once

#include <vector>

#include "config.hpp"
#include "lint/rule.hpp"
#include "model/zone.hpp"

namespace zl {

struct LintResult {
  std::vector<Diagnostic> diagnostics;  // parse + rule findings, sorted by file then position
  std::vector<const Rule*> enabled;     // rules enabled for at least one file (SARIF driver)
  Severity fail_on = Severity::warning;
};

// Sorts by (file path, begin, rule id, message) and removes exact duplicates.
void sort_diagnostics(const SourceSet& sources, std::vector<Diagnostic>& diags);

// `set.diagnostics` (parse errors) are included in the result; they pass through
// suppressions like any other finding but parse errors can't be ignored by select/ignore.
LintResult lint(const ZoneSet& set, Config& config);

}  // namespace zl
