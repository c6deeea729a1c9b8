// Baselines: adopt zonelint on a repository that already has findings.
//
// A fingerprint names a finding without its line number, so that it survives unrelated edits
// (lines added above, re-indentation, another TTL, names written in another case):
//
//   rule, zone origin, owner, type, and the record's rdata in lower-case canonical
//   presentation form (from its wire form), plus an occurrence counter for findings whose key
//   is otherwise identical. A finding on no record (a parse error) uses its message instead of
//   the rdata. The TTL is not part of it: changing a TTL keeps the finding the same.
//
// The fingerprint is the 64-bit FNV-1a hash of those fields, in hex; SARIF reports it as the
// `zonelint/v1` partial fingerprint. A baseline file is JSON with one entry per line, sorted,
// with sorted keys, so that it diffs well and is byte-stable across runs.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "model/zone.hpp"

namespace zl {

struct BaselineEntry {
  std::string fingerprint;  // 16 hex digits
  std::string rule, zone, owner, type;
  friend bool operator<(const BaselineEntry& a, const BaselineEntry& b);
};

// The entry (fingerprint and what it was made of) of each diagnostic, in order. The occurrence
// counter follows the order of `diags` (sorted by file then position).
std::vector<BaselineEntry> fingerprint_all(const ZoneSet& set, std::span<const Diagnostic> diags);
// Only their fingerprints (what SARIF needs; a baseline file needs the rest).
std::vector<std::string> fingerprints(const ZoneSet& set, std::span<const Diagnostic> diags);

// The baseline file's text for these entries (sorted and deduplicated by fingerprint).
std::string write_baseline(std::vector<BaselineEntry> entries);

// Parses a baseline file. False with `error` set on malformed input.
bool read_baseline(std::string_view text, std::vector<BaselineEntry>* out, std::string* error);

// Removes the diagnostics whose fingerprint is in `baseline` (`entries` is parallel to
// `diags` and shrinks with it) and appends one `baseline-entry-unused` info diagnostic per
// baseline entry that matched nothing, naming `baseline_path`. With `sources` and `file` (the
// baseline file's text registered in `sources`), each of those points at its entry's line.
// Returns the number removed.
std::size_t apply_baseline(std::vector<Diagnostic>& diags, std::vector<BaselineEntry>& entries,
                           const std::vector<BaselineEntry>& baseline,
                           const std::string& baseline_path, const SourceSet* sources = nullptr,
                           FileId file = kNoFile);

// What the command line does with a baseline. With `write_path`, writes the entries of all of
// `diags` there through `write` (`message` says how many). Otherwise reads `read_path` and
// applies it (apply_baseline). With `sources`, the baseline file read is registered there
// (its id in `*baseline_file`), so that unused entries point at their lines. False with
// `message` set on an I/O or format error.
using WriteFileFn = std::function<bool(const std::string&, std::string_view, std::string*)>;
bool run_baseline(const std::string& read_path, const std::string& write_path,
                  std::vector<Diagnostic>& diags, std::vector<BaselineEntry>& entries,
                  const WriteFileFn& write, std::string* message, SourceSet* sources = nullptr,
                  FileId* baseline_file = nullptr);

inline constexpr std::string_view kBaselineEntryUnused = "baseline-entry-unused";

}  // namespace zl
