// Messages for the must<> points of the JSON grammar, and the PEGTL control that raises them.
//
// A raised error is a `syntax_error` carrying the byte where the input was, not a
// pegtl::parse_error: computing a line and column for a lazily tracked input costs a pass over
// the file, and the reader reports byte offsets anyway. In a message, "{}" stands for the
// offending byte as the reader describes it ("'x'", "byte 0xff", "end of input").
#pragma once

#include <type_traits>

#include <tao/pegtl.hpp>

#include "grammar/json.hpp"

namespace zl::grammar::json {

template <typename Rule>
inline constexpr const char* error_message = nullptr;

template <>
inline constexpr const char* error_message<value> = "expected a JSON value, found {}";
template <>
inline constexpr const char* error_message<array_element> = "expected a JSON value, found {}";
template <>
inline constexpr const char* error_message<member_value> = "expected a JSON value, found {}";
template <>
inline constexpr const char* error_message<pegtl::eof> = "unexpected {} after the JSON value";
template <>
inline constexpr const char* error_message<end_array> = "expected ',' or ']' in array, found {}";
template <>
inline constexpr const char* error_message<end_object> = "expected ',' or '}' in object, found {}";
template <>
inline constexpr const char* error_message<member> = "expected a string key in object, found {}";
template <>
inline constexpr const char* error_message<name_separator> =
    "expected ':' after object key, found {}";
template <>
inline constexpr const char* error_message<int_part> = "expected a digit in number, found {}";
template <>
inline constexpr const char* error_message<frac_digits> = "expected a digit after '.', found {}";
template <>
inline constexpr const char* error_message<exp_digits> = "expected a digit in exponent, found {}";
template <>
inline constexpr const char* error_message<escape_body> = "invalid escape in string: {}";
template <>
inline constexpr const char* error_message<hex_digit> =
    "expected 4 hex digits after '\\u', found {}";
template <>
inline constexpr const char* error_message<unpaired_high_surrogate> =
    "unpaired UTF-16 surrogate in string: a high surrogate (\\uD800-\\uDBFF) must be followed "
    "by an escaped low surrogate (\\uDC00-\\uDFFF), found {}";
template <>
inline constexpr const char* error_message<unpaired_low_surrogate> =
    "unpaired UTF-16 surrogate in string: a low surrogate (\\uDC00-\\uDFFF) must follow an "
    "escaped high surrogate (\\uD800-\\uDBFF)";
template <>
inline constexpr const char* error_message<unterminated_string> = "unterminated string";
template <>
inline constexpr const char* error_message<control_character> =
    "control character in string (escape it as \\u00XX), found {}";
template <>
inline constexpr const char* error_message<invalid_utf8> =
    "invalid UTF-8 in string (JSON text must be UTF-8, RFC 8259 §8.1), found {}";

struct syntax_error {
  const char* message;
  const char* at;               // where the input was when the rule failed
  bool at_string_open = false;  // point at the opening quote of the string being read
};

template <typename Rule>
struct control : pegtl::normal<Rule> {
  template <typename ParseInput, typename... States>
  [[noreturn]] static void raise(const ParseInput& in, States&&... /*unused*/) {
    static_assert(error_message<Rule> != nullptr, "every must<> point needs a message");
    throw syntax_error{error_message<Rule>, in.current(),
                       std::is_same_v<Rule, unterminated_string>};
  }
};

}  // namespace zl::grammar::json
