#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "model/name.hpp"
#include "model/rrtype.hpp"
#include "parse/rdata.hpp"
#include "parse/rdata_internal.hpp"
#include "source.hpp"

using namespace zl;

namespace {

std::string hex(std::string_view b) {
  return rdata_detail::encode_hex(b);
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
  const std::string& stored = sources.file(f).text();
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
    CHECK(r.wire_hex == a.wire_hex);
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
    REQUIRE(rdata_detail::decode_hex(r.wire_hex, wire));
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
}
