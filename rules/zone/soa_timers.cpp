// soa-timers: SOA refresh, retry, expire and minimum outside the recommended ranges.
#include <charconv>

#include "lint/rule_support.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

struct Threshold {
  std::string_view option;
  std::uint32_t fallback;
};
constexpr Threshold kRefreshMin{"refresh-min", 1200};
constexpr Threshold kRetryMin{"retry-min", 0};
constexpr Threshold kExpireMin{"expire-min", 604800};
constexpr Threshold kMinimumMin{"minimum-min", 300};
constexpr Threshold kMinimumMax{"minimum-max", 86400};

std::optional<std::uint32_t> number(std::string_view v) {
  std::uint32_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || v.empty()) return std::nullopt;
  return n;
}

std::string validate_number(std::string_view v) {
  return number(v) ? "" : "not a number of seconds (0 to 4294967295)";
}

std::uint32_t get(const RuleContext& ctx, const Zone& z, const Threshold& t) {
  const auto& v = ctx.option(z, kSoaTimers.id, t.option);
  if (v.empty()) return t.fallback;
  return number(v.back()).value_or(t.fallback);
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    for (auto i : z->records_at(z->origin, rrtype::SOA)) {
      const Record& r = z->records[i];
      if (r.has(kValueUnknown)) continue;
      auto soa = as_soa(*z, r);
      if (!soa) continue;
      const std::uint32_t refresh_min = get(ctx, *z, kRefreshMin),
                          retry_min = get(ctx, *z, kRetryMin),
                          expire_min = get(ctx, *z, kExpireMin),
                          minimum_min = get(ctx, *z, kMinimumMin),
                          minimum_max = get(ctx, *z, kMinimumMax);
      struct Problem {
        std::size_t field;
        std::string text;
      };
      std::vector<Problem> p;
      const auto s = [](std::uint32_t v) { return std::to_string(v); };
      if (soa->refresh < refresh_min)
        p.push_back({3, "refresh " + s(soa->refresh) + " is below " + s(refresh_min)});
      if (soa->retry >= soa->refresh)
        p.push_back({4, "retry " + s(soa->retry) + " is not below refresh " + s(soa->refresh)});
      else if (soa->retry < retry_min)
        p.push_back({4, "retry " + s(soa->retry) + " is below " + s(retry_min)});
      const std::uint64_t rr = std::uint64_t{soa->refresh} + soa->retry;
      if (soa->expire < expire_min)
        p.push_back({5, "expire " + s(soa->expire) + " is below " + s(expire_min)});
      else if (soa->expire < rr)
        p.push_back({5, "expire " + s(soa->expire) + " is below refresh + retry (" +
                            std::to_string(rr) + ")"});
      if (soa->minimum < minimum_min)
        p.push_back({6, "minimum (negative-caching TTL) " + s(soa->minimum) + " is below " +
                            s(minimum_min)});
      else if (soa->minimum > minimum_max)
        p.push_back({6, "minimum (negative-caching TTL) " + s(soa->minimum) + " is above " +
                            s(minimum_max)});
      if (p.empty()) continue;
      std::string msg = "SOA timers: ";
      for (std::size_t k = 0; k < p.size(); ++k) msg += (k ? "; " : "") + p[k].text;
      msg +=
          ". Secondaries refresh too often or too rarely, give up too early, or cache "
          "negative answers too long or too short (RFC 1912 §2.2, RFC 2308 §5)";
      Diagnostic d =
          make_finding(kSoaTimers, *z, r, field_span(ctx.sources(), *z, r, p.front().field), msg);
      for (std::size_t k = 1; k < p.size(); ++k)
        add_note(d, field_span(ctx.sources(), *z, r, p[k].field), p[k].text);
      out.add(std::move(d));
    }
  }
}

constexpr RuleOptionSpec kOptions[] = {
    {"refresh-min", "Lowest refresh, in seconds (default 1200, RFC 1912 §2.2; Zonemaster: 14400).",
     &validate_number},
    {"retry-min", "Lowest retry, in seconds (default 0: off; Zonemaster: 3600).", &validate_number},
    {"expire-min", "Lowest expire, in seconds (default 604800).", &validate_number},
    {"minimum-min", "Lowest minimum (negative-caching TTL), in seconds (default 300).",
     &validate_number},
    {"minimum-max", "Highest minimum (negative-caching TTL), in seconds (default 86400).",
     &validate_number},
};

}  // namespace

const Rule kSoaTimers{
    "soa-timers",
    Severity::warning,
    {},
    RuleDoc{
        "SOA refresh, retry, expire or minimum outside the recommended ranges",
        "Checks the timers of the apex SOA against RFC 1912 §2.2 and Zonemaster's ZONE tests: "
        "refresh at least 1200 (RFC 1912's lower bound), retry below refresh (Zonemaster "
        "ZONE03), expire at least 604800, a week (Zonemaster ZONE05), and not below refresh + "
        "retry, and the minimum field, the negative-caching TTL (RFC 2308 §4), between 300 "
        "and 86400 (Zonemaster ZONE06). One finding per SOA names every value out of range; "
        "it points at the first, with a note at each other. The thresholds are options. "
        "Zonemaster's stricter refresh (14400) and retry (3600) minimums are only notices "
        "there and would flag the defaults of Route 53 (7200/900) and Cloudflare "
        "(10000/2400), so they are off by default: set `refresh-min` and `retry-min` to "
        "apply them.",
        "Secondaries poll the primary every refresh, retry after a failure every retry, and "
        "stop serving the zone after expire without contact. A retry not below refresh makes "
        "retries pointless, an expire shorter than refresh + retry lets the zone expire "
        "after one failed poll, and a short expire drops the zone during a brief outage of "
        "the primary. The minimum is how long resolvers cache NXDOMAIN: too long hides new "
        "names, too short loads the servers.",
        "$ORIGIN example.com.\n@  SOA  ns1 hostmaster 1 3600 3600 3600 3600\n",
        "$ORIGIN example.com.\n@  SOA  ns1 hostmaster 1 14400 3600 1209600 3600\n",
        "`refresh-min` (default 1200), `retry-min` (0), `expire-min` (604800), `minimum-min` "
        "(300), `minimum-max` (86400): each a list with one number of seconds. Example, for "
        "Zonemaster's thresholds:\n\n"
        "    rules:\n      soa-timers:\n        refresh-min: [\"14400\"]\n"
        "        retry-min: [\"3600\"]\n",
        "RFC 1912 §2.2; RFC 2308 §4, §5; RFC 1035 §3.3.13",
    },
    "soa,zone",
    &check,
    kOptions,
};

}  // namespace zl::rules
