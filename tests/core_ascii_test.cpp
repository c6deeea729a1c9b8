// core/ascii: case-insensitive comparison that only folds A-Z.
#include <catch2/catch.hpp>

#include <string>

#include "core/ascii.hpp"

TEST_CASE("ascii: lower and upper change only ASCII letters") {
  CHECK(zl::ascii_lower('A') == 'a');
  CHECK(zl::ascii_lower('Z') == 'z');
  CHECK(zl::ascii_lower('a') == 'a');
  CHECK(zl::ascii_lower('@') == '@');  // just below 'A'
  CHECK(zl::ascii_lower('[') == '[');  // just above 'Z'
  CHECK(zl::ascii_upper('a') == 'A');
  CHECK(zl::ascii_upper('`') == '`');
  CHECK(zl::ascii_upper('{') == '{');
  // Latin-1 capitals (0xC0..0xDE) are bytes of UTF-8 sequences here, never folded.
  CHECK(zl::ascii_lower(static_cast<unsigned char>(0xC4)) == 0xC4);
  CHECK(zl::ascii_lower(static_cast<char>(0xC4)) == static_cast<char>(0xC4));
  CHECK(zl::ascii_lowercase("MiXeD.Example.COM.") == "mixed.example.com.");
  CHECK(zl::ascii_lowercase(std::string("\xC3\x84Z", 3)) == std::string("\xC3\x84z", 3));
}

TEST_CASE("ascii: iequals ignores letter case and nothing else") {
  CHECK(zl::iequals("$INCLUDE", "$include"));
  CHECK(zl::iequals("", ""));
  CHECK_FALSE(zl::iequals("IN", "INN"));
  CHECK_FALSE(zl::iequals("a", "b"));
  // '@' and '`' differ from 'A'/'a' only in bit 0x20 of a non-letter: not equal.
  CHECK_FALSE(zl::iequals("@", "`"));
  CHECK_FALSE(zl::iequals("[", "{"));
  CHECK(zl::iequals(std::string_view("a\0B", 3), std::string_view("A\0b", 3)));
  static_assert(zl::iequals("NOTIFY", "notify"));
}

TEST_CASE("ascii: prefix and suffix tests ignore letter case") {
  CHECK(zl::iends_with("example.com.ZONE", ".zone"));
  CHECK(zl::iends_with(".db", ".DB"));
  CHECK_FALSE(zl::iends_with("db", ".db"));
  CHECK(zl::istarts_with("DB.example.com", "db."));
  CHECK(zl::istarts_with("XN--bcher-kva", "xn--"));
  CHECK_FALSE(zl::istarts_with("x", "xn--"));
  CHECK(zl::istarts_with("anything", ""));
  CHECK(zl::iends_with("anything", ""));
}
