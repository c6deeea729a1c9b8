// PEGTL grammar of JSON documents (RFC 8259), built on PEGTL's own contrib/json.hpp. Rules only:
// the actions that build the value tree live in src/load/json_reader.cpp, the messages for the
// must<> points in json_errors.hpp.
//
// What this adds to tao::pegtl::json:
//  * must<> points wherever the next byte decides that the document is malformed, so an error
//    names what was expected at the offending byte (contrib's rules just fail);
//  * strings validated as strict UTF-8 (PEGTL's utf8 rules refuse overlong forms, surrogates
//    and code points above U+10FFFF), with runs of plain characters matched as one rule so an
//    action can copy them at once;
//  * \u escapes checked for UTF-16 pairing: a high surrogate must be followed by an escaped
//    low one, and a low surrogate may not stand alone;
//  * distinct rules for the places where a value, a key, a ',' or a closing bracket is due, so
//    each failure has its own message.
// Nesting is bounded by the action on `value` (PEGTL's contrib/limit_depth.hpp).
#pragma once

#include <cstddef>
#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>
#include <tao/pegtl/contrib/json.hpp>

namespace zl::grammar::json {

namespace pegtl = tao::pegtl;
namespace pj = tao::pegtl::json;

using pj::ws;

// ---------------------------------------------------------------------------------------------
// Literals and numbers

using pj::false_;
using pj::null;
using pj::true_;

// After '-' an integer part is due; after '.' and after 'e' digits are due. (contrib's int_ is
// "0" or digits: "01" reads as 0 followed by a stray "1", which the enclosing rule refuses.)
struct int_part : pj::int_ {};
struct frac_digits : pj::digits {};
struct exp_digits : pj::digits {};
struct frac : pegtl::seq<pegtl::one<'.'>, pegtl::must<frac_digits>> {};
struct exp
    : pegtl::seq<pegtl::one<'e', 'E'>, pegtl::opt<pegtl::one<'-', '+'>>, pegtl::must<exp_digits>> {
};
struct number : pegtl::seq<pegtl::sor<pegtl::seq<pegtl::one<'-'>, pegtl::must<int_part>>, pj::int_>,
                           pegtl::opt<frac>, pegtl::opt<exp>> {};

// ---------------------------------------------------------------------------------------------
// Strings

// A run of characters that stand for themselves: printable ASCII except '"' and '\', and any
// well-formed UTF-8 sequence of two to four bytes.
//
// The ASCII part is a custom rule that scans in one loop: it is the bulk of every string, and
// plus<ranges<...>> pays PEGTL's per-rule machinery for each byte (strings read 20% slower
// than with the hand-written reader this grammar replaced; with the loop, 15% faster).
struct plain_ascii_run {
  using rule_t = plain_ascii_run;
  using subs_t = pegtl::empty_list;
  template <typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in) {
    const char* const begin = in.current();
    const char* const end = in.end();
    const char* p = begin;
    while (p != end && is_plain(static_cast<unsigned char>(*p))) ++p;
    if (p == begin) return false;
    in.bump_in_this_line(static_cast<std::size_t>(p - begin));
    return true;
  }
  static constexpr bool is_plain(unsigned char c) {
    return c >= 0x20 && c <= 0x7f && c != '"' && c != '\\';
  }
};
struct plain_utf8 : pegtl::utf8::range<0x80, 0x10FFFF> {};
struct plain_run : pegtl::plus<pegtl::sor<plain_ascii_run, plain_utf8>> {};

// \u escapes. Four hex digits are due after "\u"; a surrogate pair is one escape.
struct hex_digit : pj::xdigit {};
struct hex2 : pegtl::seq<pegtl::must<hex_digit>, pegtl::must<hex_digit>> {};
struct high_surrogate
    : pegtl::seq<pegtl::one<'d', 'D'>, pegtl::one<'8', '9', 'a', 'b', 'A', 'B'>, hex2> {};
struct low_surrogate
    : pegtl::seq<pegtl::one<'d', 'D'>, pegtl::one<'c', 'd', 'e', 'f', 'C', 'D', 'E', 'F'>, hex2> {};
struct low_surrogate_escape : pegtl::seq<pegtl::one<'\\'>, pegtl::one<'u'>, low_surrogate> {};
// Raised right after a high surrogate that no escaped low surrogate follows.
struct unpaired_high_surrogate {};
// Raised at the hex digits of a low surrogate that no high surrogate precedes.
struct unpaired_low_surrogate {};
struct surrogate_pair
    : pegtl::seq<high_surrogate,
                 pegtl::sor<low_surrogate_escape, pegtl::raise<unpaired_high_surrogate>>> {};
struct unicode_escape
    : pegtl::seq<
          pegtl::one<'u'>,
          pegtl::sor<surrogate_pair,
                     pegtl::seq<pegtl::at<low_surrogate>, pegtl::raise<unpaired_low_surrogate>>,
                     pegtl::rep<4, pegtl::must<hex_digit>>>> {};
// The one-character escapes: \" \\ \/ \b \f \n \r \t.
using pj::escaped_char;
struct escape_body : pegtl::sor<escaped_char, unicode_escape> {};
struct escape : pegtl::seq<pegtl::one<'\\'>, pegtl::must<escape_body>> {};

struct string_content : pegtl::star<pegtl::sor<plain_run, escape>> {};

// What stops string_content other than the closing quote is an error, each with its message.
struct unterminated_string {};  // raised at the end of the input; reported at the opening quote
struct control_character {};    // a byte below 0x20
struct invalid_utf8 {};         // a byte that starts no well-formed UTF-8 sequence
struct string_close
    : pegtl::sor<pegtl::one<'"'>, pegtl::seq<pegtl::eof, pegtl::raise<unterminated_string>>,
                 pegtl::seq<pegtl::at<pegtl::range<'\0', '\x1f'>>, pegtl::raise<control_character>>,
                 pegtl::raise<invalid_utf8>> {};

// Keys and string values are the same syntax; they are distinct rules for the actions.
struct key_open : pegtl::one<'"'> {};
struct key : pegtl::seq<key_open, string_content, string_close> {};
struct string_open : pegtl::one<'"'> {};
struct string : pegtl::seq<string_open, string_content, string_close> {};

// ---------------------------------------------------------------------------------------------
// Arrays, objects, values

struct value;

using pj::begin_array;      // '[' and the whitespace after it
using pj::begin_object;     // '{' and the whitespace after it
using pj::end_array;        // ']'
using pj::end_object;       // '}'
using pj::value_separator;  // ',' and the whitespace after it

// One element or member value: where it is due, anything else is an error.
struct array_element : pegtl::seq<value, pegtl::star<ws>> {};
struct array_content
    : pegtl::sor<end_array, pegtl::seq<pegtl::must<array_element>,
                                       pegtl::star<value_separator, pegtl::must<array_element>>,
                                       pegtl::must<end_array>>> {};
struct array : pegtl::seq<begin_array, array_content> {};

struct name_separator : pegtl::one<':'> {};
struct member_value : pegtl::seq<value, pegtl::star<ws>> {};
struct member : pegtl::seq<key, pegtl::star<ws>, pegtl::must<name_separator>, pegtl::star<ws>,
                           pegtl::must<member_value>> {};
struct object_content
    : pegtl::sor<end_object,
                 pegtl::seq<pegtl::must<member>, pegtl::star<value_separator, pegtl::must<member>>,
                            pegtl::must<end_object>>> {};
struct object : pegtl::seq<begin_object, object_content> {};

struct value : pegtl::sor<string, number, object, array, false_, true_, null> {};

// ---------------------------------------------------------------------------------------------
// The document: one value, surrounding whitespace, and an optional UTF-8 byte order mark
// (RFC 8259 §8.1 lets a parser ignore it).

struct bom : pegtl::string<'\xEF', '\xBB', '\xBF'> {};
struct text : pegtl::seq<pegtl::opt<bom>, pegtl::star<ws>, pegtl::must<value>, pegtl::star<ws>,
                         pegtl::must<pegtl::eof>> {};

}  // namespace zl::grammar::json

// For pegtl::analyze: plain_ascii_run consumes input whenever it succeeds.
template <typename Name>
struct tao::pegtl::analyze_traits<Name, zl::grammar::json::plain_ascii_run>
    : tao::pegtl::analyze_any_traits<> {};
