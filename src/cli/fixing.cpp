#include "cli/fixing.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <ostream>

#include "cli/output.hpp"
#include "core/path.hpp"
#include "rules/registry.hpp"

namespace zl {

namespace {

std::string place(const SourceSet& sources, const Diagnostic& d) {
  const Span s = d.fixes.front().span;
  const LineCol lc = sources.file(s.file).line_col(s.begin);
  return sources.file(s.file).path() + ":" + std::to_string(lc.line) + ":" +
         std::to_string(lc.column);
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::vector<FilePlan> plan_fixes(const PipelineRun& run) {
  std::map<FileId, FilePlan> by_file;
  for (const Diagnostic& d : run.diagnostics) {
    if (d.fixes.empty()) continue;
    const FileId f = d.fixes.front().span.file;
    if (f >= run.set.sources.size()) continue;
    bool one_file = true;
    for (const Edit& e : d.fixes) one_file = one_file && e.span.file == f;
    if (!one_file) continue;
    FilePlan& plan = by_file[f];
    plan.file = f;
    plan.findings.push_back(&d);
  }
  std::vector<FilePlan> plans;
  for (auto& [f, plan] : by_file) {
    plan.path = run.set.sources.file(f).path();
    std::vector<std::vector<Edit>> fixes;
    fixes.reserve(plan.findings.size());
    for (const Diagnostic* d : plan.findings) fixes.push_back(d->fixes.to_vector());
    plan.fixes = apply_fixes(run.set.sources.file(f).text(), fixes);
    plans.push_back(std::move(plan));
  }
  return plans;
}

bool print_fix_diffs(const std::vector<FilePlan>& plans, const PipelineRun& run, bool quiet,
                     std::ostream& out, std::ostream& err) {
  std::size_t findings = 0, files = 0;
  for (const FilePlan& p : plans) {
    const std::string diff =
        unified_diff(p.path, run.set.sources.file(p.file).text(), p.fixes.edits);
    if (diff.empty()) continue;
    out << diff;
    findings += p.fixes.applied.size();
    ++files;
    for (const std::size_t i : p.fixes.skipped) {
      err << "zonelint: " << place(run.set.sources, *p.findings[i]) << ": the fix of "
          << p.findings[i]->rule << " overlaps an earlier fix: skipped\n";
    }
  }
  if (!quiet) {
    err << "zonelint: would fix " << plural(findings, "finding", "findings") << " in "
        << plural(files, "file", "files") << '\n';
  }
  return files > 0;
}

FixOutcome write_fixes(const std::vector<FilePlan>& plans, const PipelineRun& run) {
  FixOutcome outcome;
  for (const FilePlan& p : plans) {
    for (const std::size_t i : p.fixes.skipped) {
      outcome.skipped.push_back(place(run.set.sources, *p.findings[i]) + ": the fix of " +
                                std::string(p.findings[i]->rule) +
                                " overlaps an earlier fix: skipped");
    }
    if (p.fixes.applied.empty() || p.fixes.text == run.set.sources.file(p.file).text()) continue;
    // A symbolic link stays a link: its target is rewritten.
    const std::string target = resolve_path(p.path).value_or(p.path);
    std::string why;
    struct stat st {};
    if (::stat(target.c_str(), &st) != 0) {
      why = "it cannot be found any more";
    } else if ((st.st_mode & S_IWUSR) == 0 || ::access(target.c_str(), W_OK) != 0) {
      why = "the file is read-only";
    } else if (!write_file_atomically(target, p.fixes.text, &why)) {
      why = "cannot write it: " + why;
    } else {
      outcome.findings += p.fixes.applied.size();
      ++outcome.files;
      continue;
    }
    outcome.failed_paths.push_back(p.path);
    outcome.failures.push_back("cannot fix '" + p.path + "': " + why);
  }
  return outcome;
}

void report_fix_failures(const FixOutcome& outcome, PipelineRun& run) {
  for (std::size_t i = 0; i < outcome.failed_paths.size(); ++i) {
    FileId file = kNoFile;
    const std::string key = canonical_path(outcome.failed_paths[i]);
    for (FileId f = 0; f < run.set.sources.size() && file == kNoFile; ++f) {
      if (canonical_path(run.set.sources.file(f).path()) == key) file = f;
    }
    if (file == kNoFile) file = run.set.sources.add(outcome.failed_paths[i], std::string());
    Diagnostic d;
    d.rule = rules::kIoError.id;
    d.severity = rules::kIoError.default_severity;
    d.message = outcome.failures[i];
    d.span = Span{file, 0, 0};
    // In order: the findings are sorted by file, then position.
    auto at = run.diagnostics.begin();
    while (at != run.diagnostics.end() && at->span.file <= file) ++at;
    const std::size_t index = static_cast<std::size_t>(at - run.diagnostics.begin());
    run.diagnostics.insert(at, std::move(d));
    if (run.fingerprints.size() + 1 == run.diagnostics.size()) {
      run.fingerprints.insert(run.fingerprints.begin() + static_cast<std::ptrdiff_t>(index), "");
    }
    run.io_failed = true;
    run.errors.push_back(outcome.failures[i]);
    run.unprinted_errors.push_back(outcome.failures[i]);
  }
}

}  // namespace zl
