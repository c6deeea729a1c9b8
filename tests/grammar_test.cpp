// The zone grammar on its own: no rule can loop without consuming input, and accept/reject
// tables for the tricky parts (escapes, quoted strings, parentheses, TTL units, $GENERATE).
#include <catch2/catch.hpp>

#include <string>
#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze.hpp>
#include <vector>

#include "grammar/zone_errors.hpp"
#include "grammar/zone_grammar.hpp"

namespace g = zl::grammar;
namespace pegtl = tao::pegtl;

namespace {

struct State {
  std::vector<std::string> tokens;
  unsigned paren_depth = 0;
};

template <typename Rule>
struct record : pegtl::nothing<Rule> {};
template <>
struct record<g::word> {
  template <typename In>
  static void apply(const In& in, State& st) {
    st.tokens.push_back(in.string());
  }
};
template <>
struct record<g::quoted> : record<g::word> {};

struct Lexed {
  bool ok = false;
  std::size_t consumed = 0;  // bytes of the first entry
  std::vector<std::string> tokens;
  std::string error;
  std::size_t error_at = 0;
};

// Lexes the first entry of `text`.
template <typename Rule = g::entry>
Lexed lex(const std::string& text) {
  Lexed r;
  State st;
  pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf, const char*> in(
      text.data(), text.data() + text.size(), "test");
  try {
    r.ok = pegtl::parse<Rule, record, g::control>(in, st);
    r.consumed = static_cast<std::size_t>(in.current() - text.data());
  } catch (const g::syntax_error& e) {
    r.ok = false;
    r.error = e.message;
    r.error_at = static_cast<std::size_t>(e.at - text.data());
  }
  r.tokens = st.tokens;
  return r;
}

template <typename Rule>
bool matches_whole(const std::string& text) {
  State st;
  pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf, const char*> in(
      text.data(), text.data() + text.size(), "test");
  try {
    return pegtl::parse<Rule, pegtl::nothing, g::control>(in, st);
  } catch (const g::syntax_error&) {
    return false;
  }
}

using Tokens = std::vector<std::string>;

}  // namespace

TEST_CASE("grammar: no rule can loop without consuming input") {
  CHECK(pegtl::analyze<g::entry>(-1) == 0);
  CHECK(pegtl::analyze<g::rdata_text>(-1) == 0);
  CHECK(pegtl::analyze<g::ttl_text>(-1) == 0);
  CHECK(pegtl::analyze<g::generate_range>(-1) == 0);
  CHECK(pegtl::analyze<g::generate_template>(-1) == 0);
}

TEST_CASE("grammar: escapes and quoted strings are accepted as single tokens") {
  struct Case {
    std::string text;
    Tokens tokens;
  };
  const std::vector<Case> cases = {
      {"a\\.b x\n", {"a\\.b", "x"}},
      {"a\\ b x\n", {"a\\ b", "x"}},            // escaped space stays in the token
      {"x\\;y z\n", {"x\\;y", "z"}},            // escaped ';' is not a comment
      {"\\(x\\) y\n", {"\\(x\\)", "y"}},        // escaped parentheses are not grouping
      {"a\\\"b c\n", {"a\\\"b", "c"}},          // escaped quote inside a word
      {"a\\\\ b\n", {"a\\\\", "b"}},            // escaped backslash
      {"\\065\\066 x\n", {"\\065\\066", "x"}},  // \DDD (decoded later)
      {"x \"a\\\"b\"\n", {"x", "\"a\\\"b\""}},  // escaped quote inside quotes
      {"x \"semi;colon\"\n", {"x", "\"semi;colon\""}},
      {"x \"(paren)\"\n", {"x", "\"(paren)\""}},
      {"x \"line\\\nbreak\"\n", {"x", "\"line\\\nbreak\""}},  // escaped line end inside quotes
      {"x \"\"\n", {"x", "\"\""}},                            // empty quoted string
      {"x abc\"def\"ghi\n", {"x", "abc", "\"def\"", "ghi"}},  // quotes split words, as in BIND
      {"x a;comment\n", {"x", "a"}},
      {"x\ty  ; comment \"not a string\n", {"x", "y"}},
      {"\xc3\xa9t\xc3\xa9 x\n", {"\xc3\xa9t\xc3\xa9", "x"}},  // UTF-8 bytes are ordinary
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const Lexed r = lex(c.text);
    CHECK(r.ok);
    CHECK(r.error.empty());
    CHECK(r.tokens == c.tokens);
    CHECK(r.consumed == c.text.size());
  }
}

TEST_CASE("grammar: broken escapes and quotes are rejected where they break") {
  struct Case {
    std::string text;
    std::size_t at;  // byte offset of the error
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {"x ab\\\ny\n", 5, "backslash"},  // backslash before the line end
      {"x ab\\", 5, "backslash"},       // backslash at the end of the file
      {"x \"unterminated\n", 15, "unterminated quoted string"},
      {"x \"unterminated", 15, "unterminated quoted string"},
      {"x ( \"a\nb\" )\n", 6, "unterminated quoted string"},  // not even inside parentheses
      {"x \"ends with backslash\\", 23, "backslash inside quotes"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const Lexed r = lex(c.text);
    CHECK_FALSE(r.ok);
    CHECK(r.error_at == c.at);
    CHECK(r.error.find(c.message_part) != std::string::npos);
  }
}

TEST_CASE("grammar: parentheses join lines and may open and close anywhere between tokens") {
  struct Case {
    std::string text;
    Tokens tokens;
  };
  const std::vector<Case> cases = {
      {"@ SOA ns hm (\n 1 ; serial\n 2 3 4 5 )\n",
       {"@", "SOA", "ns", "hm", "1", "2", "3", "4", "5"}},
      {"x TXT ((a) b)\n", {"x", "TXT", "a", "b"}},      // nested
      {"x TXT (a)(b)\n", {"x", "TXT", "a", "b"}},       // adjacent groups
      {"( x ) IN TXT a\n", {"x", "IN", "TXT", "a"}},    // around the owner
      {"x ( IN\n TXT ) a\n", {"x", "IN", "TXT", "a"}},  // across the type
      {"x TXT ( a\n\n; only a comment\n\n b )\n", {"x", "TXT", "a", "b"}},
      {"x TXT ()\n", {"x", "TXT"}},
      {"x TXT ( a\r\n b )\r\n", {"x", "TXT", "a", "b"}},              // CRLF
      {"x TXT ( a\r b )\r", {"x", "TXT", "a", "b"}},                  // lone CR
      {"x TXT ( \"a)b\" )\n", {"x", "TXT", "\"a)b\""}},               // ')' inside quotes
      {"x TXT ( a ; ) not closing\n b )\n", {"x", "TXT", "a", "b"}},  // ')' inside a comment
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const Lexed r = lex(c.text);
    CHECK(r.ok);
    CHECK(r.tokens == c.tokens);
    CHECK(r.consumed == c.text.size());
  }
}

TEST_CASE("grammar: unbalanced parentheses are rejected") {
  {
    const Lexed r = lex("x TXT a )\n");
    CHECK_FALSE(r.ok);
    CHECK(r.error_at == 8);
    CHECK(r.error.find("no '(' is open") != std::string::npos);
  }
  {
    const Lexed r = lex("x TXT ( a\n b\n");
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("never closed") != std::string::npos);
  }
  {
    const Lexed r = lex("x TXT ((a)\n");
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("never closed") != std::string::npos);
  }
  {
    std::string deep = "x TXT " + std::string(200, '(') + "a" + std::string(200, ')') + "\n";
    const Lexed r = lex(deep);
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("nested too deeply") != std::string::npos);
  }
  {
    std::string ok = "x TXT " + std::string(64, '(') + "a" + std::string(64, ')') + "\n";
    CHECK(lex(ok).ok);
  }
}

TEST_CASE("grammar: an entry ends at the line end, a comment, or the end of the file") {
  CHECK(lex("x A 1.2.3.4").consumed == 11);  // no final newline
  CHECK(lex("x A 1.2.3.4\ny A 1.2.3.5\n").consumed == 12);
  CHECK(lex("x A 1.2.3.4\r\ny\n").consumed == 13);
  CHECK(lex("x A 1.2.3.4\ry\n").consumed == 12);
  CHECK(lex("; only a comment\nx\n").consumed == 17);
  CHECK(lex("\n").consumed == 1);
  CHECK(lex("   \t \n").tokens.empty());
  // Entry after entry, as the loader reads a file.
  const std::string file = "a A 1\n\n b A 2 ; c\n( c\n ) A 3";
  std::size_t pos = 0, entries = 0;
  while (pos < file.size()) {
    const Lexed r = lex(file.substr(pos));
    REQUIRE(r.ok);
    REQUIRE(r.consumed > 0);
    pos += r.consumed;
    ++entries;
  }
  CHECK(entries == 4);
  CHECK(matches_whole<g::rdata_text>("10 ( mail ) ; comment"));
  CHECK_FALSE(matches_whole<g::rdata_text>("10 mail )"));
}

TEST_CASE("grammar: TTL units, any case, any order, a bare number after a unit is not a TTL") {
  const std::vector<std::string> accept = {"0",          "3600",  "00010", "2147483648",
                                           "1w2d3h4m5s", "1H30M", "30m1h", "1h1h",
                                           "1W",         "5s",    "1d0s",  "4294967295"};
  const std::vector<std::string> reject = {"",   "h",  "1h30", "1x",   "1hh", "-1",  "1.5h",
                                           " 1", "1 ", "w1",   "0x10", "1h-", "1e3", "1ms1"};
  for (const auto& t : accept) {
    INFO(t);
    CHECK(matches_whole<g::ttl_text>(t));
  }
  for (const auto& t : reject) {
    INFO(t);
    CHECK_FALSE(matches_whole<g::ttl_text>(t));
  }
}

TEST_CASE("grammar: $GENERATE ranges and templates") {
  for (std::string t : {"0-7", "1-1", "1-10/2", "1024-1026", "19-28/2147483645"}) {
    INFO(t);
    CHECK(matches_whole<g::generate_range>(t));
  }
  for (std::string t :
       {"", "1", "9--10", "1-3/", "-1-3", "1-", "a-b", "1-3/x", "1 - 3", "1-3/2/2"}) {
    INFO(t);
    CHECK_FALSE(matches_whole<g::generate_range>(t));
  }
  for (std::string t :
       {"host$", "$", "$$", "\\$", "h\\$$$$", "${1}", "${-5}", "${+5}", "${0,3}", "${0,3,n}",
        "${-2000,0,N}", "1.2.3.${1,0,d}", "${0,4,x}", "${1,2,o}.${1,2,X}", "plain", "a\\"}) {
    INFO(t);
    CHECK(matches_whole<g::generate_template>(t));
  }
  for (std::string t : {"${", "${}", "${1", "${1000", "${1,}", "${1,3,}", "${1,3,q}",
                        "${1,0,dgarbage}", "${a}", "${1,3,d"}) {
    INFO(t);
    CHECK_FALSE(matches_whole<g::generate_template>(t));
  }
}
