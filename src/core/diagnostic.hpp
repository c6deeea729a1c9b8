// Findings: parse errors and rule results share one type.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.hpp"

namespace zl {

enum class Severity : std::uint8_t { info = 0, warning = 1, error = 2 };
std::string_view to_string(Severity s);
bool parse_severity(std::string_view text, Severity* out);

// A second location that explains the finding: "CNAME defined here", "first defined here",
// "included from here".
struct Note {
  Span span;
  std::string message;
};

// One change to a source file: replace the bytes of `span` with `replacement` (an empty
// replacement deletes them, an empty span inserts). A finding's fix is a list of edits that
// `zonelint --fix` applies together (report/fix.hpp).
struct Edit {
  Span span;
  std::string replacement;
  friend bool operator==(const Edit&, const Edit&) = default;
};

struct Diagnostic {
  std::string rule;  // kebab-case id: "parse-error", "mx-target-cname"
  Severity severity = Severity::error;
  std::string message;  // lower-case start, quotes the offending value, says why
  Span span;            // the narrowest offending token
  std::vector<Note> notes;
  std::string owner;  // canonical owner name of the record concerned, if any
  std::string type;   // RR type mnemonic of the record concerned, if any
  // The safe automatic fix, when the rule is certain of it (empty otherwise): every edit in
  // the file of the record concerned.
  std::vector<Edit> fixes;
};

// Sink handed to the parser, the loaders and the rules.
class Diagnostics {
 public:
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  std::vector<Diagnostic>& items() { return items_; }
  const std::vector<Diagnostic>& items() const { return items_; }
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }

 private:
  std::vector<Diagnostic> items_;
};

inline constexpr std::string_view kParseError = "parse-error";

}  // namespace zl
