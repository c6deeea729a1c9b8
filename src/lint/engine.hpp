// Runs the enabled rules over a ZoneSet and applies policy (selection, severity overrides,
// octoDNS `lenient`, inline suppressions), giving the final sorted, de-duplicated diagnostics.
#pragma once

#include <thread>
#include <vector>

#include "lint/config.hpp"
#include "lint/external.hpp"
#include "lint/rule.hpp"
#include "lint/verdict.hpp"
#include "model/zone.hpp"

namespace zl {

struct LintResult {
  std::vector<Diagnostic> diagnostics;  // parse + rule findings, sorted by file then position
  std::vector<const Rule*> enabled;     // rules enabled for at least one file (SARIF driver)
  // The --fail-on threshold, else the lowest `fail-on` of the configs that applied, else
  // warning. `failed` is the verdict: some finding is at or above its own file's threshold.
  Severity fail_on = Severity::warning;
  bool failed = false;
  std::size_t suppressed = 0;  // findings removed by inline suppressions
  // With --jobs > 1: the thread that frees what the rules derived and shared (RRsets, SPF
  // walks, MX sets of every zone: many small blocks, ~2% of a run over 10,000 zones) while the
  // caller goes on. Destroying the result (or assigning to `freeing`) joins it; a caller that
  // keeps the result can let it run until the reports are written.
  std::jthread freeing;
};

// Sorts by (file path, begin, end, rule id, message) and removes exact duplicates (same rule,
// span and message).
void sort_diagnostics(const SourceSet& sources, std::vector<Diagnostic>& diags);

// What loading alone found, as --parse-only reports it: `set.diagnostics` and the findings of
// the rules that report facts recorded by loading (Rule::reports_load_facts: how a zone file
// was read), over every zone of the set, at their default severities, sorted. No other rule
// runs and no policy applies.
std::vector<Diagnostic> load_findings(const ZoneSet& set);

// `set.diagnostics` (parse errors) are included in the result; they pass through
// suppressions like any other finding but parse errors can't be ignored by select/ignore.
//
// A zone loaded on its own whose file another zone of the set pulls in by $INCLUDE is linted
// only as part of the including zone: its own findings and load diagnostics are dropped. Files
// matching an `exclude` glob are dropped likewise.
//
// With `external` (live mode), rules may look names up outside the loaded zones: the rules run
// again after each round of queries, at most kMaxLivePasses rounds.
//
// With `jobs` > 1 the rules run on up to `jobs` threads, one rule at a time per thread; each
// rule's findings are kept apart and joined in the registry order, so the result is the same
// as with one thread. Live mode runs the rules on one thread (the resolver collects the
// queries of a pass from the rules as they run).
//
// `settings`: the settings of the set's files and zones (file_settings), when the caller has
// them already; else lint() looks them up.
inline constexpr int kMaxLivePasses = 12;
LintResult lint(const ZoneSet& set, Config& config, ExternalDns* external = nullptr,
                unsigned jobs = 1, const FileSettings* settings = nullptr);

}  // namespace zl
