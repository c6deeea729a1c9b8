// dnssec-deprecated-algorithm: a DNSKEY, DS, CDS, CDNSKEY or RRSIG algorithm, or a DS digest
// type, that RFC 8624 (with RFC 9157) says must not or should not be used for signing or
// delegation.
#include <cstdint>
#include <string>

#include "lint/rule_support.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

// RFC 8624 §3.1 (with RFC 9157 §2 for ECC-GOST): algorithms that are MUST NOT or NOT
// RECOMMENDED for DNSSEC signing. nullptr for the others.
const char* deprecated_algorithm(std::uint8_t a) {
  switch (a) {
    case 1:
      return "RSAMD5 (1), which RFC 8624 §3.1 says MUST NOT be used for signing";
    case 3:
      return "DSA (3), which RFC 8624 §3.1 says MUST NOT be used for signing";
    case 5:
      return "RSASHA1 (5), which RFC 8624 §3.1 says is NOT RECOMMENDED for signing";
    case 6:
      return "DSA-NSEC3-SHA1 (6), which RFC 8624 §3.1 says MUST NOT be used for signing";
    case 7:
      return "RSASHA1-NSEC3-SHA1 (7), which RFC 8624 §3.1 says is NOT RECOMMENDED for signing";
    case 12:
      return "ECC-GOST (12), which RFC 8624 §3.1 and RFC 9157 §2 say MUST NOT be used for "
             "signing";
    default:
      return nullptr;
  }
}

// RFC 8624 §3.3 (with RFC 9157 §2 for GOST): DS digest types that MUST NOT be used for
// delegation.
const char* deprecated_digest(std::uint8_t d) {
  switch (d) {
    case 1:
      return "SHA-1 (1), which RFC 8624 §3.3 says MUST NOT be used for delegation";
    case 3:
      return "GOST R 34.11-94 (3), which RFC 8624 §3.3 and RFC 9157 §2 say MUST NOT be used for "
             "delegation";
    default:
      return nullptr;
  }
}

// The algorithm's rdata offset and field index, and whether the record has a digest type
// (offset and field index just after the algorithm).
struct Layout {
  std::size_t alg_off, alg_field;
  bool digest;
};

bool layout_of(std::uint16_t type, Layout& l) {
  switch (type) {
    case rrtype::DNSKEY:
    case rrtype::CDNSKEY:
      l = {3, 2, false};
      return true;  // flags, protocol, algorithm
    case rrtype::DS:
    case rrtype::CDS:
      l = {2, 1, true};
      return true;  // key tag, algorithm, digest type
    case rrtype::RRSIG:
      l = {2, 1, false};
      return true;  // type covered, algorithm
    default:
      return false;
  }
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    // The types layout_of knows (the records of those types only, not the whole zone).
    for (const std::uint32_t i : records_of_types(
             *z, {rrtype::DNSKEY, rrtype::CDNSKEY, rrtype::DS, rrtype::CDS, rrtype::RRSIG})) {
      const Record& r = z->records[i];
      Layout l{};
      if (!layout_of(r.type, l) || r.has(kValueUnknown) || !in_zone(*z, r)) continue;
      const std::string_view rd = z->rdata(r);
      if (rd.size() <= l.alg_off + (l.digest ? 1 : 0)) continue;
      const std::string type = type_name(r.type);
      if (const char* why = deprecated_algorithm(static_cast<std::uint8_t>(rd[l.alg_off])))
        out.add(make_finding(kDnssecDeprecatedAlgorithm, *z, r,
                             field_span(ctx.sources(), *z, r, l.alg_field),
                             type + " record of " + quoted(z->owner(r)) + " uses algorithm " + why +
                                 "; sign with ECDSAP256SHA256 (13), RSASHA256 (8) or ED25519 "
                                 "(15) instead"));
      if (!l.digest) continue;
      if (const char* why = deprecated_digest(static_cast<std::uint8_t>(rd[l.alg_off + 1])))
        out.add(make_finding(kDnssecDeprecatedAlgorithm, *z, r,
                             field_span(ctx.sources(), *z, r, l.alg_field + 1),
                             type + " record of " + quoted(z->owner(r)) + " uses digest type " +
                                 why + "; publish a SHA-256 (2) digest instead"));
    }
  }
}

}  // namespace

const Rule kDnssecDeprecatedAlgorithm{
    "dnssec-deprecated-algorithm",
    Severity::warning,
    {},
    RuleDoc{
        "DNSSEC algorithm or DS digest type that RFC 8624 says must not or should not be used",
        "Checks the algorithm field of every DNSKEY, CDNSKEY, DS, CDS and RRSIG record, and the "
        "digest type of every DS and CDS record. It reports the signing algorithms that RFC "
        "8624 §3.1 (updated by RFC 9157) marks MUST NOT or NOT RECOMMENDED: RSAMD5 (1), DSA "
        "(3), RSASHA1 (5), DSA-NSEC3-SHA1 (6), RSASHA1-NSEC3-SHA1 (7) and ECC-GOST (12); and "
        "the DS digest types that RFC 8624 §3.3 (updated by RFC 9157) marks MUST NOT for "
        "delegation: SHA-1 (1) and GOST R 34.11-94 (3). The finding points at the algorithm "
        "or digest-type field. A CDS or CDNSKEY delete request (algorithm 0, RFC 8078 §4) is "
        "not reported.",
        "Validators may treat a zone signed only with a deprecated algorithm as insecure: "
        "RFC 8624 lets them stop validating these algorithms, several distributions already "
        "refuse SHA-1 signatures, and GOST is no longer implemented by most resolvers (RFC "
        "9157). A DS with a SHA-1 or GOST digest is either ignored or weak. Roll the keys to "
        "ECDSAP256SHA256 (13), ED25519 (15) or RSASHA256 (8), and publish SHA-256 DS "
        "records; BIND's `named-checkzone` warns about SHA-1 DS records too.",
        "$ORIGIN example.com.\nchild  DS  60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118\n",
        "$ORIGIN example.com.\nchild  DS  60485 13 2 "
        "D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A\n",
        "",
        "RFC 8624 §3.1, §3.3; RFC 9157 §2; RFC 4034 §2.1.2, §5.1.2, Appendix A; RFC 8078 §4",
    },
    "dnssec",
    &check,
};

}  // namespace zl::rules
