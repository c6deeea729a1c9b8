// RR type and class numbers and their mnemonics (IANA registry), including RFC 3597 TYPEnnn.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zl {

namespace rrtype {
inline constexpr std::uint16_t A = 1, NS = 2, MD = 3, MF = 4, CNAME = 5, SOA = 6, MB = 7, MG = 8,
                               MR = 9, NULL_ = 10, WKS = 11, PTR = 12, HINFO = 13, MINFO = 14,
                               MX = 15, TXT = 16, RP = 17, AFSDB = 18, X25 = 19, ISDN = 20, RT = 21,
                               NSAP = 22, NSAP_PTR = 23, SIG = 24, KEY = 25, PX = 26, GPOS = 27,
                               AAAA = 28, LOC = 29, NXT = 30, EID = 31, NIMLOC = 32, SRV = 33,
                               ATMA = 34, NAPTR = 35, KX = 36, CERT = 37, A6 = 38, DNAME = 39,
                               SINK = 40, OPT = 41, APL = 42, DS = 43, SSHFP = 44, IPSECKEY = 45,
                               RRSIG = 46, NSEC = 47, DNSKEY = 48, DHCID = 49, NSEC3 = 50,
                               NSEC3PARAM = 51, TLSA = 52, SMIMEA = 53, HIP = 55, NINFO = 56,
                               RKEY = 57, TALINK = 58, CDS = 59, CDNSKEY = 60, OPENPGPKEY = 61,
                               CSYNC = 62, ZONEMD = 63, SVCB = 64, HTTPS = 65, DSYNC = 66,
                               HHIT = 67, BRID = 68, SPF = 99, UINFO = 100, UID = 101, GID = 102,
                               UNSPEC = 103, NID = 104, L32 = 105, L64 = 106, LP = 107, EUI48 = 108,
                               EUI64 = 109, TKEY = 249, TSIG = 250, URI = 256, CAA = 257, AVC = 258,
                               DOA = 259, AMTRELAY = 260, RESINFO = 261, WALLET = 262, TA = 32768,
                               DLV = 32769;
}  // namespace rrtype

namespace rrclass {
inline constexpr std::uint16_t IN = 1, CS = 2, CH = 3, HS = 4, NONE = 254, ANY = 255;
}

// "MX", or "TYPE65534" for types without a mnemonic.
std::string type_name(std::uint16_t type);
// Accepts mnemonics (any case) and TYPEnnn. nullopt when unknown.
std::optional<std::uint16_t> parse_type(std::string_view text);

std::string class_name(std::uint16_t cls);
std::optional<std::uint16_t> parse_class(std::string_view text);

}  // namespace zl
