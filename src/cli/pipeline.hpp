// Running the pipeline for the lint command: config, inputs (named, walked, standard input),
// load, lint (or --parse-only), declaration notes, baseline, and the verdict.
#pragma once

#include <iosfwd>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cli/options.hpp"
#include "lint/config.hpp"
#include "lint/rule.hpp"
#include "lint/verdict.hpp"
#include "model/zone.hpp"

namespace zl {

struct PipelineRun {
  ZoneSet set;
  std::vector<Diagnostic> diagnostics;    // the findings to report, sorted
  std::vector<std::string> fingerprints;  // baseline fingerprint of each, in order
  std::vector<const Rule*> enabled;       // rules enabled for at least one file
  // Problems that stopped part of the run (unreadable input, live mode failures): exit 2.
  std::vector<std::string> errors;
  // Those of `errors` that only the reports show so far (a file that cannot be read is an
  // io-error finding): written to stderr when no report goes to standard output.
  std::vector<std::string> unprinted_errors;
  // The configuration was refused (config-error). When the error has a place in a config
  // file, `diagnostics` holds it as a config-error finding and the run is reported; exit 2.
  bool config_failed = false;
  std::set<FileId> dropped;   // standalone copies of $INCLUDEd files
  std::set<FileId> excluded;  // files the config excludes
  // --shard: the files given or found none of whose findings the shard reports, and for each
  // zone of `set` whether the shard reports its findings (empty without --shard).
  std::set<FileId> outside_shard;
  std::vector<bool> zone_in_shard;
  std::size_t skipped = 0;  // walked candidates that are not DNS data
  bool io_failed = false;   // an input could not be read
  bool wrote_baseline = false;
  Verdict verdict;           // computed once, for every mode
  std::string live_summary;  // --resolve: queries, cache hits, time (for stderr)
  // Frees the rules' derived data (LintResult::freeing) while the reports are written;
  // joined when the command is done, except by the command line, which exits instead
  // (cli/app.cpp).
  std::jthread freeing;
  // The configuration the run applied, with the settings of every file it looked up (10,000
  // paths for as many zones): kept with the run, which the command line does not free before
  // it exits (cli/app.cpp), so that ~2 ms are not spent freeing it on the one thread that
  // writes the reports.
  std::optional<Config> config;
};

// Runs the pipeline of `o` into `run`. Returns kExitClean when there is something to report
// (with `run.config_failed` for a configuration error at a place in a config file), or
// kExitError after writing the message to `err` (an invalid configuration with no place, an
// invalid --origin, a baseline that cannot be read or written).
int run_pipeline(const Options& o, PipelineRun& run, std::ostream& err);

}  // namespace zl
