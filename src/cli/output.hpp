// Output planning and writing: where each report goes, colour, and atomic file writes.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "cli/options.hpp"
#include "report/reporter.hpp"

namespace zl {

// Writes `content` to `path` atomically: a temporary file in the same directory, written,
// flushed with fsync and renamed over `path`. On any failure the temporary file is removed,
// `path` is left as it was, `error` says why, and the result is false.
bool write_file_atomically(const std::string& path, std::string_view content, std::string* error);

// One report and where it goes.
struct OutputTarget {
  OutputSpec spec;
  std::string file;  // "" = standard output
};

// Where each report of --format/--output goes (formats without a file share --output, or
// standard output). False with `error` set when two reports would go to one file or several
// to standard output.
bool plan_outputs(const Options& o, std::vector<OutputTarget>* targets, std::string* error);

// Writes every report of `targets` for `in` (files atomically). --statistics replaces the
// human report with counts per rule. Returns kExitClean, or kExitError after a message on
// `err` when a report could not be written.
int write_reports(const Options& o, const std::vector<OutputTarget>& targets, const ReportInput& in,
                  std::ostream& out, std::ostream& err, bool out_is_terminal);

}  // namespace zl
