// core/ttl: BIND's TTL syntax (plain seconds or number+unit pairs).
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "core/ttl.hpp"

namespace {
// The value, or -1 for not TTL syntax and -2 for too big.
std::int64_t ttl(std::string_view text) {
  std::uint32_t v = 12345;
  switch (zl::parse_ttl(text, v)) {
    case zl::TtlResult::ok:
      return v;
    case zl::TtlResult::not_ttl:
      CHECK(v == 12345);  // untouched
      return -1;
    case zl::TtlResult::too_big:
      CHECK(v == 12345);
      return -2;
  }
  return -3;
}
}  // namespace

TEST_CASE("ttl: plain seconds") {
  CHECK(ttl("0") == 0);
  CHECK(ttl("3600") == 3600);
  CHECK(ttl("4294967295") == 4294967295);
  CHECK(ttl("0000000000000000000000000000086400") == 86400);  // leading zeros, as BIND
}

TEST_CASE("ttl: units in any order and any case add up") {
  CHECK(ttl("1w2d3h4m5s") == 7 * 86400 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
  CHECK(ttl("1W2D3H4M5S") == ttl("1w2d3h4m5s"));
  CHECK(ttl("1H30M") == 5400);
  CHECK(ttl("30m1h") == 5400);
  CHECK(ttl("1h1h") == 7200);
  CHECK(ttl("90s") == 90);
  CHECK(ttl("0s") == 0);
}

TEST_CASE("ttl: malformed text is not a TTL") {
  for (const char* t : {"", "h", "1h30", "1x", "1.5h", "-1", "+1", " 1", "1 ", "1hh", "IN", "1y",
                        "0x10", "1h 30m"}) {
    INFO("'" << t << "'");
    CHECK(ttl(t) == -1);
  }
  CHECK(ttl(std::string(64, '1') + "x") == -1);
  CHECK(ttl(std::string(65, '0')) == -1);  // over 64 bytes
}

TEST_CASE("ttl: a number or a total above 2^32-1 is too big") {
  CHECK(ttl("4294967296") == -2);
  CHECK(ttl("99999999999999999999999") == -2);  // beyond 64 bits
  CHECK(ttl("4294967296s") == -2);
  CHECK(ttl("7102w") == -2);  // 7102 weeks: 4,295,289,600 s
  CHECK(ttl("7101w") == 7101ll * 604800);
  CHECK(ttl("4294967295s1s") == -2);  // the sum overflows
  CHECK(ttl("49710d") == 4294944000);
  CHECK(ttl("49710d6h28m16s") == -2);
  CHECK(ttl("49710d6h28m15s") == 4294967295);
  // Syntax is checked first: a huge number followed by garbage is not a TTL.
  CHECK(ttl("99999999999999999999999x") == -1);
}
