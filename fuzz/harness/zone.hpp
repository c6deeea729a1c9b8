// Fuzz harness: the BIND master-file grammar and resolver ($ORIGIN, $TTL, $INCLUDE,
// $GENERATE, owner inheritance, rdata encoding). $INCLUDE is served from memory: the input
// holds several files (see split_files in check.hpp), the main one at ROOT/example.com.zone.
//
// Invariants beyond check_zone_set: the parser never asks the reader for a path outside the
// include root (escapes are refused before any read), and a zone never holds more records
// than the record cap.
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "fuzz/harness/check.hpp"
#include "fuzz/harness/invariants.hpp"
#include "parse/zone_parser.hpp"

namespace zl::fuzz {

// An include root that does not exist on disk, so no real file or symlink is ever involved.
inline constexpr std::string_view kFuzzRoot = "/nonexistent-zonelint-fuzz-root";

// The path below kFuzzRoot that `path` names, after lexical normalisation (no file under the
// root exists on disk, so no symlink can be involved): "" for the root itself, nullopt when
// the path is outside the root.
inline std::optional<std::string> below_fuzz_root(const std::string& path) {
  const std::string norm = std::filesystem::path(path).lexically_normal().string();
  const std::string prefix = std::string(kFuzzRoot) + "/";
  if (norm == kFuzzRoot) return std::string();  // the root directory itself
  if (norm.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  return norm.substr(prefix.size());
}

// Small caps keep each execution fast; the code paths are the same as with the defaults.
inline Limits fuzz_limits() {
  Limits l;
  l.max_include_depth = 6;
  l.max_generate_per_directive = 512;
  l.max_generate_per_zone = 2048;
  l.max_records_per_zone = 4096;
  l.max_line_bytes = 16384;
  l.max_file_bytes = 1u << 20;
  return l;
}

inline ParseOptions fuzz_parse_options(const Files& files) {
  ParseOptions opt;
  opt.include_root = std::string(kFuzzRoot);
  opt.limits = fuzz_limits();
  opt.reader = [&files](const std::string& path, std::string* error) -> std::optional<std::string> {
    // The parser must have refused anything outside the root before asking for it.
    const auto rel = below_fuzz_root(path);
    ZL_FUZZ_CHECK(rel.has_value());
    if (rel->empty()) {  // `$INCLUDE .`: the root directory, which the real reader refuses
      if (error) *error = "is a directory, not a file";
      return std::nullopt;
    }
    if (*rel == "example.com.zone") return files.main;
    auto it = files.others.find(*rel);
    if (it == files.others.end()) {
      if (error) *error = "No such file or directory";
      return std::nullopt;
    }
    return it->second;
  };
  return opt;
}

inline int run_zone(const std::uint8_t* data, std::size_t size) {
  const Files files = split_files(as_text(data, size));
  ParseOptions opt = fuzz_parse_options(files);
  // The fields Zone::fields_of lexes again from an entry (model/entry_tokens.hpp) are the
  // tokens the parse read there: the parse reports those (ParseOptions::on_fields), and
  // check_zone_set checks that each record's fields_of gives the same spans. (Until 2026-12-07
  // the harness parsed the input a second time with the fields stored, which cost as much as the
  // first parse; until 2026-12-08 it lexed every record's fields again for this check alone.)
  ReportedFields reported;
  opt.on_fields = [&reported](std::size_t record, std::span<const Span> fields) {
    reported.report(record, fields);
  };
  ZoneSet set;
  const auto index =
      load_zone_text(set, std::string(kFuzzRoot) + "/example.com.zone", files.main, opt);
  if (index) {
    ZL_FUZZ_CHECK(*index < set.zones.size());
    ZL_FUZZ_CHECK(set.zones[*index].records.size() <= opt.limits.max_records_per_zone);
  } else {
    ZL_FUZZ_CHECK(!set.diagnostics.empty());  // nothing loaded: it says why
  }
  check_zone_set(set, &reported);
  ZL_FUZZ_CHECK(set.zones.size() == (index ? 1 : 0));  // a zone only when loaded
  return 0;
}

}  // namespace zl::fuzz
