// Helpers shared by the reporters: positions, paths, text made safe, counts and fingerprints.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "report/reporter.hpp"

namespace zl::report {

// The Position (reporter.hpp) of a span.
Position locate(const SourceSet& sources, Span span);
// The position of finding `i` of `in`: its shared one (ReportInput::positions), or located.
inline Position position_of(const ReportInput& in, std::size_t i) {
  if (in.positions.size() == in.diagnostics.size()) return in.positions[i];
  return locate(*in.sources, in.diagnostics[i].span);
}

// The span with trailing line terminators dropped (never before its begin).
Span trim_line_end(const SourceSet& sources, Span span);

// Invalid UTF-8 bytes become U+FFFD; everything else is kept.
std::string valid_utf8(std::string_view text);

// Text that can be printed on a terminal: invalid UTF-8 bytes become \xHH, control characters
// (C0 but tab, DEL, C1) and bidirectional controls become <U+XXXX>. Tabs become a space.
std::string terminal_safe(std::string_view text);
// The same, appended to `out`.
void append_terminal_safe(std::string& out, std::string_view text);

// A file's path as reports show it: relative to the srcroot when below it, "./" dropped.
// Raw bytes (not yet made valid UTF-8).
std::string report_path(const ReportInput& in, FileId file);

// The notes of a diagnostic, followed by one "included from here" note per $INCLUDE site of
// its file that the notes do not already mention, into `out` (cleared first: one vector serves
// the findings of a report). The messages are not copied: they point into `d`.
struct NoteView {
  Span span;
  std::string_view message;
};
void collect_notes(const SourceSet& sources, const Diagnostic& d, std::vector<NoteView>& out);

struct Counts {
  std::size_t errors = 0, warnings = 0, infos = 0;
  std::size_t files_with_findings = 0;
};
Counts count(const ReportInput& in);

// "3 errors, 1 warning in 2 files", "1 error in 1 of 3 files" (files with findings of files
// linted), "no findings in 4 files (120 records)", or "no findings: no file was read". Files
// are the input files (ReportInput::inputs); a finding in an $INCLUDEd file counts for the file
// that included it.
std::string summary_line(const ReportInput& in);

// 64-bit FNV-1a.
std::uint64_t fnv1a(std::string_view data, std::uint64_t hash = 0xcbf29ce484222325ull);
std::string hex64(std::uint64_t v);

// What identifies a finding independently of where its line is: rule id, owner, type and the
// content of its first source line with all white space removed (the message when there is no
// source line). Lines moving up or down leave it unchanged.
std::string fingerprint_key(const SourceSet& sources, const Diagnostic& d);

// Per diagnostic, a stable fingerprint "<16 hex>:<n>", n counting identical keys within the
// same file (1-based), in report order. The keys are hashed on up to `jobs` threads.
std::vector<std::string> line_hashes(const ReportInput& in, unsigned jobs = 1);
// The line hashes of `in`: its shared ones (ReportInput::line_hashes), or made into `own`.
std::span<const std::string> line_hashes_of(const ReportInput& in, unsigned jobs,
                                            std::vector<std::string>& own);

const Rule* find_listed_rule(std::span<const Rule* const> rules, std::string_view id);

}  // namespace zl::report
