#include "core/ttl.hpp"

#include <charconv>

#include "core/ascii.hpp"

namespace zl {

namespace {

constexpr std::uint64_t kMax = 0xffffffffull;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::uint64_t unit_seconds(char unit) {
  switch (ascii_lower(unit)) {
    case 'w':
      return 7ull * 24 * 3600;
    case 'd':
      return 24ull * 3600;
    case 'h':
      return 3600;
    case 'm':
      return 60;
    case 's':
      return 1;
    default:
      return 0;
  }
}

// The end of the run of digits starting at `i`.
std::size_t digits_end(std::string_view text, std::size_t i) {
  while (i < text.size() && is_digit(text[i])) ++i;
  return i;
}

}  // namespace

TtlResult parse_ttl(std::string_view text, std::uint32_t& out) {
  // Syntax first, so that "99999999999x" is not TTL syntax rather than too big.
  if (text.empty() || text.size() > 64) return TtlResult::not_ttl;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t j = digits_end(text, i);
    if (j == i) return TtlResult::not_ttl;
    if (j == text.size()) {
      if (i != 0) return TtlResult::not_ttl;  // a bare number after a unit
      break;
    }
    if (unit_seconds(text[j]) == 0) return TtlResult::not_ttl;
    i = j + 1;
  }

  std::uint64_t total = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t j = digits_end(text, i);
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data() + i, text.data() + j, n);
    if (ec != std::errc() || end != text.data() + j || n > kMax) return TtlResult::too_big;
    const std::uint64_t mult = j < text.size() ? unit_seconds(text[j]) : 1;
    total += n * mult;  // n < 2^32 and mult < 2^20: no overflow, and total stays below 2^33
    if (total > kMax) return TtlResult::too_big;
    i = j + 1;
  }
  out = static_cast<std::uint32_t>(total);
  return TtlResult::ok;
}

}  // namespace zl
