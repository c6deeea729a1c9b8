// Shared by the DNSSEC rules: RRSIG and DNSKEY rdata, key tags (RFC 4034 Appendix B), serial
// number arithmetic on signature times (RFC 4034 §3.1.5, RFC 1982), the canonical form of an
// RRset (RFC 4034 §6) and signature verification with OpenSSL's libcrypto.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/rule_support.hpp"

namespace zl::dnssec {

// RRSIG rdata (RFC 4034 §3.1). Field indices for field_span: 0 type covered, 1 algorithm,
// 2 labels, 3 original TTL, 4 expiration, 5 inception, 6 key tag, 7 signer, 8 signature.
struct Rrsig {
  std::uint16_t covered = 0;
  std::uint8_t algorithm = 0;
  std::uint8_t labels = 0;
  std::uint32_t original_ttl = 0;
  std::uint32_t expiration = 0;
  std::uint32_t inception = 0;
  std::uint16_t key_tag = 0;
  Name signer;
  std::string_view signed_part;  // the rdata up to the signature (RFC 4034 §3.1.8.1)
  std::string_view signature;
};
std::optional<Rrsig> parse_rrsig(std::string_view rdata);

// DNSKEY rdata (RFC 4034 §2.1).
struct Dnskey {
  std::uint16_t flags = 0;
  std::uint8_t protocol = 0;
  std::uint8_t algorithm = 0;
  std::string_view public_key;
  std::uint16_t key_tag = 0;
  // Zone Key flag set and protocol 3: a key that may verify RRSIGs (RFC 4034 §2.1.1).
  bool zone_key() const { return (flags & 0x0100) != 0 && protocol == 3; }
};
std::optional<Dnskey> parse_dnskey(std::string_view rdata);

// RFC 4034 Appendix B (B.1 for algorithm 1).
std::uint16_t key_tag(std::string_view dnskey_rdata);

// A DNSKEY of a zone, with its record.
struct ZoneKey {
  std::uint32_t record = 0;  // index into Zone::records
  Dnskey key;
};
// The DNSKEYs at the zone's apex (in-zone, known values), in file order.
std::vector<ZoneKey> apex_keys(const Zone& z);
// Those that may have made `sig`: a zone key with its algorithm and key tag.
std::vector<const ZoneKey*> matching_keys(const std::vector<ZoneKey>& keys, const Rrsig& sig);

// Is an RRSIG of `owner` covering `covered` part of the zone's authoritative data? Not below a
// delegation point (the child's data, occluded in the parent), nor below a DNAME; at a
// delegation point only the DS and NSEC RRsets are the parent's (RFC 4035 §2.2).
bool authoritative_signature(const Zone& z, NameView owner, std::uint16_t covered);

// RFC 1982 serial number arithmetic on 32-bit times: a - b as a signed distance, so that a
// time in 2106 or later still compares right with one before the wrap.
inline std::int64_t serial_distance(std::uint32_t a, std::uint32_t b) {
  return static_cast<std::int32_t>(a - b);
}
// A 32-bit signature time in YYYYMMDDHHMMSS form, in the 136-year window around `now`
// (RFC 4034 §3.2).
std::string signature_time_text(std::uint32_t t, std::int64_t now);
// The check time as YYYYMMDDHHMMSS.
std::string time_text(std::int64_t unix_seconds);

// The algorithms verify() handles: RSASHA1 (5), RSASHA1-NSEC3-SHA1 (7), RSASHA256 (8),
// RSASHA512 (10), ECDSAP256SHA256 (13), ECDSAP384SHA384 (14), ED25519 (15), ED448 (16).
bool can_verify(std::uint8_t algorithm);

// The data an RRSIG signs (RFC 4034 §3.1.8.1, §6): its rdata without the signature, then each
// record of the RRset in canonical form and order, with the RRSIG's original TTL and the
// owner as the RRSIG's labels field makes it (a wildcard expansion, RFC 4035 §5.3.2).
// `rdatas` are the records' wire rdata. nullopt when the labels field exceeds the owner's.
std::optional<std::string> signed_data(const Rrsig& sig, NameView owner, std::uint16_t rclass,
                                       const std::vector<std::string_view>& rdatas);

// RFC 5155 NSEC3 parameters (NSEC3PARAM rdata, or the first fields of NSEC3 rdata).
struct Nsec3Params {
  std::uint8_t algorithm = 0;
  std::uint8_t flags = 0;
  std::uint16_t iterations = 0;
  std::string salt;
  bool same_chain(const Nsec3Params& o) const {
    return algorithm == o.algorithm && iterations == o.iterations && salt == o.salt;
  }
};
// NSEC3 rdata: its parameters, the next hashed owner (raw) and the offset after it.
struct Nsec3 {
  Nsec3Params params;
  std::string next_hash;
  std::string_view bitmap;  // the type bit maps field
  bool opt_out() const { return (params.flags & 1) != 0; }
};
std::optional<Nsec3Params> parse_nsec3param(std::string_view rdata);
// RFC 4034 §4.1.2 type bit maps (NSEC, NSEC3): the types listed, ascending; nullopt when
// malformed.
std::optional<std::vector<std::uint16_t>> bitmap_types(std::string_view bitmap);
std::optional<Nsec3> parse_nsec3(std::string_view rdata);
// RFC 5155 §5: the hash of `name` (SHA-1, algorithm 1; nullopt for another algorithm).
std::optional<std::string> nsec3_hash(const Name& name, const Nsec3Params& p);
// RFC 4648 §7 base32hex, upper case, no padding; decode accepts either case.
std::string base32hex(std::string_view raw);
std::optional<std::string> from_base32hex(std::string_view text);

// Verifies `signature` over `data` with the DNSKEY `key`. False for a key or signature that
// is malformed or does not match.
bool verify(const Dnskey& key, std::string_view data, std::string_view signature);

}  // namespace zl::dnssec
