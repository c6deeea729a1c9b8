// Messages for the must<> points of the zone grammar, and the PEGTL control that raises them.
//
// A raised error is a `syntax_error` carrying the byte position, not a pegtl::parse_error:
// computing a line/column for a lazily tracked input costs a pass over the file, and the
// loader turns byte positions into spans anyway.
#pragma once

#include <cstddef>

#include <tao/pegtl.hpp>

#include "grammar/zone_grammar.hpp"

namespace zl::grammar {

// What was expected, and what was found instead; the loader adds the offending text.
template <typename Rule>
inline constexpr const char* error_message = nullptr;

template <>
inline constexpr const char* error_message<escaped_char> =
    "a backslash must be followed by the character it escapes, found the end of the line";
template <>
inline constexpr const char* error_message<quoted_escaped> =
    "a backslash inside quotes must be followed by a character, found the end of the file";
template <>
inline constexpr const char* error_message<quoted_body> = "unterminated quoted string";
template <>
inline constexpr const char* error_message<quote_close> =
    "unterminated quoted string: expected '\"' before the end of the line";
template <>
inline constexpr const char* error_message<pegtl::star<group_item>> = "unbalanced parentheses";
template <>
inline constexpr const char* error_message<paren_close> =
    "'(' is never closed: expected ')' before the end of the file";
template <>
inline constexpr const char* error_message<entry_end> =
    "unbalanced parentheses: found ')' but no '(' is open";
template <>
inline constexpr const char* error_message<rdata_end> =
    "unbalanced parentheses: found ')' but no '(' is open";
template <>
inline constexpr const char* error_message<generate_offset> =
    "expected an offset after '${' in the $GENERATE template (as in ${offset[,width[,base]]})";
template <>
inline constexpr const char* error_message<
    pegtl::opt<pegtl::one<','>, generate_width, pegtl::opt<pegtl::one<','>, generate_base>>> =
    "malformed ${offset[,width[,base]]} in the $GENERATE template";
template <>
inline constexpr const char* error_message<generate_modifier_close> =
    "expected '}' closing ${offset[,width[,base]]} in the $GENERATE template (base is one of "
    "d, o, x, X, n, N)";

// Maximum nesting of parentheses. BIND has no limit, but real zones use one level; the bound
// keeps hostile input from exhausting the stack.
inline constexpr unsigned kMaxParenNesting = 64;

struct syntax_error {
  const char* message;
  const char* at;               // where the input was when the rule failed
  bool unclosed_paren = false;  // the error is a '(' without ')': point at the '(' instead
  bool too_deep = false;        // parentheses nested deeper than kMaxParenNesting
};

template <typename Rule>
struct control : pegtl::normal<Rule> {
  template <typename ParseInput, typename... States>
  [[noreturn]] static void raise(const ParseInput& in, States&&... /*unused*/) {
    static_assert(error_message<Rule> != nullptr, "every must<> point needs a message");
    throw syntax_error{error_message<Rule>, in.current(), false, false};
  }
};

// Counts the nesting of parentheses; the state needs an `unsigned paren_depth` member. (Counted
// on the success of '(' and ')': a group's start() also runs for every attempt that fails.)
template <>
struct control<paren_open> : pegtl::normal<paren_open> {
  template <typename ParseInput, typename State>
  static void success(const ParseInput& in, State& st) {
    if (++st.paren_depth > kMaxParenNesting) {
      throw syntax_error{"parentheses nested too deeply (more than 64 levels)", in.current() - 1,
                         false, true};
    }
  }
};

template <>
struct control<paren_close> : pegtl::normal<paren_close> {
  template <typename ParseInput, typename... States>
  [[noreturn]] static void raise(const ParseInput& in, States&&... /*unused*/) {
    throw syntax_error{error_message<paren_close>, in.current(), true, false};
  }
  template <typename ParseInput, typename State>
  static void success(const ParseInput& /*in*/, State& st) {
    --st.paren_depth;
  }
};

}  // namespace zl::grammar
