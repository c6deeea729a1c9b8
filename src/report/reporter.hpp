// Reporters: one output format per file (human, json, sarif, github, gitlab), all behind one
// interface. A reporter reads a finished run (sorted diagnostics plus the facts the formats
// need) and writes it to a stream; it knows nothing about policy or exit codes.
//
// Every reporter is deterministic: the same run gives the same bytes. Every JSON-based format
// stays valid whatever bytes the input had (invalid UTF-8 is replaced by U+FFFD).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/source.hpp"
#include "lint/rule.hpp"

namespace zl {

enum class ReportFormat { human, json, sarif, github, gitlab };

namespace report {
// 1-based line and code-point column of a span's start and end (end column = the column just
// after the last character, as SARIF wants). A span that ends with a line terminator ends on
// its last line. `valid` is false for a diagnostic without a location.
struct Position {
  bool valid = false;
  std::uint32_t line = 0, column = 0, end_line = 0, end_column = 0;
};
}  // namespace report

std::optional<ReportFormat> parse_report_format(std::string_view text);
std::string_view to_string(ReportFormat f);

// Everything a reporter may show about one run.
struct ReportInput {
  const SourceSet* sources = nullptr;
  std::span<const Diagnostic> diagnostics;  // sorted by file, then position
  // Baseline fingerprints (lint/baseline.hpp), parallel to `diagnostics`, or empty. SARIF
  // reports them as the `zonelint/v1` partial fingerprint.
  std::span<const std::string> fingerprints;
  // Rules to describe (SARIF tool.driver.rules): the enabled rules in registry order. A
  // diagnostic whose rule is not listed (parse-error, for example) gets a descriptor of its
  // own.
  std::span<const Rule* const> rules;
  // Input format of each loaded file, by FileId (nullopt, or past the end: unknown). Flat
  // lists, not a std::map and std::set: over 10,000 zones, building those was ~1.4 ms of the
  // serial tail of --jobs (10,000 nodes each).
  std::vector<std::optional<InputFormat>> file_formats;
  std::size_t files = 0;  // input files linted
  // Those input files (top-level files, not $INCLUDEd ones), when known: a finding counts
  // toward the files with findings only when its file, or the file that included it, is one
  // of them (not the config or baseline file a config-error or a stale baseline entry points
  // at). In increasing order. nullopt: every file a finding is in counts (hand-built inputs).
  std::optional<std::vector<FileId>> inputs;
  std::size_t records = 0;  // records loaded
  std::size_t skipped = 0;  // walked candidates skipped as not DNS data (human summary)
  // Problems that stopped part of the run (unreadable input, bad configuration): exit code 2.
  // SARIF reports them as tool execution notifications; the human format leaves them to
  // stderr.
  std::vector<std::string> errors;
  // Absolute directory that relative paths are relative to (normally the working directory),
  // ending in '/'. Used for SARIF %SRCROOT% and to make absolute paths under it relative.
  // "" = unknown: relative paths stay relative, absolute ones stay absolute.
  std::string srcroot;
  // Facts that several reports of one run would each work out again, made once
  // (share_report_facts: the fuzz_pipeline harness writes every format from one run), or
  // empty: each reporter makes what it needs. Parallel to `diagnostics` when not empty: each
  // finding's position (report::locate of its span) and its line hash (report::line_hashes,
  // SARIF's primaryLocationLineHash and the base of GitLab's fingerprint).
  std::span<const report::Position> positions;
  std::span<const std::string> line_hashes;
};

struct ReportOptions {
  bool color = false;  // human: ANSI colours
  bool quiet = false;  // human: only the finding and note lines, no excerpts or summary
  // Threads that may make the report's text (--jobs): a large human report is made in chunks
  // on them, and written in order (the bytes do not depend on it).
  unsigned jobs = 1;
  // github: where the step summary goes ($GITHUB_STEP_SUMMARY), if anywhere.
  std::ostream* step_summary = nullptr;
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void write(std::ostream& out, const ReportInput& in) const = 0;
};

std::unique_ptr<Reporter> make_reporter(ReportFormat format, const ReportOptions& options);

// Makes the facts of `in` that the reports share (ReportInput::positions and line_hashes) into
// `positions` and `line_hashes`, and points `in` at them: for writing several reports of one
// run. The vectors must outlive those reports and stay unchanged; the reports' bytes are the
// same with or without them.
void share_report_facts(ReportInput& in, std::vector<report::Position>& positions,
                        std::vector<std::string>& line_hashes);

// The project's home and where each rule's documentation lives.
inline constexpr std::string_view kInformationUri = "https://github.com/zonelint/zonelint";
std::string rule_doc_url(std::string_view rule_id);

}  // namespace zl
