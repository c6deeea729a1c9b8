// Hexadecimal digits (RFC 4648 §8 "base16"): decoding accepts both cases, encoding writes the
// case asked for (upper case by default, as BIND and Knot print rdata).
#pragma once

#include <string>
#include <string_view>

namespace zl {

enum class HexCase { upper, lower };

// The value of a hex digit (0-15), or -1 when `c` is not one.
constexpr int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr bool is_hex_digit(char c) {
  return hex_value(c) >= 0;
}

// The digit for the low four bits of `nibble`.
constexpr char hex_digit(unsigned nibble, HexCase letter_case = HexCase::upper) {
  constexpr std::string_view kUpper = "0123456789ABCDEF";
  constexpr std::string_view kLower = "0123456789abcdef";
  return (letter_case == HexCase::upper ? kUpper : kLower)[nibble & 0x0fu];
}

// Two digits per byte.
std::string encode_hex(std::string_view bytes, HexCase letter_case = HexCase::upper);

// Appends the bytes that `text` (an even number of hex digits, either case, nothing else)
// encodes to `out`. False, with `out` unchanged, for an odd length or a non-hex character.
bool decode_hex(std::string_view text, std::string& out);

}  // namespace zl
