// PEGTL grammar of BIND master files (RFC 1035 §5.1 plus what BIND 9 accepts). Rules only: the
// actions live in src/parse/, the messages for must<> points in zone_errors.hpp.
//
// The grammar works in two layers, as BIND's own lexer does:
//  * `entry` splits the file into entries (one logical line: parentheses join physical lines)
//    and an entry into tokens (words with backslash escapes, and "quoted strings").
//    Whether a token is an owner, a TTL, a class, a type or rdata depends on its position and
//    on the type, so that is decided on the token list, not here.
//  * token grammars (`ttl_text`, `generate_range`, `generate_template`) are matched against
//    one token's text.
//
// Only src/parse/*.cpp and the grammar test include this header.
#pragma once

#include <array>
#include <cstddef>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

namespace zl::grammar {

namespace pegtl = tao::pegtl;

// ---------------------------------------------------------------------------------------------
// Characters

struct blank : pegtl::one<' ', '\t'> {};
struct blanks : pegtl::plus<blank> {};
// LF, CRLF, and a lone CR (old Mac files; BIND treats it as a line end too).
struct newline : pegtl::sor<pegtl::string<'\r', '\n'>, pegtl::one<'\n', '\r'>> {};
struct comment : pegtl::seq<pegtl::one<';'>, pegtl::star<pegtl::not_one<'\n', '\r'>>> {};

// The number of bytes at the start of [p, p + size) that are in `in_set` (run_of below).
//
// In a build with coverage instrumentation (the fuzz targets) this loop is a function of its
// own, which fuzz/coverage-ignore.txt leaves uninstrumented in the throughput build: its edge
// counter counts the characters of all the runs of an execution together, which says nothing
// about the path taken, and its two comparisons a character (the bound, an 8-byte one, and the
// table's byte) were a sixth of fuzz_zone's calls into the comparison hooks, none of which
// libFuzzer can use on a text input (fuzz/README.md, "Throughput", eighth pass). Elsewhere it
// is inlined, as before.
#if defined(__has_feature)
#if __has_feature(coverage_sanitizer)
#define ZL_GRAMMAR_RUN_LENGTH_NOINLINE [[gnu::noinline]]
#endif
#endif
#ifndef ZL_GRAMMAR_RUN_LENGTH_NOINLINE
#define ZL_GRAMMAR_RUN_LENGTH_NOINLINE
#endif
ZL_GRAMMAR_RUN_LENGTH_NOINLINE inline std::size_t run_length(const std::array<bool, 256>& in_set,
                                                             const char* p, std::size_t size) {
  std::size_t n = 0;
  while (n < size && in_set[static_cast<unsigned char>(p[n])]) ++n;
  return n;
}

// One or more characters of the set `Char` (a one<> or not_one<> rule) at once. The same match
// as plus<Char>, but one table look-up per character where Char compares the character with
// each of its list in turn: most of a zone file is such runs (plain words, quoted text), so
// this is the lexer's inner loop. None of the sets holds a line end.
template <typename Char>
struct run_of {
  using rule_t = run_of;
  using subs_t = pegtl::empty_list;
  static_assert(!Char::test('\n') && !Char::test('\r'));
  static constexpr std::array<bool, 256> in_set = [] {
    std::array<bool, 256> t{};
    for (std::size_t c = 0; c < t.size(); ++c) t[c] = Char::test(static_cast<char>(c));
    return t;
  }();

  template <typename ParseInput>
  static bool match(ParseInput& in) {
    const std::size_t n = run_length(in_set, in.current(), in.size());
    if (n == 0) return false;
    in.bump_in_this_line(n);
    return true;
  }
};

// ---------------------------------------------------------------------------------------------
// Tokens

// Outside quotes a backslash escapes the next character (`\.`, `\;`, `\ `, `\(`), or starts
// `\DDD` (the digits are checked where the token is decoded). A backslash before the end of the
// line is an error, as in BIND.
struct escaped_char : pegtl::not_one<'\n', '\r', '\0'> {};
struct escape : pegtl::if_must<pegtl::one<'\\'>, escaped_char> {};
// A NUL byte ends no token and starts none: outside quotes it is a syntax error, as in BIND.
struct plain_char : pegtl::not_one<' ', '\t', '\n', '\r', '(', ')', ';', '"', '\\', '\0'> {};
struct word : pegtl::plus<pegtl::sor<run_of<plain_char>, escape>> {};

// Inside quotes everything but `"`, `\` and a line end stands for itself; a backslash may also
// escape a line end (BIND keeps it as a newline byte). A raw line end inside quotes is an error
// ("unbalanced quotes" in BIND), even within parentheses.
struct quoted_escaped : pegtl::sor<pegtl::string<'\r', '\n'>, pegtl::any> {};
struct quoted_escape : pegtl::if_must<pegtl::one<'\\'>, quoted_escaped> {};
struct quoted_char : pegtl::not_one<'"', '\\', '\n', '\r'> {};
struct quote_open : pegtl::one<'"'> {};
struct quote_close : pegtl::one<'"'> {};
struct quoted_body : pegtl::star<pegtl::sor<run_of<quoted_char>, quoted_escape>> {};
struct quoted : pegtl::if_must<quote_open, quoted_body, quote_close> {};

struct token : pegtl::sor<quoted, word> {};

// ---------------------------------------------------------------------------------------------
// Entries

// Parentheses may open and close anywhere between tokens (also around the owner, and nested);
// inside them line ends and comments are plain white space. A group's tokens belong to the same
// flat token sequence as the tokens around it. Nesting depth is bounded by the control
// (zone_errors.hpp), so hostile input cannot exhaust the stack.
struct paren_open : pegtl::one<'('> {};
struct paren_close : pegtl::one<')'> {};
struct group;
struct group_item : pegtl::sor<blanks, newline, comment, token, group> {};
struct group : pegtl::if_must<paren_open, pegtl::star<group_item>, paren_close> {};

struct line_item : pegtl::sor<blanks, token, group> {};
// The end of an entry: an optional comment, then a line end or the end of the file. Anything
// else here is a `)` without its `(`.
struct entry_end : pegtl::seq<pegtl::opt<comment>, pegtl::sor<newline, pegtl::eof>> {};
// One entry: a record, a directive, or a blank/comment line. Whether the first token is an
// owner depends on the first character of the entry (white space: no owner), which the
// actions read off the token position.
struct entry : pegtl::seq<pegtl::star<line_item>, pegtl::must<entry_end>> {};

// There is no rule for a whole file: the loader matches `entry` repeatedly from where the last
// one ended, so that it can recover after an error. Before the end of the file an entry always
// consumes at least its line end (or raises); at the end it matches nothing and the loop stops.

// Rdata written as one string (the right-hand side of $GENERATE after expansion): tokens and
// parentheses, no line structure.
struct rdata_end : pegtl::seq<pegtl::opt<comment>, pegtl::eof> {};
struct rdata_text : pegtl::seq<pegtl::star<group_item>, pegtl::must<rdata_end>> {};

// ---------------------------------------------------------------------------------------------
// Token grammars (matched against the text of one token)

// TTL: plain seconds, or one or more number+unit pairs in any order and any case
// (`1w2d3h4m5s`, `1H30M`, `30m1h`). A bare number after a unit (`1h30`) is not a TTL: BIND
// rejects it. Range checks (at most 2^32-1 in total) are done by the action.
struct ttl_digits : pegtl::plus<pegtl::digit> {};
struct ttl_unit : pegtl::one<'w', 'W', 'd', 'D', 'h', 'H', 'm', 'M', 's', 'S'> {};
struct ttl_seconds : pegtl::seq<ttl_digits, pegtl::eof> {};
struct ttl_units : pegtl::seq<pegtl::plus<ttl_digits, ttl_unit>, pegtl::eof> {};
struct ttl_text : pegtl::sor<ttl_seconds, ttl_units> {};

// $GENERATE range: start-stop or start-stop/step, decimal. Bounds are checked by the action.
struct generate_number : pegtl::plus<pegtl::digit> {};
struct generate_start : generate_number {};
struct generate_stop : generate_number {};
struct generate_step : generate_number {};
struct generate_range : pegtl::seq<generate_start, pegtl::one<'-'>, generate_stop,
                                   pegtl::opt<pegtl::one<'/'>, generate_step>, pegtl::eof> {};

// $GENERATE owner and rdata templates: `$` is the iterator, `$$` a literal `$`,
// `${offset[,width[,base]]}` a formatted iterator (base d, o, x, X, n, N), and a backslash
// keeps the next character as it is (so `\$` stays an escaped, literal `$`).
struct generate_dollar_dollar : pegtl::string<'$', '$'> {};
struct generate_offset : pegtl::seq<pegtl::opt<pegtl::one<'+', '-'>>, pegtl::plus<pegtl::digit>> {};
struct generate_width : pegtl::plus<pegtl::digit> {};
struct generate_base : pegtl::one<'d', 'o', 'x', 'X', 'n', 'N'> {};
struct generate_modifier_close : pegtl::one<'}'> {};
struct generate_modifier
    : pegtl::if_must<
          pegtl::string<'$', '{'>, generate_offset,
          pegtl::opt<pegtl::one<','>, generate_width, pegtl::opt<pegtl::one<','>, generate_base>>,
          generate_modifier_close> {};
struct generate_iterator : pegtl::one<'$'> {};
struct generate_escape : pegtl::seq<pegtl::one<'\\'>, pegtl::opt<pegtl::any>> {};
struct generate_literal : pegtl::plus<pegtl::not_one<'$', '\\'>> {};
struct generate_template
    : pegtl::seq<pegtl::star<pegtl::sor<generate_dollar_dollar, generate_modifier,
                                        generate_iterator, generate_escape, generate_literal>>,
                 pegtl::eof> {};

}  // namespace zl::grammar

// For pegtl::analyze (the grammar test): run_of<Char> consumes input when it succeeds, as Char.
template <typename Name, typename Char>
struct tao::pegtl::analyze_traits<Name, zl::grammar::run_of<Char>> : analyze_any_traits<> {};
