// TTL and time-period text as BIND reads it (dns_ttl_fromtext): plain seconds (`3600`), or one
// or more number+unit pairs in any order and any case (`1w2d3h4m5s`, `1H30M`, `30m1h`), the
// units w, d, h, m and s. A bare number after a unit (`1h30`) is refused, as BIND does. The
// value is at most 2^32-1 seconds in total; callers apply the RFC 2181 §8 limit themselves.
#pragma once

#include <cstdint>
#include <string_view>

namespace zl {

enum class TtlResult {
  ok,
  not_ttl,  // not TTL syntax (empty, over 64 bytes, a stray character, a bare trailing number)
  too_big,  // TTL syntax, but a number or the total is above 2^32-1
};

// Sets `out` only on ok.
TtlResult parse_ttl(std::string_view text, std::uint32_t& out);

}  // namespace zl
