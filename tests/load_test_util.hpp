// Helpers shared by the front-end tests (tests/load_*_test.cpp).
#pragma once

#include <string>
#include <vector>

#include "load/loader.hpp"
#include "model/zone.hpp"

namespace zl::test {

// Loads `text` as if read from `path`.
inline ZoneSet load(const std::string& path, const std::string& text,
                    const LoadOptions& options = {}) {
  ZoneSet set;
  load_text(set, path, text, options);
  return set;
}

// "line:col" of a span's start.
inline std::string where(const ZoneSet& set, Span s) {
  if (!s.valid()) return "invalid";
  const LineCol lc = set.sources.begin_of(s);
  return std::to_string(lc.line) + ":" + std::to_string(lc.column);
}

// The text of field i of record r (as written).
inline std::string field(const ZoneSet& set, const Zone& z, const Record& r, std::size_t i) {
  return std::string(z.field_text(r, i, set.sources));
}

// The records of `type` in a zone, in file order.
inline std::vector<const Record*> of_type(const Zone& z, std::uint16_t type) {
  std::vector<const Record*> out;
  for (const Record& r : z.records) {
    if (r.type == type) out.push_back(&r);
  }
  return out;
}

// All diagnostic messages, "line:col rule: message" per line (for failure output).
inline std::string dump(const ZoneSet& set) {
  std::string out;
  for (const Diagnostic& d : set.diagnostics.items()) {
    out += where(set, d.span) + " " + std::string(d.rule) + ": " + d.message + "\n";
  }
  return out;
}

}  // namespace zl::test
