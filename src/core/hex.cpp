#include "core/hex.hpp"

namespace zl {

std::string encode_hex(std::string_view bytes, HexCase letter_case) {
  std::string s;
  s.reserve(bytes.size() * 2);
  for (const char b : bytes) {
    const auto c = static_cast<unsigned char>(b);
    s += hex_digit(c >> 4, letter_case);
    s += hex_digit(c, letter_case);
  }
  return s;
}

bool decode_hex(std::string_view text, std::string& out) {
  if (text.size() % 2 != 0) return false;
  for (const char c : text)
    if (!is_hex_digit(c)) return false;
  out.reserve(out.size() + text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2)
    out.push_back(static_cast<char>(hex_value(text[i]) * 16 + hex_value(text[i + 1])));
  return true;
}

}  // namespace zl
