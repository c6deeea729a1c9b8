// A JSON reader (RFC 8259) that keeps the byte span of every value and key.
//
// Why not nlohmann_json (which we keep for writing reports)? Its DOM has no positions, and its
// SAX interface only reveals where the lexer stopped (one character past the token, and only
// through a custom input adapter), never where a token began, and nothing for keys versus
// values. Findings must point at the narrowest token (the MX exchange string inside a Route 53
// value), so we need begin and end of every string, and whether the decoded string equals its
// raw text (then rdata tokens inside it can be mapped byte for byte).
//
// The syntax is the PEGTL grammar in grammar/json.hpp (built on PEGTL's contrib/json.hpp, with
// its must<> messages in grammar/json_errors.hpp); json_reader.cpp holds the actions that build
// the tree over the already-read buffer, in one pass. Callers see only this plain C++ API.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zl::json {

enum class Kind : std::uint8_t { null, boolean, number, string, array, object };
std::string_view kind_name(Kind k);  // "null", "a boolean", "a number", ...

struct Value;
struct Member;

struct Value {
  Kind kind = Kind::null;
  bool boolean = false;
  std::uint32_t begin = 0;  // byte offset of the first byte (the quote for strings)
  std::uint32_t end = 0;    // byte offset past the last byte
  // Strings: the decoded text. Numbers: the raw text.
  std::string text;
  // Strings (and YAML scalars): true when `text` equals the source bytes
  // [content_begin, content_end) (no escapes, on one line), so positions inside the value
  // map byte for byte.
  bool verbatim = false;
  std::uint32_t content_begin = 0;
  std::uint32_t content_end = 0;
  // YAML only: the scalar was quoted or a block scalar (so `123` and `'123'` differ), and
  // its explicit tag if any ("!include").
  bool quoted = false;
  std::string tag;
  std::vector<Value> items;     // arrays
  std::vector<Member> members;  // objects, in document order

  bool is_object() const { return kind == Kind::object; }
  bool is_array() const { return kind == Kind::array; }
  bool is_string() const { return kind == Kind::string; }
  bool is_number() const { return kind == Kind::number; }
  bool is_null() const { return kind == Kind::null; }
  // First member named `key`, or nullptr (also when this is not an object).
  const Value* find(std::string_view key) const;
  const Member* find_member(std::string_view key) const;
  // Numbers written as integers (no fraction, no exponent) that fit in int64.
  std::optional<std::int64_t> as_integer() const;
};

struct Member {
  std::string key;
  std::uint32_t key_begin = 0;  // at the key's opening quote
  std::uint32_t key_end = 0;
  Value value;
};

struct ParseError {
  std::uint32_t offset = 0;
  std::string message;
};

// Arrays and objects nest at most this deep (the document's value is level 0), so hostile input
// cannot exhaust the stack. Deeper input is an error at the first value past the limit.
inline constexpr std::uint32_t kMaxDepth = 256;

// Parses a whole document (one value, optional surrounding whitespace and a UTF-8 BOM) of at
// most 4 GiB - 2 bytes (spans are 32-bit). Strings must be strict UTF-8 (RFC 8259 §8.1), and
// \u escapes must pair UTF-16 surrogates. Duplicate keys are kept, in document order (`find`
// returns the first). On failure returns nullopt and fills `error` with the offset of the
// offending byte and a message saying what was expected there.
std::optional<Value> parse(std::string_view text, ParseError* error);

}  // namespace zl::json
