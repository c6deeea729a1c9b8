// core/utf8: strict RFC 3629 decoding.
#include <catch2/catch.hpp>

#include <string>

#include "core/utf8.hpp"

namespace {
std::string bytes(std::initializer_list<int> b) {
  std::string s;
  for (int c : b) s.push_back(static_cast<char>(c));
  return s;
}
}  // namespace

TEST_CASE("utf8: well-formed characters of each length decode to their code point") {
  const std::string s = bytes({'a', 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80});
  auto d = zl::utf8::decode(s, 0);
  CHECK((d.valid && d.code_point == U'a' && d.length == 1));
  d = zl::utf8::decode(s, 1);
  CHECK((d.valid && d.code_point == 0xE9 && d.length == 2));
  d = zl::utf8::decode(s, 3);
  CHECK((d.valid && d.code_point == 0x20AC && d.length == 3));
  d = zl::utf8::decode(s, 6);
  CHECK((d.valid && d.code_point == 0x1F600 && d.length == 4));
  CHECK(zl::utf8::is_valid(s));
  CHECK(zl::utf8::is_valid(""));
}

TEST_CASE("utf8: the boundaries of each length are accepted") {
  for (const std::string& s :
       {bytes({0x7F}), bytes({0xC2, 0x80}), bytes({0xDF, 0xBF}), bytes({0xE0, 0xA0, 0x80}),
        bytes({0xED, 0x9F, 0xBF}), bytes({0xEE, 0x80, 0x80}), bytes({0xEF, 0xBF, 0xBF}),
        bytes({0xF0, 0x90, 0x80, 0x80}), bytes({0xF4, 0x8F, 0xBF, 0xBF})}) {
    INFO("length " << s.size());
    const auto d = zl::utf8::decode(s, 0);
    CHECK(d.valid);
    CHECK(d.length == s.size());
  }
}

TEST_CASE("utf8: overlong forms are refused") {
  for (const std::string& s : {bytes({0xC0, 0x80}), bytes({0xC1, 0xBF}), bytes({0xE0, 0x80, 0x80}),
                               bytes({0xE0, 0x9F, 0xBF}), bytes({0xF0, 0x80, 0x80, 0x80}),
                               bytes({0xF0, 0x8F, 0xBF, 0xBF})}) {
    const auto d = zl::utf8::decode(s, 0);
    CHECK_FALSE(d.valid);
    CHECK(d.length == 1);
    CHECK(zl::utf8::first_invalid(s) == 0);
  }
}

TEST_CASE("utf8: surrogates and code points above U+10FFFF are refused") {
  CHECK_FALSE(zl::utf8::decode(bytes({0xED, 0xA0, 0x80}), 0).valid);        // U+D800
  CHECK_FALSE(zl::utf8::decode(bytes({0xED, 0xBF, 0xBF}), 0).valid);        // U+DFFF
  CHECK_FALSE(zl::utf8::decode(bytes({0xF4, 0x90, 0x80, 0x80}), 0).valid);  // U+110000
  CHECK_FALSE(zl::utf8::decode(bytes({0xF5, 0x80, 0x80, 0x80}), 0).valid);
  CHECK_FALSE(zl::utf8::decode(bytes({0xFF}), 0).valid);
}

TEST_CASE("utf8: truncated sequences and stray continuation bytes are refused") {
  CHECK_FALSE(zl::utf8::decode(bytes({0xC3}), 0).valid);
  CHECK_FALSE(zl::utf8::decode(bytes({0xE2, 0x82}), 0).valid);
  CHECK_FALSE(zl::utf8::decode(bytes({0xF0, 0x9F, 0x98}), 0).valid);
  CHECK_FALSE(zl::utf8::decode(bytes({0x80}), 0).valid);
  CHECK_FALSE(zl::utf8::decode(bytes({0xC3, 0x41}), 0).valid);  // continuation expected
  // A sequence cut by the end of the view is refused even when the bytes go on beyond it.
  const std::string whole = bytes({0xE2, 0x82, 0xAC});
  CHECK_FALSE(zl::utf8::decode(std::string_view(whole).substr(0, 2), 0).valid);
}

TEST_CASE("utf8: first_invalid names the offset of the first bad byte") {
  CHECK(zl::utf8::first_invalid("plain ascii") == std::string_view::npos);
  CHECK(zl::utf8::first_invalid(bytes({'a', 'b', 0xC3, 0xA9, 'c', 0xC3})) == 5);
  CHECK(zl::utf8::first_invalid(bytes({'a', 'b', 0xED, 0xA0, 0x80, 'c'})) == 2);
  CHECK_FALSE(zl::utf8::is_valid(bytes({0xEF, 0xBB})));
}

TEST_CASE("utf8: controls and bidirectional overrides are unsafe for a terminal") {
  CHECK(zl::utf8::is_unsafe_control(0x1B));    // ESC
  CHECK(zl::utf8::is_unsafe_control(0x7F));    // DEL
  CHECK(zl::utf8::is_unsafe_control(0x85));    // NEL (C1)
  CHECK(zl::utf8::is_unsafe_control(0x202E));  // RIGHT-TO-LEFT OVERRIDE
  CHECK(zl::utf8::is_unsafe_control(0x2066));  // LEFT-TO-RIGHT ISOLATE
  CHECK(zl::utf8::is_unsafe_control(0xFEFF));  // byte order mark
  CHECK_FALSE(zl::utf8::is_unsafe_control(U' '));
  CHECK_FALSE(zl::utf8::is_unsafe_control(0xE9));
  CHECK_FALSE(zl::utf8::is_unsafe_control(0x1F600));
}
