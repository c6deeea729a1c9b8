// The tokens of a zone-file entry, found again in its text: how Zone::fields_of gives a
// zone-file record's rdata fields without keeping them (model/zone.hpp, FieldList).
//
// The parse (src/parse/zone_lexer.hpp, on the PEGTL grammar of grammar/zone_grammar.hpp) splits
// an entry into tokens and keeps, for each record, the tokens after its type as the record's
// fields. They were stored (4 bytes a field and a byte a record: 8 MiB of a 1M-record zone, for
// the whole run) although only a finding that points at a field, and a few rules, read them.
// Now a record whose fields are exactly those tokens keeps nothing, and its fields are lexed
// again from the entry's text, from the end of the type token to the end of the entry, by the
// function below. It is not the parse's lexer (the model may not include the grammar: see
// scripts/check-layers), but it splits a stretch of an entry that the grammar matched as the
// grammar split it, byte for byte: tests/model_entry_tokens_test.cpp compares the two on every
// record of the fixtures and the test corpus, and on entries made to be hard.
//
// What it relies on: the stretch lies within one entry that the grammar matched without an
// error, between two tokens (or parentheses, or the end of the entry). There, outside a token,
// only blanks, parentheses, line ends (within parentheses) and comments (from `;` to the end of
// the line, within parentheses) occur, and each of them ends the token before it:
//  * a quoted token runs from `"` to the next `"` that no backslash escapes (a backslash takes
//    the next byte, or a CRLF line end, with it);
//  * any other token (a word) runs to the next blank, line end, parenthesis, `;` or `"` that no
//    backslash escapes (a backslash takes the next byte with it).
// On other text (a file changed on disk since the parse) it still stops within [from, to).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace zl {

namespace entry_tokens_detail {
// Bytes that end a word and are no part of the next token: the grammar's plain_char is every
// byte but these, `"`, `\` and NUL (a NUL outside quotes fails the entry: not in a stretch).
inline constexpr std::array<bool, 256> kSeparator = [] {
  std::array<bool, 256> t{};
  for (const char c : {' ', '\t', '\n', '\r', '(', ')'}) t[static_cast<unsigned char>(c)] = true;
  return t;
}();
// Bytes a word stops at: a separator, `;`, `"` (the start of a quoted token) and `\` (an escape,
// taken with the byte after it).
inline constexpr std::array<bool, 256> kWordStop = [] {
  std::array<bool, 256> t = kSeparator;
  for (const char c : {';', '"', '\\'}) t[static_cast<unsigned char>(c)] = true;
  return t;
}();
}  // namespace entry_tokens_detail

// Calls `token(begin, end)` for each token of text[from, to) in order (offsets into `text`; a
// quoted token with its quotes) until it returns false. Returns the number of calls.
template <typename Token>
std::size_t for_each_entry_token(std::string_view text, std::uint32_t from, std::uint32_t to,
                                 Token&& token) {
  using entry_tokens_detail::kSeparator;
  using entry_tokens_detail::kWordStop;
  const auto at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const std::size_t end = std::min<std::size_t>(to, text.size());
  std::size_t p = from, calls = 0;
  while (p < end) {
    const unsigned char c = at(p);
    if (kSeparator[c]) {
      ++p;
      continue;
    }
    if (c == ';') {  // a comment, to the end of the line
      while (p < end && at(p) != '\n' && at(p) != '\r') ++p;
      continue;
    }
    const std::size_t begin = p;
    if (c == '"') {
      // To the next quote, over the escapes before it (memchr: a DKIM key's strings run to
      // hundreds of bytes without one).
      ++p;
      std::size_t q = 0;  // the first quote at or after p, once found
      bool have_q = false;
      while (p < end) {
        if (!have_q || q < p) {  // (an escape took the quote found before)
          const void* quote = std::memchr(text.data() + p, '"', end - p);
          q = quote ? static_cast<std::size_t>(static_cast<const char*>(quote) - text.data()) : end;
          have_q = true;
        }
        const void* escape = std::memchr(text.data() + p, '\\', q - p);
        if (!escape) {
          p = q;
          break;
        }
        p = static_cast<std::size_t>(static_cast<const char*>(escape) - text.data());
        // The escape takes the next byte with it, or a CRLF line end.
        p += p + 2 < end && at(p + 1) == '\r' && at(p + 2) == '\n' ? 3 : 2;
      }
      p = std::min(p + 1, end);  // the closing quote
    } else {
      while (p < end) {
        if (at(p) == '\\') {
          p += 2;
        } else if (!kWordStop[at(p)]) {
          ++p;
        } else {
          break;
        }
      }
      p = std::min(p, end);
    }
    ++calls;
    if (!token(static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(p))) break;
  }
  return calls;
}

}  // namespace zl
