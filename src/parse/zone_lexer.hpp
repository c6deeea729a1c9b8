// Internals of the zone-file loader, not part of the parse unit's API: the lexer (its PEGTL
// actions only record token positions) and the grammars evaluated on one token. It includes
// PEGTL, so only src/parse/*.cpp include it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/zone_errors.hpp"
#include "grammar/zone_grammar.hpp"
#include "model/name.hpp"

namespace zl::zone_detail {

namespace g = grammar;
namespace pegtl = tao::pegtl;

using Input = pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf, const char*>;

// ---------------------------------------------------------------------------------------------
// Lexing: the actions only record token positions.

struct Tok {
  std::uint32_t begin;  // offsets into the lexed buffer; for quoted tokens including quotes
  std::uint32_t end;
  bool quoted;
};

struct LexState {
  const char* base = nullptr;
  std::vector<Tok> tokens;
  std::vector<std::uint32_t> open_parens;  // offsets of '(' not yet closed
  std::uint32_t last_close = 0;            // end of the last ')'
  unsigned paren_depth = 0;                // maintained by grammar::control<group>
  bool had_parens = false;

  void reset(const char* b) {
    base = b;
    tokens.clear();
    open_parens.clear();
    last_close = 0;
    paren_depth = 0;
    had_parens = false;
  }
  std::uint32_t off(const char* p) const { return static_cast<std::uint32_t>(p - base); }
};

template <typename Rule>
struct lex_action : pegtl::nothing<Rule> {};

template <>
struct lex_action<g::word> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, LexState& st) {
    st.tokens.push_back(Tok{st.off(in.begin()), st.off(in.end()), false});
  }
};

template <>
struct lex_action<g::quoted> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, LexState& st) {
    st.tokens.push_back(Tok{st.off(in.begin()), st.off(in.end()), true});
  }
};

template <>
struct lex_action<g::paren_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, LexState& st) {
    st.open_parens.push_back(st.off(in.begin()));
    st.had_parens = true;
  }
};

template <>
struct lex_action<g::paren_close> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, LexState& st) {
    if (!st.open_parens.empty()) st.open_parens.pop_back();
    st.last_close = st.off(in.end());
  }
};

// The text of a token without its quotes.
inline std::string_view token_text(std::string_view buf, const Tok& t) {
  if (t.quoted) return buf.substr(t.begin + 1, t.end - t.begin - 2);
  return buf.substr(t.begin, t.end - t.begin);
}

// Where to resume after a syntax error at `pos` with `depth` parentheses open: the start of
// the next entry. Inside parentheses, a line that starts with a token in column 0 is taken as
// the next entry (a lost ')' must not swallow the rest of the file).
std::uint32_t skip_entry(std::string_view text, std::uint32_t pos, int depth);

// ---------------------------------------------------------------------------------------------
// Token grammars evaluated on one token.

// Text quoted for a message: at most 60 bytes, control and non-ASCII bytes as \DDD.
std::string quote(std::string_view s);
// Class and type lookups on the hot path: the common spellings first, then the full tables.
std::optional<std::uint16_t> lookup_class(std::string_view t);
std::optional<std::uint16_t> lookup_type(std::string_view t);
// OPT and the types 128-255 (RFC 6895 §3.1).
bool is_meta_type(std::uint16_t t);
// Decodes \X and \DDD (file names of $INCLUDE).
std::string unescape(std::string_view s);
// Owner names: a fast path for plain names (no escapes), else Name::parse.
std::optional<Name> parse_name(std::string_view text, const Name& origin, std::string* error);

}  // namespace zl::zone_detail
