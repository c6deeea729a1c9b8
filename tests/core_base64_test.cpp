// The base64 alphabet (RFC 4648 §4, Table 1).
#include <catch2/catch.hpp>

#include <string_view>

#include "core/base64.hpp"

TEST_CASE("core base64: every digit of the alphabet has its value, nothing else has one") {
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < kAlphabet.size(); ++i)
    CHECK(zl::base64_value(kAlphabet[i]) == int(i));
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    if (kAlphabet.find(ch) == std::string_view::npos) CHECK(zl::base64_value(ch) == -1);
  }
  // Padding and the URL-safe alphabet's digits (RFC 4648 §5) are not digits here.
  CHECK(zl::base64_value('=') == -1);
  CHECK(zl::base64_value('-') == -1);
  CHECK(zl::base64_value('_') == -1);
}
