// --fix and --diff: the safe automatic fixes of a run's reported findings (report/fix.hpp),
// planned per file, shown as a unified diff or written back atomically.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "cli/pipeline.hpp"
#include "report/fix.hpp"

namespace zl {

// The fixes of one file.
struct FilePlan {
  FileId file = kNoFile;
  std::string path;                         // as the run names it
  AppliedFixes fixes;                       // AppliedFixes::applied and ::skipped index `findings`
  std::vector<const Diagnostic*> findings;  // the reported findings with a fix in this file
};

// The fixes of the findings `run` reports (after select/ignore, suppressions and the
// baseline), grouped by file in the order of the run's sources: one plan per file that has
// a fix. A finding whose edits reach into several files is left out.
std::vector<FilePlan> plan_fixes(const PipelineRun& run);

// --diff: prints the unified diff of every plan to `out` and a summary to `err` ("would fix
// N findings in M files", unless `quiet`). Returns true when there is a diff.
bool print_fix_diffs(const std::vector<FilePlan>& plans, const PipelineRun& run, bool quiet,
                     std::ostream& out, std::ostream& err);

// What --fix did.
struct FixOutcome {
  std::size_t findings = 0;               // findings fixed
  std::size_t files = 0;                  // files rewritten
  std::vector<std::string> skipped;       // "path:line:col: rule: ..." of each skipped fix
  std::vector<std::string> failed_paths;  // files that could not be written
  std::vector<std::string> failures;      // why, one per failed path
};

// --fix: writes every plan's text to its file, atomically (temporary file in the same
// directory, fsync, rename; the mode kept; a symbolic link's target is rewritten). A file
// that is read-only (no write permission bit for its owner, or not writable by this process)
// is left as it is and reported in `failures`.
FixOutcome write_fixes(const std::vector<FilePlan>& plans, const PipelineRun& run);

// Adds an io-error finding to `run` for each file of `outcome` that could not be written
// (attached to that file when the run loaded it) and marks the run failed (exit 2).
void report_fix_failures(const FixOutcome& outcome, PipelineRun& run);

}  // namespace zl
