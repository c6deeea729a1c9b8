#include "cli/app.hpp"

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <utility>

#include "cli/fixing.hpp"
#include "cli/options.hpp"
#include "cli/output.hpp"
#include "cli/pipeline.hpp"
#include "core/heap.hpp"
#include "lint/config.hpp"
#include "lint/rule.hpp"

namespace zl {

namespace {

std::string current_dir_slash() {
  std::error_code ec;
  std::string cwd = std::filesystem::current_path(ec).string();
  if (ec || cwd.empty()) return "";
  if (cwd.back() != '/') cwd += '/';
  return cwd;
}

// What the reports show of a run.
ReportInput report_input(const PipelineRun& run) {
  const SourceSet& sources = run.set.sources;
  ReportInput in;
  in.sources = &sources;
  in.diagnostics = run.diagnostics;
  in.fingerprints = run.fingerprints;
  in.errors = run.errors;
  in.srcroot = current_dir_slash();
  in.skipped = run.skipped;
  in.file_formats.resize(sources.size());
  const auto set_format = [&](FileId f, InputFormat format) { in.file_formats[f] = format; };
  for (std::size_t i = 0; i < run.set.zones.size(); ++i) {
    const Zone& z = run.set.zones[i];
    prefetch_zone_ahead(run.set.zones, i);
    if (z.file < sources.size()) set_format(z.file, z.format);
    for (FileId f : z.included_files) set_format(f, z.format);
    if (z.file >= sources.size()) continue;
    const std::vector<Span> chain = sources.include_chain(z.file);
    if (run.excluded.count(chain.empty() ? z.file : chain.back().file)) continue;
    if (!run.zone_in_shard.empty() && !run.zone_in_shard[i]) continue;  // --shard
    in.records += z.records.size();
  }
  // Every file given or found, including those that gave no zone (failed to load, an octoDNS
  // manager config), but not the dropped or excluded ones, nor (--shard) those of other shards.
  // A config error stops the run before any input is read: the config file it points at is
  // no input.
  in.inputs.emplace();
  for (FileId f = 0; f < sources.size() && !run.config_failed; ++f) {
    if (sources.include_chain(f).empty() && !run.dropped.count(f) && !run.excluded.count(f) &&
        !run.outside_shard.count(f)) {
      in.inputs->push_back(f);  // in increasing order
    }
  }
  in.files = in.inputs->size();
  return in;
}

// Files read that are in other shards (--shard): they do not count in the reports.
std::size_t files_in_other_shards(const PipelineRun& run) {
  std::size_t n = 0;
  for (FileId f : run.outside_shard) n += !run.dropped.count(f) && !run.excluded.count(f);
  return n;
}

// Keeps `run` alive until the process exits: see run(argc, argv). Only the latest run is kept
// (an earlier one is freed), and the static pointer keeps it reachable, so LeakSanitizer does
// not count it as a leak.
void keep_until_exit(std::unique_ptr<PipelineRun> run) {
  static PipelineRun* kept = nullptr;
  delete std::exchange(kept, run.release());
}

// Runs the lint command into `run` (its zone set and findings stay with the caller).
int lint_command(const Options& o, PipelineRun& run, std::ostream& out, std::ostream& err,
                 bool out_is_terminal) {
  std::vector<OutputTarget> targets;
  if (std::string why; !plan_outputs(o, &targets, &why)) {
    err << "zonelint: error: " << why << '\n';
    return kExitError;
  }
  if (const int status = run_pipeline(o, run, err); status != kExitClean) return status;
  if (o.diff && !run.config_failed) {
    // The diff instead of the reports: exit 1 when there is one, 2 when an input could not
    // be read.
    const bool changes = print_fix_diffs(plan_fixes(run), run, o.quiet, out, err);
    if (!out) return kExitError;
    if (run.io_failed || !run.errors.empty()) {
      for (const std::string& e : run.unprinted_errors) err << "zonelint: error: " << e << '\n';
      return kExitError;
    }
    return changes ? kExitFindings : kExitClean;
  }
  std::optional<FixOutcome> fixed;
  if (o.fix && !run.config_failed) {
    fixed = write_fixes(plan_fixes(run), run);
    if (fixed->files > 0) {
      // Lint the fixed files again: the reports show what remains.
      run = PipelineRun{};
      if (const int status = run_pipeline(o, run, err); status != kExitClean) return status;
    }
    report_fix_failures(*fixed, run);
  }

  // The rules the reports describe: the enabled ones, and those of the findings.
  std::vector<const Rule*> rules = run.enabled;
  for (const Diagnostic& d : run.diagnostics) {
    if (std::none_of(rules.begin(), rules.end(), [&](const Rule* r) { return r->id == d.rule; })) {
      if (const Rule* r = find_rule(d.rule); r != nullptr && r->id == d.rule) rules.push_back(r);
    }
  }
  ReportInput in = report_input(run);
  in.rules = rules;
  if (in.files == 0 && !run.config_failed && files_in_other_shards(run) > 0) {
    // A shard with none of the zones read: the run checked them, another shard reports them.
    const std::size_t others = files_in_other_shards(run);
    err << "zonelint: shard " << o.shard.index << "/" << o.shard.count << " holds none of the "
        << others << (others == 1 ? " file" : " files")
        << " read (their zones go to other shards): nothing to report\n";
  } else if (in.files == 0 && !o.allow_empty && !run.config_failed) {
    // CI that checks nothing must not pass: say so, and exit 2.
    std::string why = "no input file was read";
    if (run.skipped > 0) {
      why += " (" + std::to_string(run.skipped) + " walked " +
             (run.skipped == 1 ? "file" : "files") + " skipped: not DNS data)";
    }
    why += "; name the files, or pass --allow-empty";
    err << "zonelint: error: " << why << '\n';
    run.errors.push_back(why);
    in.errors.push_back(why);
  }

  const int status = write_reports(o, targets, in, out, err, out_is_terminal);
  if (!out) return kExitError;
  if (fixed && !o.quiet) {
    for (const std::string& s : fixed->skipped) err << "zonelint: " << s << '\n';
    const std::size_t remain = run.diagnostics.size();
    err << "zonelint: fixed " << fixed->findings
        << (fixed->findings == 1 ? " finding" : " findings") << " in " << fixed->files
        << (fixed->files == 1 ? " file" : " files") << "; " << remain
        << (remain == 1 ? " finding remains" : " findings remain") << '\n';
  }
  if (!run.live_summary.empty() && !o.quiet) err << "zonelint: " << run.live_summary << '\n';
  if (status != kExitClean || run.io_failed || !run.errors.empty() || run.config_failed) {
    // Exit 2 always comes with a message: when no report went to standard output, the
    // problems that only the reports show go to stderr too.
    if (std::none_of(targets.begin(), targets.end(),
                     [](const OutputTarget& t) { return t.file.empty(); })) {
      for (const std::string& e : run.unprinted_errors) err << "zonelint: error: " << e << '\n';
    }
    return kExitError;
  }
  if (run.verdict.failed && !o.exit_zero && !run.wrote_baseline) return kExitFindings;
  return kExitClean;
}

// Whether run_impl frees the run's memory before it returns.
enum class Teardown { free, skip };

int run_impl(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
             bool out_is_terminal, Teardown teardown) {
  Options o;
  if (const auto done = parse_command_line(args, o, out, err)) return *done;
  switch (o.command) {
    case Options::Command::rules:
      print_rules(out);
      return out.flush() ? kExitClean : kExitError;
    case Options::Command::explain:
      if (!explain_rule(o.explain_id, out)) {
        const std::string best = closest_rule_id(o.explain_id);
        err << "zonelint: error: unknown rule '" << o.explain_id << "'"
            << (best.empty() ? "" : "; did you mean '" + best + "'?")
            << " (`zonelint rules` lists them)\n";
        return kExitError;
      }
      return out.flush() ? kExitClean : kExitError;
    case Options::Command::lint:
      break;
  }
  auto run = std::make_unique<PipelineRun>();
  const int status = lint_command(o, *run, out, err, out_is_terminal);
  if (teardown == Teardown::skip) {
    // The process exits right after: the thread that frees the rules' derived data
    // (PipelineRun::freeing) is not waited for either, and ends with the process. With
    // --jobs 2 it needs ~17 ms over 10,000 small zones, of which the reports took ~2: waiting
    // for it was the last serial step of the run. It only frees memory (no output, no file).
    keep_until_exit(std::move(run));
  } else if (run->freeing.joinable()) {
    run->freeing.join();  // no thread outlives the command
  }
  return status;
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  return run_impl(args, out, err, false, Teardown::free);
}

int run(int argc, char** argv) {
  // A file size limit (ulimit -f) must fail the write, not kill the process mid-report.
  std::signal(SIGXFSZ, SIG_IGN);
  std::vector<std::string> args(argv, argv + argc);
  // Huge pages for the memory the run keeps, unless a named file is a large zone
  // (core/heap.hpp): before any thread starts.
  use_huge_page_heaps(largest_named_file(argc, argv));
  // The process ends right after this returns (main), and the operating system takes its
  // memory back at once: freeing the zone set, the sources and the findings object by object
  // first would cost about 5% of a large run, for nothing (clang's -disable-free does the
  // same). The reports are complete by then: write_reports flushed standard output, and
  // wrote and renamed the report files.
  return run_impl(args, std::cout, std::cerr, isatty(STDOUT_FILENO) != 0, Teardown::skip);
}

}  // namespace zl
