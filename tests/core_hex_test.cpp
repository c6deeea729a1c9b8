// core/hex: base16 digits, encoding and decoding.
#include <catch2/catch.hpp>

#include <string>

#include "core/hex.hpp"

TEST_CASE("hex: digit values in both cases and -1 for anything else") {
  CHECK(zl::hex_value('0') == 0);
  CHECK(zl::hex_value('9') == 9);
  CHECK(zl::hex_value('a') == 10);
  CHECK(zl::hex_value('F') == 15);
  for (char c : std::string("gG/:@`xX \0", 10)) {
    INFO("character " << static_cast<int>(c));
    CHECK(zl::hex_value(c) == -1);
    CHECK_FALSE(zl::is_hex_digit(c));
  }
  CHECK(zl::hex_value(static_cast<char>(0xB0)) == -1);
  CHECK(zl::hex_digit(10) == 'A');
  CHECK(zl::hex_digit(10, zl::HexCase::lower) == 'a');
  CHECK(zl::hex_digit(0x1F) == 'F');  // only the low nibble counts
}

TEST_CASE("hex: encoding writes two digits per byte in the case asked for") {
  CHECK(zl::encode_hex("") == "");
  CHECK(zl::encode_hex(std::string("\x00\x0f\xab\xff", 4)) == "000FABFF");
  CHECK(zl::encode_hex(std::string("\x00\x0f\xab\xff", 4), zl::HexCase::lower) == "000fabff");
}

TEST_CASE("hex: decoding accepts either case and appends to the output") {
  std::string out = "x";
  CHECK(zl::decode_hex("00fFaB", out));
  CHECK(out == std::string("x\x00\xff\xab", 4));
  std::string empty;
  CHECK(zl::decode_hex("", empty));
  CHECK(empty.empty());
}

TEST_CASE("hex: odd length or a non-hex character is refused and leaves the output alone") {
  std::string out = "keep";
  CHECK_FALSE(zl::decode_hex("abc", out));
  CHECK_FALSE(zl::decode_hex("a", out));
  CHECK_FALSE(zl::decode_hex("0g", out));
  CHECK_FALSE(zl::decode_hex("00 11", out));
  CHECK_FALSE(zl::decode_hex("0x00", out));
  CHECK_FALSE(zl::decode_hex("aabbccdd-e", out));
  CHECK(out == "keep");
}

TEST_CASE("hex: encoding then decoding gives every byte back") {
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  std::string back;
  REQUIRE(zl::decode_hex(zl::encode_hex(all), back));
  CHECK(back == all);
  back.clear();
  REQUIRE(zl::decode_hex(zl::encode_hex(all, zl::HexCase::lower), back));
  CHECK(back == all);
}
