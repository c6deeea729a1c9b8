// rrsig-validity: an RRSIG whose validity period does not include the check time, or ends
// soon after it; an RRSIG that no DNSKEY at the apex can have made.
#include <charconv>
#include <cstdint>
#include <string>

#include "lint/rule_support.hpp"
#include "rules/dnssec/dnssec_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

constexpr std::uint32_t kDefaultWarnDays = 7;

std::optional<std::uint32_t> days(std::string_view v) {
  std::uint32_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || v.empty() || n > 24855) return std::nullopt;
  return n;
}

std::string validate_days(std::string_view v) {
  return days(v) ? "" : "not a number of days (0 to 24855)";
}

std::uint32_t warn_days(const RuleContext& ctx, const Zone& z) {
  const auto& v = ctx.option(z, kRrsigValidity.id, "expiry-warning-days");
  if (v.empty()) return kDefaultWarnDays;
  return days(v.back()).value_or(kDefaultWarnDays);
}

std::string plural(std::int64_t n, const char* unit) {
  return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
}

// "3 days", "5 hours", "12 minutes": a rounded-down duration for messages.
std::string duration(std::int64_t secs) {
  constexpr std::int64_t kDay = 86400, kHour = 3600;
  if (secs >= 2 * kDay) return plural(secs / kDay, "day");
  if (secs >= 2 * kHour) return plural(secs / kHour, "hour");
  if (secs >= 120) return plural(secs / 60, "minute");
  return plural(secs, "second");
}

void check(const RuleContext& ctx, Diagnostics& out) {
  const std::int64_t now = ctx.check_time();
  const auto now32 = static_cast<std::uint32_t>(now);
  const std::string now_text = dnssec::time_text(now);
  for (const Zone* z : ctx.zones()) {
    const std::vector<dnssec::ZoneKey> keys = dnssec::apex_keys(*z);
    const std::int64_t window = std::int64_t{warn_days(ctx, *z)} * 86400;
    for (const std::uint32_t i : z->records_of_type(rrtype::RRSIG)) {
      const Record& r = z->records[i];
      if (r.has(kValueUnknown) || !in_zone(*z, r)) continue;
      const auto sig = dnssec::parse_rrsig(z->rdata(r));
      if (!sig || !dnssec::authoritative_signature(*z, z->owner(r), sig->covered)) continue;
      const std::string what = "RRSIG " + type_name(sig->covered) + " of " + quoted(z->owner(r)) +
                               " (key tag " + std::to_string(sig->key_tag) + ", algorithm " +
                               std::to_string(sig->algorithm) + ")";
      const std::int64_t since = dnssec::serial_distance(now32, sig->inception);
      const std::int64_t left = dnssec::serial_distance(sig->expiration, now32);
      const std::string inception = dnssec::signature_time_text(sig->inception, now);
      const std::string expiration = dnssec::signature_time_text(sig->expiration, now);
      if (dnssec::serial_distance(sig->expiration, sig->inception) < 0) {
        out.add(make_finding(kRrsigValidity, *z, r, field_span(ctx.sources(), *z, r, 4),
                             what + " expires at " + expiration + ", before its inception " +
                                 inception + ": it is never valid (RFC 4034 §3.1.5); re-sign"));
      } else if (since < 0) {
        out.add(make_finding(kRrsigValidity, *z, r, field_span(ctx.sources(), *z, r, 5),
                             what + " is not valid yet: its inception " + inception +
                                 " is after the check time " + now_text +
                                 " (RFC 4034 §3.1.5); validators treat the RRset as bogus until "
                                 "then"));
      } else if (left < 0) {
        out.add(make_finding(kRrsigValidity, *z, r, field_span(ctx.sources(), *z, r, 4),
                             what + " expired at " + expiration + ", " + duration(-left) +
                                 " before the check time " + now_text +
                                 " (RFC 4034 §3.1.5); validators treat the RRset as bogus: "
                                 "re-sign the zone"));
      } else if (left < window) {
        Diagnostic d = make_finding(kRrsigValidity, *z, r, field_span(ctx.sources(), *z, r, 4),
                                    what + " expires at " + expiration + ", " + duration(left) +
                                        " after the check time " + now_text +
                                        " (RFC 4034 §3.1.5); re-sign before then");
        d.severity = Severity::warning;
        out.add(std::move(d));
      }
      // The key that made it: a zone key at the apex with its algorithm and key tag.
      if (ctx.incomplete(*z)) continue;
      if (!(sig->signer == z->origin)) {
        out.add(make_finding(kRrsigValidity, *z, r, field_span(ctx.sources(), *z, r, 7),
                             what + " names the signer " + quoted(sig->signer) +
                                 ", not the zone apex " + quoted(z->origin) +
                                 ": every RRSIG of a zone is made with the zone's own keys (RFC "
                                 "4035 §2.2)"));
        continue;
      }
      if (!dnssec::matching_keys(keys, *sig).empty()) continue;
      std::string why = keys.empty() ? "the apex has no DNSKEY" : "no zone key at the apex has it";
      out.add(make_finding(kRrsigValidity, *z, r, field_span(ctx.sources(), *z, r, 6),
                           what + " matches no DNSKEY: " + why +
                               " (key tags per RFC 4034 Appendix B), so no validator can "
                               "verify it; publish the key or re-sign with a published one"));
    }
  }
}

constexpr RuleOptionSpec kOptions[] = {
    {"expiry-warning-days",
     "A valid RRSIG that expires less than this many days after the check time is a warning "
     "(default 7; 0 turns the warning off).",
     &validate_days},
};

}  // namespace

const Rule kRrsigValidity{
    "rrsig-validity",
    Severity::error,
    {},
    RuleDoc{
        "RRSIG outside its validity period at the check time, expiring soon, or made by no "
        "DNSKEY at the apex",
        "Compares each RRSIG's inception and expiration (RFC 4034 §3.1.5, in serial number "
        "arithmetic, RFC 1982, so that dates after 2106 work) with the check time: `--time` "
        "(RFC 3339, YYYYMMDDHHMMSS or Unix seconds), else the current time. An RRSIG that has "
        "expired, is not valid yet, or expires before its inception is an error at the "
        "expiration or inception field; one that expires within the warning window (7 days "
        "by default) is a warning. It also computes the key tag of each DNSKEY at the zone's "
        "apex (RFC 4034 Appendix B) and reports, at the key tag field, an RRSIG whose "
        "algorithm and key tag match no zone key there, and at the signer field an RRSIG "
        "whose signer is not the zone apex. Whether the signature itself verifies is "
        "`rrsig-invalid`.",
        "A validating resolver treats an RRset whose only signatures are expired (or not yet "
        "valid, or made by a key it cannot find) as bogus and answers SERVFAIL: the whole "
        "signed zone disappears for every user behind a validator, which is most of the "
        "Internet. Expired signatures are the most common DNSSEC outage, usually a signer "
        "that stopped running. `kzonecheck -d on` refuses such a zone; the warning window "
        "gives time to re-sign before it happens.",
        "$ORIGIN example.com.\n@  RRSIG  SOA 13 2 3600 20200201000000 20200101000000 31589 "
        "example.com. (...)\n",
        "$ORIGIN example.com.\n@  RRSIG  SOA 13 2 3600 20260301000000 20260101000000 31589 "
        "example.com. (...)  ; re-signed, by a key the apex publishes\n",
        "`expiry-warning-days`: a valid RRSIG that expires less than this many days after the "
        "check time is a warning (default 7; 0 turns the warning off).",
        "RFC 4034 §3.1.5, Appendix B; RFC 1982; RFC 4035 §2.2, §5.3.1",
    },
    "dnssec",
    &check,
    kOptions,
};

}  // namespace zl::rules
