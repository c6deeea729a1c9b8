// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates (U+D800..U+DFFF), nothing above
// U+10FFFF, no truncated sequence. The one decoder for readers (YAML, JSON) and reporters.
#pragma once

#include <cstddef>
#include <string_view>

namespace zl::utf8 {

struct Decoded {
  char32_t code_point = 0;
  std::size_t length = 1;  // bytes consumed; 1 for an invalid unit
  bool valid = false;
};

// Decodes the character starting at byte `i` (< s.size()). An invalid byte decodes as one
// invalid unit of length 1, so a caller can step over it and resynchronise.
inline Decoded decode(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return {b0, 1, true};
  std::size_t len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1Fu, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0Fu, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07u, min = 0x10000;
  } else {
    return {};
  }
  if (i + len > s.size()) return {};
  for (std::size_t k = 1; k < len; ++k) {
    const unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) return {};
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {cp, len, true};
}

// Offset of the first byte that does not start a well-formed character, or npos.
std::size_t first_invalid(std::string_view s);

inline bool is_valid(std::string_view s) {
  return first_invalid(s) == std::string_view::npos;
}

// Characters that must not reach a terminal raw: C0 controls (callers decide about tab), DEL,
// C1 controls, bidirectional embeddings/overrides/isolates and marks, line/paragraph
// separators and the byte order mark.
constexpr bool is_unsafe_control(char32_t c) {
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C || c == 0x2028 ||
         c == 0x2029 || c == 0xFEFF;
}

}  // namespace zl::utf8
