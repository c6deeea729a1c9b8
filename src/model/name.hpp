// Domain names. A Name holds the uncompressed wire form (length-prefixed labels ending with the
// root label) in its original spelling. Comparison and hashing ignore ASCII case, as DNS does
// (RFC 4343); the original case is kept for messages.
#pragma once

#include <compare>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zl {

class Name {
 public:
  Name() : wire_(1, '\0') {}  // the root
  static Name root() { return Name(); }
  // `wire` must be a well-formed uncompressed wire name (see is_valid_wire).
  static Name from_wire(std::string_view wire) { return Name(std::string(wire)); }
  static bool is_valid_wire(std::string_view wire);

  // Parses presentation format: labels separated by dots, `\X` and `\DDD` escapes, `@` for
  // the origin. A name without a final dot is relative and gets `origin` appended (when
  // origin is null, a relative name is an error). On failure returns nullopt and sets
  // `error` to a message naming the problem (label over 63 octets, name over 255, empty
  // label, bad escape).
  static std::optional<Name> parse(std::string_view text, const Name* origin,
                                   std::string* error = nullptr);
  // Same, but reports whether the text was relative.
  static std::optional<Name> parse(std::string_view text, const Name* origin, bool* was_relative,
                                   std::string* error);

  const std::string& wire() const { return wire_; }
  bool is_root() const { return wire_.size() == 1; }
  std::size_t label_count() const;               // root has 0
  std::vector<std::string_view> labels() const;  // raw label bytes, leftmost first
  std::string_view first_label() const;          // empty for root
  bool is_wildcard() const { return wire_.size() >= 2 && wire_[0] == 1 && wire_[1] == '*'; }
  Name parent() const;  // root's parent is root

  // Presentation form, absolute, with a trailing dot; special bytes escaped as BIND does.
  std::string text() const;
  // Lower-case presentation form: the canonical key used in reports and comparisons.
  std::string canonical_text() const;
  // Lower-case wire form (RFC 4034 §6.2 canonical form).
  std::string canonical_wire() const;

  // At or below `ancestor` (case-insensitive).
  bool is_subdomain_of(const Name& ancestor) const;
  // Relative text of this name below `origin` ("@" when equal); the absolute text otherwise.
  std::string relative_text(const Name& origin) const;
  // Appends `suffix` to a relative label sequence given as wire without root label. Returns
  // nullopt if the result exceeds 255 octets.
  static std::optional<Name> concat(std::string_view relative_wire_without_root,
                                    const Name& suffix);

  friend bool operator==(const Name& a, const Name& b) { return equal_ci(a.wire_, b.wire_); }
  // RFC 4034 §6.1 canonical DNS name order.
  friend std::strong_ordering operator<=>(const Name& a, const Name& b) {
    return canonical_compare(a.wire_, b.wire_);
  }

  // Inline, with a plain byte comparison first: most names are written in one case, and the
  // rules phase compares names millions of times.
  static bool equal_ci(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    if (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0) return true;
    return equal_ci_folded(a, b);
  }
  static std::strong_ordering canonical_compare(std::string_view a, std::string_view b);
  static std::size_t hash_ci(std::string_view wire);

 private:
  static bool equal_ci_folded(std::string_view a, std::string_view b);  // ASCII case folded

 public:
 private:
  explicit Name(std::string wire) : wire_(std::move(wire)) {}
  std::string wire_;
};

struct NameHash {
  std::size_t operator()(const Name& n) const { return Name::hash_ci(n.wire()); }
};

// Escapes a character-string (TXT etc.) for presentation: quotes, backslash escapes for
// `"` and `\`, and \DDD for non-printable bytes.
std::string quote_character_string(std::string_view bytes);

}  // namespace zl
