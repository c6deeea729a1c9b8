// The DNSSEC primitives of rules/dnssec (key tags, signature times, canonical form,
// verification) and the check time (--time).
#include <catch2/catch.hpp>

#include <ctime>
#include <map>
#include <string>

#include "lint/config.hpp"
#include "lint/context.hpp"
#include "lint/engine.hpp"
#include "load/loader.hpp"
#include "model/canonical_rdata.hpp"
#include "rules/dnssec/dnssec_common.hpp"

namespace {

using namespace zl;
using namespace std::string_literals;

const std::string kFixtures = ZONELINT_FIXTURES_DIR;

ZoneSet load(const std::string& path) {
  ZoneSet set;
  LoadOptions opts;
  opts.format = FormatChoice::zone;
  REQUIRE(load_file(set, path, opts));
  REQUIRE(set.zones.size() == 1);
  return set;
}

}  // namespace

TEST_CASE("dnssec: --time accepts RFC 3339, YYYYMMDDHHMMSS and Unix seconds") {
  const std::int64_t t = 1767225600;  // 2026-01-01T00:00:00Z
  CHECK(parse_check_time("2026-01-01T00:00:00Z") == t);
  CHECK(parse_check_time("2026-01-01t00:00:00z") == t);
  CHECK(parse_check_time("2026-01-01 00:00:00Z") == t);
  CHECK(parse_check_time("2026-01-01T01:30:00+01:30") == t);
  CHECK(parse_check_time("2025-12-31T19:00:00-05:00") == t);
  CHECK(parse_check_time("2026-01-01T00:00:00.999Z") == t);
  CHECK(parse_check_time("20260101000000") == t);
  CHECK(parse_check_time("1767225600") == t);
  CHECK(parse_check_time("0") == 0);
  CHECK(parse_check_time("2024-02-29T12:00:00Z") == 1709208000);  // a leap day
  CHECK(parse_check_time("20170822000000") == 1503360000);
  CHECK_FALSE(parse_check_time(""));
  CHECK_FALSE(parse_check_time("now"));
  CHECK_FALSE(parse_check_time("2026-01-01"));            // no time
  CHECK_FALSE(parse_check_time("2026-01-01T00:00:00"));   // no offset
  CHECK_FALSE(parse_check_time("2025-02-29T00:00:00Z"));  // not a leap year
  CHECK_FALSE(parse_check_time("2026-13-01T00:00:00Z"));
  CHECK_FALSE(parse_check_time("20261301000000"));
  CHECK_FALSE(parse_check_time("20260100000000"));
  CHECK_FALSE(parse_check_time("2026-01-01T24:00:00Z"));
  CHECK_FALSE(parse_check_time("2026-01-01T00:00:00Zx"));
  CHECK_FALSE(parse_check_time("-5"));
  CHECK_FALSE(parse_check_time("9999999999999"));
}

TEST_CASE("dnssec: signature times use serial number arithmetic across 2106") {
  CHECK(dnssec::time_text(1767225600) == "20260101000000");
  CHECK(dnssec::time_text(0) == "19700101000000");
  CHECK(dnssec::time_text(1709208000) == "20240229120000");
  // 2106-03-01 does not fit in 32 bits: written into an RRSIG it wraps to 1877504, which is
  // still after a check time of 2106-01-01 (RFC 4034 §3.1.5, RFC 1982).
  const std::int64_t now = 4291747200;  // 2106-01-01T00:00:00Z
  CHECK(dnssec::serial_distance(1877504u, static_cast<std::uint32_t>(now)) == 5097600);
  CHECK(dnssec::signature_time_text(1877504u, now) == "21060301000000");
  CHECK(dnssec::serial_distance(10u, 4294967290u) == 16);
  CHECK(dnssec::serial_distance(4294967290u, 10u) == -16);
}

TEST_CASE("dnssec: key tags agree with BIND's dnssec-keygen for six algorithms") {
  // The fixture was signed with keys whose tags dnssec-keygen chose (its file names).
  const ZoneSet set = load(kFixtures + "/rules/rrsig-validity/clean-algorithms.zone");
  std::map<int, int> tag_of;  // algorithm -> key tag
  for (const auto& k : dnssec::apex_keys(set.zones[0])) tag_of[k.key.algorithm] = k.key.key_tag;
  const std::map<int, int> bind{{8, 885},    {10, 47768}, {13, 63411},
                                {14, 63233}, {15, 44796}, {16, 2876}};
  CHECK(tag_of == bind);
  // RFC 4034 Appendix B.1: RSA/MD5 takes the third- and second-to-last octets.
  CHECK(dnssec::key_tag(std::string("\x01\x00\x03\x01\x03\x01\x00\x01\xab\xcd\xef", 11)) == 0xabcd);
}

TEST_CASE("dnssec: canonical rdata lower-cases the names of the RFC 4034 §6.2 types only") {
  const std::string mx = std::string(
      "\x00\x0a\x04MAIL\x07"
      "Example\x00",
      16);
  CHECK(canonical_rdata(rrtype::MX, mx) == std::string("\x00\x0a\x04mail\x07"
                                                       "example\x00",
                                                       16));
  const std::string srv = std::string("\x00\x00\x00\x05\x13\xc4\x03WWW\x00", 11);
  CHECK(canonical_rdata(rrtype::SRV, srv) ==
        std::string("\x00\x00\x00\x05\x13\xc4\x03www\x00", 11));
  // NAPTR: order, preference, three character-strings, then the replacement name.
  const std::string naptr = std::string(
      "\x00\x01\x00\x02\x01U\x03"
      "E2U\x00\x01X\x00",
      14);
  CHECK(canonical_rdata(rrtype::NAPTR, naptr) == std::string("\x00\x01\x00\x02\x01U\x03"
                                                             "E2U\x00\x01x\x00",
                                                             14));
  // RFC 6840 §5.1: NSEC's next name keeps its case; TXT has no names.
  const std::string nsec = std::string("\x03WWW\x00\x00\x01\x40", 8);
  CHECK(canonical_rdata(rrtype::NSEC, nsec) == nsec);
  CHECK(canonical_rdata(rrtype::TXT,
                        "\x02"
                        "AB") ==
        "\x02"
        "AB");
  // Truncated rdata is returned unchanged.
  CHECK(canonical_rdata(rrtype::MX, std::string("\x00\x0a\x05MA", 5)) ==
        std::string("\x00\x0a\x05MA", 5));
}

TEST_CASE("dnssec: a wildcard's signature verifies at a name it expands to, not after an edit") {
  const ZoneSet set = load(kFixtures + "/rules/rrsig-validity/clean-algorithms.zone");
  const Zone& z = set.zones[0];
  const auto keys = dnssec::apex_keys(z);
  const Name wild = *Name::parse("*.wild.example.org.", nullptr);
  const Name expanded = *Name::parse("a.b.wild.example.org.", nullptr);
  std::vector<std::string_view> rdatas;
  for (auto i : z.records_at(wild, rrtype::TXT)) rdatas.push_back(z.rdata(z.records[i]));
  REQUIRE(rdatas.size() == 1);
  std::size_t verified = 0;
  for (auto i : z.records_at(wild, rrtype::RRSIG)) {
    const auto sig = dnssec::parse_rrsig(z.rdata(z.records[i]));
    REQUIRE(sig);
    if (sig->covered != rrtype::TXT) continue;
    CHECK(sig->labels == 3);
    const auto match = dnssec::matching_keys(keys, *sig);
    REQUIRE(match.size() == 1);
    INFO("algorithm " << int(sig->algorithm));
    for (const Name& owner : {wild, expanded}) {
      const auto data = dnssec::signed_data(*sig, owner, rrclass::IN, rdatas);
      REQUIRE(data);
      CHECK(dnssec::verify(match[0]->key, *data, sig->signature));
    }
    const std::string edited = std::string("\x09wildcard!", 10);
    const auto bad = dnssec::signed_data(*sig, wild, rrclass::IN, {edited});
    CHECK_FALSE(dnssec::verify(match[0]->key, *bad, sig->signature));
    // More labels than the owner has: no signed data.
    auto more = *sig;
    more.labels = 4;
    CHECK_FALSE(dnssec::signed_data(more, wild, rrclass::IN, rdatas));
    ++verified;
  }
  CHECK(verified == 5);  // one per zone-signing key; the KSK signs only the DNSKEY RRset
}

TEST_CASE("dnssec: the engine judges RRSIGs at --time, else at the current time") {
  ZoneSet set = load(kFixtures + "/rules/rrsig-validity/clean.zone");
  const auto count = [&](std::optional<std::int64_t> t) {
    CliPolicy cli;
    cli.select = {"rrsig-validity"};
    cli.check_time = t;
    Config config(std::move(cli));
    return lint(set, config).diagnostics.size();
  };
  CHECK(count(1767225600) == 0);  // 2026-01-01: inside 2025-12-01 .. 2026-03-01
  // Each of the zone's 13 RRSIGs: not valid yet, expiring soon, expired.
  CHECK(count(1764000000) == 13);  // 2025-11-24
  CHECK(count(1772000000) == 13);  // 2026-02-25
  CHECK(count(1800000000) == 13);  // 2027
  // The default is the clock: the zone is clean from 2025-12-01 until 7 days before it
  // expires on 2026-03-01.
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  const bool valid = now >= 1764547200 && now < 1772323200 - 7 * 86400;
  CHECK(count(std::nullopt) == (valid ? 0u : 13u));
}

TEST_CASE("dnssec: NSEC3 hashes match RFC 5155 Appendix A") {
  dnssec::Nsec3Params p;
  p.algorithm = 1;
  p.iterations = 12;
  p.salt = std::string("\xaa\xbb\xcc\xdd", 4);
  const auto hash_of = [&](const char* name) {
    const auto h = dnssec::nsec3_hash(*Name::parse(name, nullptr), p);
    REQUIRE(h);
    return dnssec::base32hex(*h);
  };
  CHECK(hash_of("example.") == "0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM");
  CHECK(hash_of("a.example.") == "35MTHGPGCU1QG68FAB165KLNSNK3DPVL");
  CHECK(hash_of("ns1.example.") == "2T7B4G4VSA5SMI47K61MV5BV1A22BOJR");
  CHECK(hash_of("EXAMPLE.") == hash_of("example."));  // the canonical (lower-case) name
  const auto raw = dnssec::from_base32hex("0p9mhaveqvm6t7vbl5lop2u3t2rp3tom");
  REQUIRE(raw);
  CHECK(dnssec::base32hex(*raw) == "0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM");
  CHECK_FALSE(dnssec::from_base32hex("0P9W"));  // 'W' is not base32hex
  p.algorithm = 2;                              // no other hash algorithm is defined
  CHECK_FALSE(dnssec::nsec3_hash(*Name::parse("example.", nullptr), p));
}

TEST_CASE("dnssec: type bit maps decode per RFC 4034 §4.1.2") {
  using V = std::vector<std::uint16_t>;
  // Window 0: A (1) and NS (2); window 1: CAA (257) in its first octet's second bit.
  CHECK(dnssec::bitmap_types(std::string("\x00\x01\x60\x01\x01\x40", 6)) == V{1, 2, 257});
  // RFC 4034 §4.3: A MX RRSIG NSEC.
  CHECK(dnssec::bitmap_types(std::string("\x00\x06\x40\x01\x00\x00\x00\x03", 8)) ==
        V{1, 15, 46, 47});
  CHECK(dnssec::bitmap_types("") == V{});
  CHECK_FALSE(dnssec::bitmap_types(std::string("\x00\x00", 2)));      // empty window
  CHECK_FALSE(dnssec::bitmap_types(std::string("\x00\x02\x40", 3)));  // cut short
}

TEST_CASE("dnssec: signatures below a delegation are the child's, not the zone's") {
  ZoneSet set;
  LoadOptions opts;
  opts.format = FormatChoice::zone;
  load_text(set, "example.com.zone",
            "$ORIGIN example.com.\n$TTL 3600\n"
            "@ SOA ns1 hostmaster 1 14400 3600 1209600 300\n"
            "@ NS ns1\nns1 A 192.0.2.53\n"
            "@ DNSKEY 256 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=\n"
            "child NS ns.child\nns.child A 192.0.2.99\n"
            // The child's own apex data and signatures, occluded in the parent file.
            "child SOA ns.child hostmaster 1 14400 3600 1209600 300\n"
            "child RRSIG SOA 15 3 3600 20200101000000 20190101000000 1 child.example.com. AAAA\n"
            "www.child RRSIG A 15 4 3600 20200101000000 20190101000000 1 child.example.com. AAAA\n"
            // The parent's: a DS signature at the cut, made by no key the apex has.
            "child DS 1 15 2 D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A\n"
            "child RRSIG DS 15 3 3600 20300101000000 20250101000000 1 example.com. AAAA\n"s,
            opts);
  CliPolicy cli;
  cli.select = {"rrsig-validity"};
  cli.check_time = 1767225600;
  Config config(std::move(cli));
  const auto r = lint(set, config);
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].rule == "rrsig-validity");
  CHECK(r.diagnostics[0].owner == "child.example.com.");
  CHECK(r.diagnostics[0].message.find("RRSIG DS") == 0);
}
