#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "core/ascii.hpp"
#include "core/source.hpp"
#include "model/name.hpp"
#include "model/rrtype.hpp"
#include "parse/rdata.hpp"
#include "parse/rdata_internal.hpp"

using namespace zl;

namespace {

std::string hex(std::string_view b) {
  return zl::encode_hex(b);
}

struct Result {
  bool ok = false;
  std::string wire_hex;
  std::vector<Diagnostic> diags;
  std::string text;  // the rdata text, for column checks
};

// Encodes `rdata` for `type` (a mnemonic) with origin example.com.
Result encode(std::string_view type, const std::string& rdata) {
  static SourceSet sources;
  Result r;
  r.text = rdata;
  const FileId f = sources.add("test.zone", rdata);
  const std::string_view stored = sources.file(f).text();
  Diagnostics diags;
  bool tok_ok = true;
  auto tokens = tokenize_rdata(stored, Span{f, 0, static_cast<std::uint32_t>(stored.size())}, true,
                               &diags, tok_ok);
  auto ty = parse_type(type);
  REQUIRE(ty);
  static const Name origin = *Name::parse("example.com.", nullptr);
  RdataContext ctx;
  ctx.origin = &origin;
  ctx.diags = &diags;
  ctx.owner = "example.com.";
  std::string wire;
  r.ok = tok_ok && encode_rdata(*ty, tokens, ctx, wire);
  r.wire_hex = hex(wire);
  r.diags = diags.items();
  return r;
}

struct Accept {
  const char* type;
  const char* rdata;
  const char* wire_hex;
};

struct Reject {
  const char* type;
  const char* rdata;
  const char* message_part;  // a part of the expected message
  const char* at;            // the token the diagnostic points at
};

void check_accepts(const std::vector<Accept>& table) {
  for (const auto& a : table) {
    INFO(a.type << " " << a.rdata);
    auto r = encode(a.type, a.rdata);
    for (auto& d : r.diags) INFO(d.message);
    CHECK(r.ok);
    CHECK(r.diags.empty());
    std::string want = a.wire_hex;
    std::erase(want, ' ');  // tables group the octets by field for reading
    CHECK(r.wire_hex == want);
  }
}

void check_rejects(const std::vector<Reject>& table) {
  for (const auto& x : table) {
    INFO(x.type << " " << x.rdata);
    auto r = encode(x.type, x.rdata);
    CHECK_FALSE(r.ok);
    REQUIRE(r.diags.size() == 1);
    const auto& d = r.diags[0];
    INFO(d.message);
    CHECK(d.rule == "parse-error");
    CHECK(d.severity == Severity::error);
    CHECK(d.message.find(x.message_part) != std::string::npos);
    const std::string pointed = r.text.substr(d.span.begin, d.span.end - d.span.begin);
    CHECK(pointed == x.at);
  }
}

}  // namespace

TEST_CASE("rdata: A and AAAA go through inet_pton") {
  check_accepts({
      {"A", "192.0.2.1", "C0000201"},
      {"A", "0.0.0.0", "00000000"},
      {"A", "255.255.255.255", "FFFFFFFF"},
      {"AAAA", "2001:db8::1", "20010DB8000000000000000000000001"},
      {"AAAA", "::", "00000000000000000000000000000000"},
      {"AAAA", "::ffff:192.0.2.1", "00000000000000000000FFFFC0000201"},
  });
  check_rejects({
      {"A", "192.0.2", "expected an IPv4 address, found '192.0.2'", "192.0.2"},
      {"A", "192.0.2.256", "expected an IPv4 address", "192.0.2.256"},
      {"A", "192.0.2.1 10", "expected the end of the A rdata, found '10'", "10"},
      {"A", "", "expected an IPv4 address, found the end of the A rdata", ""},
      {"A", "2001:db8::1", "expected an IPv4 address", "2001:db8::1"},
      {"AAAA", "2001:db8:::1", "expected an IPv6 address", "2001:db8:::1"},
      {"AAAA", "192.0.2.1", "expected an IPv6 address", "192.0.2.1"},
      {"AAAA", "2001:db8::g", "expected an IPv6 address", "2001:db8::g"},
      {"AAAA", "1111:2222:3333:4444:5555:6666:7777:8888:9999:aaaa:bbbb:cccc:dddd:eeee",
       "expected an IPv6 address",
       "1111:2222:3333:4444:5555:6666:7777:8888:9999:aaaa:bbbb:cccc:dddd:eeee"},
  });
}

TEST_CASE("rdata: names are made absolute and keep their case") {
  check_accepts({
      {"NS", "ns1", "036E7331076578616D706C6503636F6D00"},
      {"NS", "NS1.Example.NET.", "034E5331074578616D706C65034E455400"},
      {"CNAME", "@", "076578616D706C6503636F6D00"},
      {"DNAME", ".", "00"},
      {"PTR", "a\\.b.", "03612E6200"},
      {"PTR", "\\065.", "014100"},
      {"MX", "10 mail.sub", "000A 046D61696C 03737562 076578616D706C6503636F6D00"},
  });
  const std::string label64(64, 'a');
  std::string long_name;
  for (int i = 0; i < 5; ++i) long_name += std::string(60, 'b') + ".";
  check_rejects({
      {"NS", "", "expected a name server name, found the end of the NS rdata", ""},
      {"CNAME", "a..b.", "empty label", "a..b."},
      {"NS", "\\256.", "above 255", "\\256."},
  });
  auto r = encode("NS", label64 + ".");
  CHECK_FALSE(r.ok);
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags[0].message.find("label longer than 63") != std::string::npos);
  r = encode("NS", long_name);
  CHECK_FALSE(r.ok);
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags[0].message.find("longer than 255") != std::string::npos);
  // Relative: three labels of 60 fit with the origin appended, four (257 octets) do not.
  r = encode("NS", long_name.substr(0, 3 * 61 - 1));
  CHECK(r.ok);
  r = encode("NS", long_name.substr(0, 4 * 61 - 1));
  CHECK_FALSE(r.ok);
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags[0].message.find("longer than 255") != std::string::npos);
}

TEST_CASE("rdata: MX preference is range-checked, never wrapped") {
  check_accepts({
      {"MX", "10 mail", "000A046D61696C076578616D706C6503636F6D00"},
      {"MX", "0 .", "000000"},
      {"MX", "65535 mx.example.net.", "FFFF026D78076578616D706C65036E657400"},
  });
  check_rejects({
      {"MX", "70000 mail", "expected an MX preference 0..65535, found '70000'", "70000"},
      {"MX", "65536 mail", "expected an MX preference 0..65535, found '65536'", "65536"},
      {"MX", "-1 mail", "expected an MX preference 0..65535, found '-1'", "-1"},
      {"MX", "ten mail", "found 'ten'", "ten"},
      {"MX", "10", "expected an MX exchange name, found the end of the MX rdata", ""},
      {"MX", "10 mail extra", "expected the end of the MX rdata, found 'extra'", "extra"},
      {"MX", "99999999999999999999999 mail", "expected an MX preference",
       "99999999999999999999999"},
  });
}

TEST_CASE("rdata: SOA serial and timers, timers take TTL units") {
  check_accepts({
      {"SOA", "ns1 hostmaster 2024010101 3600 900 604800 300",
       "036E7331076578616D706C6503636F6D000A686F73746D6173746572076578616D706C6503636F6D00"
       "78A3F17500000E100000038400093A800000012C"},
      {"SOA", "ns1. h. 0 1h 15M 1w 5m30s",
       "036E73310001680000000000"
       "00000E100000038400093A800000014A"},
      {"SOA", "ns1. h. 4294967295 0 0 0 0",
       "036E7331000168"
       "00FFFFFFFF00000000000000000000000000000000"},
  });
  check_rejects({
      {"SOA", "ns1. h. 4294967296 1 1 1 1",
       "expected an SOA serial 0..4294967295, found '4294967296'", "4294967296"},
      {"SOA", "ns1. h. 1 1x 1 1 1", "expected an SOA refresh", "1x"},
      {"SOA", "ns1. h. 1 1h30 1 1 1", "expected an SOA refresh", "1h30"},
      {"SOA", "ns1. h. 1 1 1 1", "expected an SOA minimum", ""},
      {"SOA", "ns1. h. 1h 1 1 1 1", "expected an SOA serial", "1h"},
  });
}

TEST_CASE("rdata: TXT and SPF character-strings") {
  check_accepts({
      {"TXT", "\"hello world\"", "0B68656C6C6F20776F726C64"},
      {"TXT", "a b", "01610162"},
      {"TXT", "\"\"", "00"},
      {"TXT", "\"a\\\"b\" \\065\\ ", "03612262024120"},
      {"TXT", "\"ab\\\\cd\\059e\" x", "07 6162 5C 6364 3B 65 01 78"},
      {"SPF", "\"v=spf1 -all\"", "0B763D73706631202D616C6C"},
  });
  check_rejects({
      {"TXT", "", "expected a character-string, found the end of the TXT rdata", ""},
      {"TXT", "\\256", "\\DDD escape above 255", "\\256"},
      {"TXT", "\\01", "three decimal digits", "\\01"},
  });
  std::string max_hex = "FF";
  for (int i = 0; i < 255; ++i) max_hex += "78";
  auto ok255 = encode("TXT", "\"" + std::string(255, 'x') + "\"");
  CHECK(ok255.ok);
  CHECK(ok255.wire_hex == max_hex);
  auto r = encode("TXT", "\"" + std::string(256, 'x') + "\"");
  CHECK_FALSE(r.ok);
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags[0].message.find("256 octets is longer than 255") != std::string::npos);
  CHECK(r.diags[0].span.begin == 0);
  CHECK(r.diags[0].span.end == 258);
}

TEST_CASE("rdata: SRV and CAA") {
  check_accepts({
      {"SRV", "0 5 5060 sip.example.com.", "0000000513C403736970076578616D706C6503636F6D00"},
      {"SRV", "1 0 0 .", "00010000000000"},
      {"CAA", "0 issue \"letsencrypt.org\"", "000569737375656C657473656E63727970742E6F7267"},
      {"CAA", "128 iodef \"mailto:a@b\"", "8005696F6465666D61696C746F3A614062"},
      {"CAA", "0 issue \";\"", "000569737375653B"},
      {"CAA", "0 issue \"\"", "00056973737565"},
  });
  check_rejects({
      {"SRV", "0 5 65536 sip.", "expected an SRV port 0..65535, found '65536'", "65536"},
      {"SRV", "0 5 sip.", "expected an SRV port", "sip."},
      {"CAA", "256 issue \"x\"", "expected CAA flags 0..255, found '256'", "256"},
      {"CAA", "0 is-sue \"x\"", "expected a CAA tag", "is-sue"},
      {"CAA", "0 issue", "expected a CAA value", ""},
      {"CAA", "0 issue \"a\" \"b\"", "expected the end of the CAA rdata", "\"b\""},
  });
}

TEST_CASE("rdata: RFC 3597 generic rdata for any type, checked against known layouts") {
  check_accepts({
      {"A", "\\# 4 C0000201", "C0000201"},
      {"MX", "\\# 3 0001 00", "000100"},
      {"TYPE65280", "\\# 3 ABCDEF", "ABCDEF"},
      {"TYPE65280", "\\# 0", ""},
      {"TXT", "\\# 2 015C", "015C"},
  });
  check_rejects({
      {"A", "\\# 3 C00002", "not a valid A rdata", "3 C00002"},
      {"A", "\\# 4 C00002", "announces 4 octets of rdata but 3 follow", "4 C00002"},
      {"MX", "\\# 0", "not a valid MX rdata", "0"},
      {"TYPE65280", "\\# 2 ABC", "odd number of hex digits", "2 ABC"},
      {"TYPE65280", "\\# 1 GG", "found the character 'G'", "1 GG"},
      {"TYPE65280", "\\# x", "expected the rdata length 0..65535", "x"},
      {"TYPE65280", "AB", "expected '\\#' generic rdata", "AB"},
  });
}

TEST_CASE("rdata: tokenize_rdata splits like the zone grammar and maps positions") {
  Diagnostics diags;
  const std::string text = "10  \"a b\\\" c\" x\\ y";
  auto toks = tokenize_rdata(text, Span{7, 100, 100 + static_cast<std::uint32_t>(text.size())},
                             true, &diags);
  REQUIRE(toks.size() == 3);
  CHECK(toks[0].text == "10");
  CHECK(toks[0].span.begin == 100);
  CHECK(toks[0].span.end == 102);
  CHECK(toks[1].text == "a b\\\" c");
  CHECK(toks[1].quoted);
  CHECK(toks[1].span.begin == 104);
  CHECK(toks[2].text == "x\\ y");
  CHECK(toks[2].span.file == 7);
  CHECK(diags.empty());

  auto loose = tokenize_rdata("10 mail", Span{3, 5, 9}, false, &diags);
  REQUIRE(loose.size() == 2);
  CHECK(loose[1].span == Span{3, 5, 9});

  bool ok = true;
  auto bad = tokenize_rdata("\"v=spf1 -all", Span{1, 0, 12}, true, &diags, ok);
  CHECK_FALSE(ok);
  CHECK(bad.empty());
  REQUIRE(diags.size() == 1);
  CHECK(diags.items()[0].message.find("closing '\"'") != std::string::npos);
}

TEST_CASE("rdata: the printer gives presentation text for the core types") {
  auto print = [](const char* type, const char* rdata) {
    auto r = encode(type, rdata);
    REQUIRE(r.ok);
    std::string wire;
    REQUIRE(zl::decode_hex(r.wire_hex, wire));
    return rdata_wire_to_text(*parse_type(type), wire);
  };
  CHECK(print("MX", "10 Mail") == "10 Mail.example.com.");
  CHECK(print("A", "192.0.2.1") == "192.0.2.1");
  CHECK(print("AAAA", "2001:DB8::1") == "2001:db8::1");
  CHECK(print("SOA", "ns1 h 1 2 3 4 5") == "ns1.example.com. h.example.com. 1 2 3 4 5");
  CHECK(print("TXT", "a \"b c\"") == "\"a\" \"b c\"");
  CHECK(print("CAA", "0 issue \"ca.example\"") == "0 issue \"ca.example\"");
  CHECK(print("SRV", "1 2 3 t") == "1 2 3 t.example.com.");
  CHECK(print("TYPE65280", "\\# 2 ABCD") == "\\# 2 ABCD");
  CHECK(print("LOC", "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m") ==
        "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000.00m 10.00m");
  CHECK(print("APL", "1:192.168.32.0/21 !1:192.168.38.0/28") ==
        "1:192.168.32.0/21 !1:192.168.38.0/28");
  CHECK(print("IPSECKEY", "10 1 2 192.0.2.38 AQNRU3mG") == "10 1 2 192.0.2.38 AQNRU3mG");
  CHECK(print("AMTRELAY", "128 1 3 relay.example.") == "128 1 3 relay.example.");
  CHECK(print("WKS", "10.0.0.1 tcp 25 80") == "10.0.0.1 6 25 80");
  CHECK(print("HTTPS", "1 . alpn=h2,h3 port=443 key9=\\000\\029") ==
        "1 . alpn=\"h2,h3\" port=\"443\" key9=\"\\000\\029\"");
  CHECK(print("DS", "1 8 2 ABCD") == "1 8 2 ABCD");
  CHECK(print("NSEC3", "1 0 0 - CPNMUOJ1E8======") == "1 0 0 - cpnmuoj1e8");
}

TEST_CASE("rdata: DNSSEC types (DS, DNSKEY, RRSIG, NSEC, NSEC3, NSEC3PARAM)") {
  check_accepts({
      {"DS", "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118",
       "EC4505012BB183AF5F22588179A53B0A98631FAD1A292118"},
      {"DS", "0 RSAMD5 0 01 02 0304", "000001000102 0304"},
      {"CDS", "0 0 0 00", "0000000000"},
      {"DNSKEY", "256 3 8 AwEAAQ==", "01000308030100 01"},
      {"DNSKEY", "0 0 0 Zm9v YmE=", "000000006 66F6F6261"},
      {"CDNSKEY", "0 3 0 AA==", "0000030000"},
      // BIND's key flag mnemonics (values checked against named-compilezone 9.18).
      {"DNSKEY", "ZONE|KSK 3 8 AwEAAQ==", "0101 03 08 03010001"},
      {"DNSKEY", "zone|ksk 3 8 AwEAAQ==", "0101 03 08 03010001"},
      {"DNSKEY", "NOKEY|SIG3 3 8 AwEAAQ==", "C003 03 08 03010001"},
      {"KEY", "FLAG2|FLAG4|FLAG5|NTYP3|FLAG8|FLAG9|FLAG10|FLAG11|SIG15 3 3 AA==", "2FFF 03 03 00"},
      {"KEY", "NOCONF|EXTEND|HOST 3 3 AA==", "5200 03 03 00"},
      {"RKEY", "USER|NOAUTH 3 5 AA==", "8000 03 05 00"},
      {"RRSIG", "A 2 3 4 5 6 7 \\008. CQ==", "0001020300000004000000050000000600070108 0009"},
      {"RRSIG", "A 0 0 0 19700101000000 0 0 . AA==", "00010000000000000000000000000000000000 00"},
      {"RRSIG", "NSEC 8 2 3600 20240101000000 20231201000000 12345 example.com. AA==",
       "002F0802 00000E10 65920080 65692200 3039 076578616D706C6503636F6D00 00"},
      {"NSEC", ".", "00"},
      {"NSEC", "a. A NS", "0161000001 60"},
      {"NSEC", ". TYPE0 TYPE256 TYPE512 TYPE32768", "000001800101800201808001 80"},
      {"NSEC3", "0 0 0 - CPNMUOJ1E8======", "00 00 0000 00 06 666F6F626172"},
      {"NSEC3", "1 0 10 AABB CPNMUOJ1 A", "0100000A02AABB0566 6F6F6261000140"},
      {"NSEC3PARAM", "1 0 0 -", "0100000000"},
      {"NSEC3PARAM", "1 0 0 0102FF", "010000000301 02FF"},
  });
  check_rejects({
      {"DNSKEY", "ZONE|REVOKE 3 8 AA==", "unknown flag 'REVOKE'", "ZONE|REVOKE"},
      {"DNSKEY", "ZONE| 3 8 AA==", "unknown flag ''", "ZONE|"},
      {"DNSKEY", "SIG015 3 8 AA==", "key flag mnemonics such as ZONE|KSK", "SIG015"},
  });
  check_rejects({
      {"DS", "65536 0 0 00", "expected a key tag 0..65535, found '65536'", "65536"},
      {"DS", "0 0 0 0", "odd number of hex digits", "0"},
      {"DS", "0 0 0 XX", "not hexadecimal", "XX"},
      {"DS", "0 0 0", "expected a hex digest, found the end of the DS rdata", ""},
      {"DNSKEY", "0 0 0 A===", "wrong length or with misplaced '=' padding", "A==="},
      {"DNSKEY", "0 0 BOGUS AA==", "expected an algorithm 0..255 or a mnemonic", "BOGUS"},
      {"RRSIG", "X 0 0 0 0 0 0 . AA==", "expected a covered type", "X"},
      {"RRSIG", "A 0 0 0 9294967296 0 0 . AA==", "expected a signature expiration", "9294967296"},
      {"RRSIG", "A 0 0 0 20241301000000 0 0 . AA==", "not a valid date", "20241301000000"},
      {"RRSIG", "A 0 0 0 2226010100000x 0 0 . AA==", "expected a signature expiration",
       "2226010100000x"},
      {"NSEC", ". X", "expected an RR type mnemonic or TYPEnnn", "X"},
      {"NSEC", ". TYPE65536", "expected an RR type", "TYPE65536"},
      {"NSEC3", "0 0 0 - 1", "base32hex", "1"},
      {"NSEC3", "0 0 0 - 1=======", "base32hex", "1======="},
      {"NSEC3", "0 0 0 0X 00======", "expected a salt", "0X"},
      {"NSEC3PARAM", "0 0 0 00 00", "expected the end of the NSEC3PARAM rdata", "00"},
  });
}

TEST_CASE("rdata: TLSA, SSHFP, ZONEMD, OPENPGPKEY, CERT, DHCID") {
  check_accepts({
      {"TLSA", "3 1 1 0102", "0301010102"},
      {"SMIMEA", "0 0 0 00", "00000000"},
      {"SSHFP", "1 1 01 02 0304", "010101020304"},
      {"OPENPGPKEY", "AA==", "00"},
      {"DHCID", "Zm9v YmE=", "666F6F6261"},
      {"CERT", "PKIX 0 RSASHA256 AA==", "000100000800"},
      {"CERT", "65535 65535 255 AA==", "FFFFFFFFFF00"},
      {"ZONEMD", "0 0 0 0102 00 FF", "00000000 00 00 010200FF"},
  });
  std::string sha384_hex(96, 'A');
  auto r = encode("ZONEMD", "2024 1 1 " + sha384_hex);
  CHECK(r.ok);
  check_rejects({
      {"TLSA", "3 1 1", "expected hex certificate association data", ""},
      {"TLSA", "256 1 1 00", "expected a certificate usage 0..255", "256"},
      {"SSHFP", "1 1 -", "not hexadecimal", "-"},
      {"CERT", "X 0 0 AA==", "expected a certificate type", "X"},
      {"ZONEMD", "0 1 1 0102", "expected a 48-octet digest for hash algorithm 1, found 2 octets",
       "0102"},
      {"ZONEMD", "4294967296 0 0 00", "expected a ZONEMD serial", "4294967296"},
  });
}

TEST_CASE("rdata: HINFO, NAPTR, URI, and the small types") {
  check_accepts({
      {"HINFO", "\"\" \"\"", "0000"},
      {"HINFO", "PC Linux", "0250430 54C696E7578"},
      {"NAPTR", "100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com.",
       "0064 000A 0153 075349502B443255 00 045F736970045F756470076578616D706C6503636F6D00"},
      {"URI", "10 1 \"ftp://ftp1.example.com/public\"",
       "000A0001667470 3A2F2F667470312E6578616D706C652E636F6D2F7075626C6963"},
      {"URI", "0 0 \"\"", "00000000"},
      {"AFSDB", "1 afs.", "000103616673 00"},
      {"RP", "mbox. txt.", "046D626F780003747874 00"},
      {"KX", "10 kx.", "000A026B7800"},
      {"PX", "10 a. b.", "000A0161000162 00"},
      {"RT", "1 r.", "00010172 00"},
      {"MINFO", ". .", "0000"},
      {"X25", "311061700956", "0C333131303631373030393536"},
      {"ISDN", "\"150862028003217\" \"004\"", "0F3135303836323032383030333231370330303 4"},
      {"ISDN", "150862028003217", "0F313530383632303238303033323137"},
      {"NSAP", "0x47.0005.80.005a00", "4700058000 5A00"},
      {"EUI48", "aa-bb-cc-dd-ee-ff", "AABBCCDDEEFF"},
      {"EUI64", "00-00-5e-ef-10-00-00-2a", "00005EEF1000002A"},
      {"NID", "10 0014:4fff:ff20:ee64", "000A00144FFFFF20EE64"},
      {"L32", "10 10.1.2.0", "000A0A010200"},
      {"L64", "10 2001:0DB8:1140:1000", "000A20010DB811401000"},
      {"LP", "10 l64-subnet1.example.com.",
       "000A 0B6C36342D7375626E657431076578616D706C6503636F6D00"},
      {"CSYNC", "66 3 A NS AAAA", "0000004200030004600000 08"},
      {"DSYNC", "CDS NOTIFY 53 *._dsync.example.",
       "003B01003501 2A065F6473796E63076578616D706C6500"},
      {"GPOS", "-32.6882 116.8652 10.0", "082D33322E36383832083131362E383635320431302E30"},
      {"WKS", "10.0.0.1 tcp 25 smtp 80", "0A000001 06 00000040 00000000 000080"},
      {"AMTRELAY", "10 0 1 203.0.113.15", "0A01CB00710F"},
      {"AMTRELAY", "128 1 0 .", "8080"},
  });
  check_rejects({
      {"HINFO", "\"\" \"\" \"\"", "expected the end of the HINFO rdata", "\"\""},
      {"HINFO", "a", "expected an OS string, found the end of the HINFO rdata", ""},
      {"NAPTR", "65536 0 \"\" \"\" \"\" .", "expected a NAPTR order 0..65535, found '65536'",
       "65536"},
      {"URI", "0 0 a a", "expected the end of the URI rdata", "a"},
      {"X25", "abc", "expected a PSDN address (at least 4 digits", "abc"},
      {"NSAP", "47.0005", "expected an NSAP address", "47.0005"},
      {"EUI48", "00-00-00-00-00", "expected an EUI-48 address", "00-00-00-00-00"},
      {"EUI48", "00:00-00-00-00-00", "expected an EUI-48 address", "00:00-00-00-00-00"},
      {"L64", "0 0000:0000:0000", "expected a 64-bit locator", "0000:0000:0000"},
      {"L32", "0 0.0.0.256", "expected a 32-bit locator", "0.0.0.256"},
      {"CSYNC", "0 0 X", "expected an RR type mnemonic", "X"},
      {"DSYNC", "CDS JUNK 53 x.", "expected a DSYNC scheme", "JUNK"},
      {"GPOS", "a b c", "expected a longitude", "a"},
      {"WKS", "10.0.0.1 tcp 99999", "expected a port number", "99999"},
      {"AMTRELAY", "10 2 1 203.0.113.15", "expected a discovery-optional flag 0 or 1", "2"},
      {"AMTRELAY", "10 0 1 ::1", "expected a relay IPv4 address", "::1"},
  });
}

// Rare and obsolete types that BIND 9.18 reads in presentation form. Each wire below was
// checked against named-compilezone: the text form and `\# len wire` print the same record.
TEST_CASE("rdata: A6, ATMA, NXT, EID, NIMLOC, SINK, NINFO, RKEY, TALINK, HHIT, BRID, DOA") {
  check_accepts({
      {"A6", "0 2001:db8::1", "00 20010DB8000000000000000000000001"},
      {"A6", "64 ::1:2:3:4 pfx.example.com.",
       "40 0001000200030004 03706678076578616D706C6503636F6D00"},
      {"A6", "128 pfx", "80 03706678076578616D706C6503636F6D00"},
      // The prefix bits of the suffix are cleared, as BIND does.
      {"A6", "65 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff p",
       "41 7FFFFFFFFFFFFFFF 0170076578616D706C6503636F6D00"},
      {"ATMA", "39.246f.00", "00 39246F00"},
      {"ATMA", "+358400123456", "01 333538343030313233343536"},
      {"ATMA", "+1.2", "01 3132"},
      {"NXT", "y.example.com. A NXT", "0179076578616D706C6503636F6D00 40000002"},
      {"NXT", "y", "0179076578616D706C6503636F6D00"},
      {"EID", "01 23", "0123"},
      {"NIMLOC", "0123", "0123"},
      {"SINK", "1 0 0 AAAA", "010000 000000"},
      {"SINK", "1 0 0", "010000"},
      {"NINFO", "\"a\" \"b\"", "0161 0162"},
      {"RKEY", "0 3 5 AwEAAQ==", "0000 03 05 03010001"},
      {"TALINK", "a.example.com. b",
       "0161076578616D706C6503636F6D00 0162076578616D706C6503636F6D00"},
      {"HHIT", "AA AA", "000000"},
      {"BRID", "AAAA", "000000"},
      {"DOA", "0 1 2 \"\" aGVsbG8=", "00000000 00000001 02 00 68656C6C6F"},
      {"DOA", "0 1 2 \"text/plain\" -", "00000000 00000001 02 0A746578742F706C61696E"},
      {"NULL", "\\# 2 0102", "0102"},
      {"UINFO", "\\# 1 00", "00"},
  });
  // Each of these is refused by named-checkzone too.
  check_rejects({
      {"A6", "129 x", "expected an A6 prefix length 0..128", "129"},
      {"A6", "0 2001:db8::1 pfx", "expected the end of the A6 rdata", "pfx"},
      {"A6", "64 1.2.3.4 x", "expected an IPv6 address suffix", "1.2.3.4"},
      {"ATMA", "39..24", "expected an ATM address", "39..24"},
      {"ATMA", "123", "an even number of hex digits", "123"},
      {"ATMA", "+12a", "expected an ATM address", "+12a"},
      {"NXT", "y ANY", "only types 1..127", "ANY"},
      {"EID", "012", "odd number of hex digits", "012"},
      {"EID", "", "expected a hex endpoint identifier", ""},
      {"SINK", "1 0 0 -", "expected base64 SINK data", "-"},
      {"TALINK", "a", "expected a next trust anchor name", ""},
      {"DOA", "0 1 2 \"\"", "expected base64 DOA data, or '-' for none", ""},
      {"DOA", "0 1 256 \"\" -", "expected a DOA location 0..255", "256"},
      {"NULL", "\"hello\"", "NULL, a type without a presentation format", "\"hello\""},
      {"UID", "10", "expected '\\#' generic rdata (RFC 3597 §5) for UID", "10"},
      {"UINFO", "", "for UINFO, a type without a presentation format", ""},
      {"EID", "\\# 0", "not a valid EID rdata", "0"},
      // A domain name is never quoted (BIND: "unexpected token").
      {"CNAME", "\"host\"", "a domain name is written without quotes", "\"host\""},
      {"MX", "10 \"mail\"", "found the quoted string \"mail\"", "\"mail\""},
  });
  // The printer gives the same presentation as BIND.
  CHECK(rdata_wire_to_text(rrtype::A6, std::string("\x41\x7f\xff\xff\xff\xff\xff\xff\xff\x01p\x00",
                                                   12)) == "65 ::7fff:ffff:ffff:ffff p.");
  CHECK(rdata_wire_to_text(rrtype::ATMA, std::string("\x01"
                                                     "12",
                                                     3)) == "+12");
  CHECK(rdata_wire_to_text(rrtype::NXT, std::string("\x01y\x00\x40\x00\x00\x02", 7)) == "y. A NXT");
  CHECK(rdata_wire_to_text(rrtype::DOA, std::string(9, '\0') + std::string(1, '\0')) ==
        "0 0 0 \"\" -");
}

TEST_CASE("rdata: LOC, APL, IPSECKEY, HIP") {
  check_accepts({
      {"LOC", "1 N 1 E 0", "001216138036EE808036EE8000989680"},
      {"LOC", "0 0 1 N 1 E 0", "00121613800003E88036EE8000989680"},
      {"LOC", "1 N 0 0 1 E 0m", "001216138036EE80800003E800989680"},
      {"LOC", "1 N 1 E 0 0 0 1m", "000000128036EE808036EE8000989680"},
      {"LOC", "0 0 0 N 0 0 0 E -100000.00 0 0 0", "00000000800000008000000000000000"},
      {"LOC", "90 59 59.999 S 180 59 59.999 W 42849672.95m 90000000.00m 90000000.00m 90000000.00m",
       "009999996C79388159295F81FFFFFFFF"},
      {"LOC", "0 S 0 0 0.01 W 0", "00121613800000007FFFFFF600989680"},
      {"APL", "", ""},
      {"APL", "1:255.255.255.255/30", "00011E04FFFFFFFF"},
      {"APL", "2:FFFF:FFFF:FFFF::/2", "00020206FFFFFFFFFFFF"},
      {"APL", "!1:0.0.0.0/0 1:255.255.255.255/32", "00010080 00012004FFFFFFFF"},
      {"IPSECKEY", "0 0 0 .", "000000"},
      {"IPSECKEY", "255 3 255 . AA==", "FF03FF0000"},
      {"IPSECKEY", "0 2 0 ::", "00020000000000000000000000000000000000"},
      {"HIP", "2 200100107B1A74DF365639CC39F1D578 AwEAAQ== rvs.example.com.",
       "10020004200100107B1A74DF365639CC39F1D57803010001037276 73076578616D706C6503636F6D00"},
  });
  check_rejects({
      {"LOC", "91 0 0 N 0 0 0 E 0", "expected a latitude degrees 0..90", "91"},
      {"LOC", "0 60 0 N 0 0 0 E 0", "minutes 0..59", "60"},
      {"LOC", "1 x 1 E 0", "minutes 0..59", "x"},
      {"LOC", "0 0 0 N 0 0 0 E 42849672.96", "expected an altitude", "42849672.96"},
      {"LOC", "0 0 0 N 0 0 0 E 0 90000000.01", "expected a size", "90000000.01"},
      {"LOC", "1 N 1 E", "expected an altitude", ""},
      {"LOC", "0 0 0 N 0 0 0 E 0 0 0 0 x", "expected the end of the LOC rdata", "x"},
      {"APL", "0:0.0.0.0/32", "expected an APL item", "0:0.0.0.0/32"},
      {"APL", "2:0.0.0.0/32", "expected an IPv6 address in the APL item", "2:0.0.0.0/32"},
      {"APL", "1:0.0.0.0/33", "expected an APL prefix length 0..32", "1:0.0.0.0/33"},
      {"IPSECKEY", "0 4 0 .", "expected a gateway type 0..3", "4"},
      {"IPSECKEY", "0 0 0 . AA==", "algorithm is 0", "AA=="},
      {"IPSECKEY", "0 1 0 ::", "expected a gateway IPv4 address", "::"},
      {"HIP", "2 XYZ AwEAAQ==", "expected a hex HIT", "XYZ"},
  });
}

TEST_CASE("rdata: SVCB and HTTPS SvcParams") {
  check_accepts({
      {"SVCB", "0 .", "000000"},
      {"SVCB", "65535 . mandatory=alpn alpn=h2", "FFFF0000000002000100010003026832"},
      {"HTTPS", "1 . alpn=\"part1,part2,part3\\\\,part4\\\\\\\\\"",
       "000100000100190570617274310570617274320C70617274332C70617274345C"},
      {"SVCB", "1 . alpn=part1\\,\\p\\a\\r\\t2\\044part3\\092,part4\\092\\\\",
       "000100000100190570617274310570617274320C70617274332C70617274345C"},
      {"SVCB", "1 . alpn=h2 no-default-alpn", "00010000010003026832 00020000"},
      {"SVCB", "1 . port=\"65535\"", "0001000003 0002FFFF"},
      {"SVCB", "1 . ech=\"Zm9vYg==\"", "00010000050004666F6F62"},
      {"SVCB", "1 . dohpath=/q{?dns}", "0001 00 0007 0008 2F717B3F646E737D"},
      {"SVCB", "1 . ohttp", "000100000800 00"},
      {"SVCB", "1 . key65535", "0001 00FFFF0000"},
      {"SVCB", "1 . key65535=\"a\" key1000=b port=4", "000100000300020004 03E8000162FFFF000161"},
  });
  check_rejects({
      {"SVCB", "1 . bogus", "expected an SvcParam key", "bogus"},
      {"SVCB", "1 . PORT=0", "expected an SvcParam key", "PORT=0"},
      {"SVCB", "1 . mandatory=mandatory", "may not list itself", "mandatory=mandatory"},
      {"SVCB", "1 . mandatory=a,,b", "empty item", "mandatory=a,,b"},
      {"SVCB", "1 . alpn", "a value is required", "alpn"},
      {"SVCB", "1 . alpn=a\\\\b", "backslash in a value list", "alpn=a\\\\b"},
      {"SVCB", "1 . no-default-alpn=h1", "takes no value", "no-default-alpn=h1"},
      {"SVCB", "1 . no-default-alpn", "no-default-alpn is given without alpn", "no-default-alpn"},
      {"SVCB", "1 . port=65536", "expected a port", "port=65536"},
      {"SVCB", "1 . ipv4hint=1.2.3.4,", "empty item", "ipv4hint=1.2.3.4,"},
      {"SVCB", "1 . ipv6hint=::W", "not an IPv6 address", "ipv6hint=::W"},
      {"SVCB", "1 . ech=W", "expected base64", "ech=W"},
      {"SVCB", "1 . key3=1", "port needs exactly 2 octets", "key3=1"},
      {"SVCB", "1 . key123=abc key123=def", "appears twice", "key123=def"},
      {"SVCB", "1 . mandatory=key123", "is listed as mandatory but is missing", "mandatory=key123"},
      {"SVCB", "\\# 8 0001 00 0003 0001 00", "port needs exactly 2 octets",
       "8 0001 00 0003 0001 00"},
  });
}

namespace {
// Splits an RFC 9460 test-vector file into entries: comments stripped, parentheses joined.
std::vector<std::string> vector_entries(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  std::string line, cur;
  int depth = 0;
  while (std::getline(in, line)) {
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      if (c == '\\' && i + 1 < line.size()) {
        cur += c;
        cur += line[++i];
        continue;
      }
      if (c == '"') quoted = !quoted;
      if (!quoted && c == ';') break;
      if (!quoted && (c == '(' || c == ')')) {
        depth += c == '(' ? 1 : -1;
        c = ' ';
      }
      cur += c;
    }
    cur += ' ';
    if (depth == 0) {
      if (cur.find_first_not_of(" \t\r") != std::string::npos) out.push_back(cur);
      cur.clear();
    }
  }
  return out;
}
}  // namespace

TEST_CASE("rdata: the RFC 9460 SVCB test vectors match their generic form") {
  const std::string dir = std::string(ZONELINT_CORPUS_DIR) + "/dnspython/";
  auto text = vector_entries(dir + "svcb_test_vectors.text");
  auto generic = vector_entries(dir + "svcb_test_vectors.generic");
  REQUIRE(text.size() >= 9);
  REQUIRE(text.size() == generic.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    INFO(text[i]);
    auto a = encode("SVCB", text[i]);
    auto b = encode("SVCB", generic[i]);
    CHECK(a.ok);
    CHECK(b.ok);
    CHECK(a.wire_hex == b.wire_hex);
    // The printer's output encodes back to the same wire.
    std::string wire;
    REQUIRE(zl::decode_hex(a.wire_hex, wire));
    auto again = encode("SVCB", rdata_wire_to_text(rrtype::SVCB, wire));
    CHECK(again.wire_hex == a.wire_hex);
  }
}

TEST_CASE("rdata: type mnemonics both ways, any case, as the registry's table has them") {
  // Every code: a mnemonic reads back as its code in upper and lower case; the others are
  // TYPEnnn, which reads back too.
  std::size_t mnemonics = 0;
  for (std::uint32_t code = 0; code <= 65535; ++code) {
    const std::string name = type_name(static_cast<std::uint16_t>(code));
    REQUIRE(parse_type(name) == std::optional<std::uint16_t>(static_cast<std::uint16_t>(code)));
    if (name.rfind("TYPE", 0) == 0) continue;
    ++mnemonics;
    std::string lower = name;
    for (char& c : lower) c = ascii_lower(c);
    REQUIRE(parse_type(lower) == std::optional<std::uint16_t>(static_cast<std::uint16_t>(code)));
  }
  REQUIRE(mnemonics == 94);
  CHECK(type_name(rrtype::TA) == "TA");
  CHECK(type_name(rrtype::DLV) == "DLV");
  CHECK(type_name(263) == "TYPE263");
  CHECK(parse_type("nsap-PTR") == rrtype::NSAP_PTR);
  CHECK(parse_type("Nsec3Param") == rrtype::NSEC3PARAM);
  CHECK(parse_type("OPENPGPKEY") == rrtype::OPENPGPKEY);
  for (const std::string_view no : {"", "NSAP_PTR", "NSAP\rPTR", "NSEC3PARAMS", "OPENPGPKEYX", "AA",
                                    "A ", "TYPE", "TYPE65536", "TYPE1x", "\xc1", "CNAMEX"})
    CHECK_FALSE(parse_type(no).has_value());
  CHECK_FALSE(parse_type(std::string_view("A\0", 2)).has_value());
  CHECK(parse_type("type65535") == 65535);
}
