#include <catch2/catch.hpp>

#include "load_test_util.hpp"

using namespace zl;
using zl::test::field;
using zl::test::of_type;
using zl::test::where;

namespace {
Name N(const char* s) {
  return *Name::parse(s, nullptr);
}
}  // namespace

TEST_CASE("octodns: zone from the file name, '' is the apex, records map or list",
          "[load][octodns]") {
  const std::string text =
      "---\n"
      "'':\n"
      "  - type: MX\n"
      "    values:\n"
      "    - exchange: mx1.example.com.\n"
      "      preference: 10\n"
      "    - priority: 20\n"
      "      value: mx2.example.com.\n"
      "  - type: TXT\n"
      "    value: v=spf1 -all\n"
      "'*':\n"
      "  type: A\n"
      "  ttl: 300\n"
      "  value: 192.0.2.1\n";
  ZoneSet set = test::load("zones/example.com.yaml", text);
  INFO(test::dump(set));
  REQUIRE(set.diagnostics.empty());
  REQUIRE(set.zones.size() == 1);
  const Zone& z = set.zones[0];
  CHECK(z.origin == N("example.com."));
  CHECK(z.format == InputFormat::octodns);
  auto mx = of_type(z, rrtype::MX);
  REQUIRE(mx.size() == 2);
  CHECK(z.owner(*mx[0]) == N("example.com."));
  CHECK(mx[0]->ttl == 3600);
  CHECK_FALSE(mx[0]->has(kTtlExplicit));
  // Field 0 is the preference, field 1 the exchange, each at its YAML value.
  CHECK(field(set, z, *mx[0], 0) == "10");
  CHECK(field(set, z, *mx[0], 1) == "mx1.example.com.");
  CHECK(where(set, z.fields_of(*mx[0], set.sources)[1].span) == "5:17");
  CHECK(where(set, z.fields_of(*mx[0], set.sources)[0].span) == "6:19");
  // Legacy keys priority/value, in either order.
  CHECK(field(set, z, *mx[1], 0) == "20");
  CHECK(field(set, z, *mx[1], 1) == "mx2.example.com.");
  CHECK(where(set, z.fields_of(*mx[1], set.sources)[1].span) == "8:14");
  auto m1 = as_mx(z, *mx[1]);
  REQUIRE(m1);
  CHECK(m1->preference == 20);
  CHECK(m1->exchange == N("mx2.example.com."));
  CHECK(where(set, z.owner_span(*mx[0])) == "2:1");
  auto a = of_type(z, rrtype::A);
  REQUIRE(a.size() == 1);
  CHECK(z.owner(*a[0]) == N("*.example.com."));
  CHECK(a[0]->ttl == 300);
  CHECK(a[0]->has(kTtlExplicit));
  auto txt = as_txt(z, *of_type(z, rrtype::TXT).at(0));
  REQUIRE(txt);
  CHECK(txt->strings == std::vector<std::string>{"v=spf1 -all"});
}

TEST_CASE("octodns: --origin and default_ttl override the file name and 3600", "[load][octodns]") {
  LoadOptions o;
  o.parse.origin = N("example.org.");
  o.default_ttl = 600;
  ZoneSet set = test::load("whatever.yaml", "www:\n  type: CNAME\n  value: example.org.\n", o);
  REQUIRE(set.zones.size() == 1);
  CHECK(set.zones[0].origin == N("example.org."));
  REQUIRE(set.zones[0].records.size() == 1);
  CHECK(set.zones[0].owner(set.zones[0].records[0]) == N("www.example.org."));
  CHECK(set.zones[0].records[0].ttl == 600);
}

TEST_CASE("octodns: TXT escaped semicolons, long values chunked", "[load][octodns]") {
  const std::string long_value(300, 'a');
  const std::string text =
      "one:\n  type: TXT\n  values:\n  - v=DKIM1\\; k=rsa\n  - " + long_value + "\n";
  ZoneSet set = test::load("example.com.yaml", text);
  INFO(test::dump(set));
  REQUIRE(set.diagnostics.empty());
  const Zone& z = set.zones.at(0);
  auto txt = of_type(z, rrtype::TXT);
  REQUIRE(txt.size() == 2);
  CHECK(as_txt(z, *txt[0])->strings == std::vector<std::string>{"v=DKIM1; k=rsa"});
  auto chunks = as_txt(z, *txt[1])->strings;
  REQUIRE(chunks.size() == 2);
  CHECK(chunks[0].size() == 255);
  CHECK(chunks[1].size() == 45);
}

TEST_CASE("octodns: an unescaped semicolon is an error unless the record is lenient",
          "[load][octodns]") {
  ZoneSet strict = test::load("example.com.yaml", "one:\n  type: TXT\n  value: a; b\n");
  REQUIRE(strict.diagnostics.size() == 1);
  CHECK(strict.diagnostics.items()[0].rule == "parse-error");
  CHECK(where(strict, strict.diagnostics.items()[0].span) == "3:10");
  ZoneSet lenient = test::load("example.com.yaml",
                               "one:\n  type: TXT\n  octodns:\n    lenient: true\n  value: a; b\n");
  CHECK(lenient.diagnostics.empty());
  REQUIRE(lenient.zones.at(0).records.size() == 1);
  CHECK(lenient.zones[0].records[0].has(kLenient));
}

TEST_CASE("octodns: SRV, CAA, PTR, NS, AAAA, SSHFP shapes", "[load][octodns]") {
  const std::string text =
      "'':\n"
      "- type: CAA\n"
      "  value: {tag: issue, value: ca.example.net}\n"
      "- type: NS\n"
      "  values: [ns1.example.net., ns2.example.net.]\n"
      "- type: SSHFP\n"
      "  value: {algorithm: 1, fingerprint_type: 1, fingerprint: "
      "bf6b6825d2977c511a475bbefb88aad54a92ac73}\n"
      "_sip._tcp:\n"
      "  type: SRV\n"
      "  value: {priority: 10, weight: 20, port: 5060, target: sip.example.com.}\n"
      "v6:\n"
      "  type: AAAA\n"
      "  value: 2001:db8::1\n"
      "ptr:\n"
      "  type: PTR\n"
      "  value: host.example.com.\n";
  ZoneSet set = test::load("example.com.yaml", text);
  INFO(test::dump(set));
  REQUIRE(set.diagnostics.empty());
  const Zone& z = set.zones.at(0);
  auto caa = as_caa(z, *of_type(z, rrtype::CAA).at(0));
  REQUIRE(caa);
  CHECK(caa->flags == 0);
  CHECK(caa->tag == "issue");
  CHECK(caa->value == "ca.example.net");
  CHECK(of_type(z, rrtype::NS).size() == 2);
  auto srv = as_srv(z, *of_type(z, rrtype::SRV).at(0));
  REQUIRE(srv);
  CHECK(srv->port == 5060);
  CHECK(srv->target == N("sip.example.com."));
  CHECK(field(set, z, *of_type(z, rrtype::SRV)[0], 3) == "sip.example.com.");
  CHECK(of_type(z, rrtype::AAAA).size() == 1);
  CHECK(as_name_target(z, *of_type(z, rrtype::PTR).at(0))->target == N("host.example.com."));
  CHECK(of_type(z, rrtype::SSHFP).size() == 1);
}

TEST_CASE("octodns: wrong MX shapes are located errors and the rest still loads",
          "[load][octodns]") {
  const std::string text =
      "a:\n"
      "  type: MX\n"
      "  value:\n"
      "    preference: 10\n"  // line 4: no exchange
      "b:\n"
      "  type: MX\n"
      "  value:\n"
      "    preference: ten\n"  // line 8
      "    exchange: mx.example.com.\n"
      "c:\n"
      "  type: MX\n"
      "  value:\n"
      "    preference: 70000\n"  // line 13
      "    exchange: mx.example.com.\n"
      "d:\n"
      "  type: MX\n"
      "  value: 10 mx.example.com.\n"  // line 17: a string, not a mapping
      "ok:\n"
      "  type: MX\n"
      "  value: {preference: 0, exchange: .}\n";
  ZoneSet set = test::load("example.com.yaml", text);
  const auto& d = set.diagnostics.items();
  INFO(test::dump(set));
  REQUIRE(d.size() == 4);
  CHECK(where(set, d[0].span) == "4:5");
  CHECK_THAT(d[0].message, Catch::Contains("no 'exchange'"));
  CHECK(where(set, d[1].span) == "8:17");
  CHECK_THAT(d[1].message, Catch::Contains("'ten' is not an unsigned integer"));
  CHECK(where(set, d[2].span) == "13:17");
  CHECK_THAT(d[2].message, Catch::Contains("out of range"));
  CHECK(where(set, d[3].span) == "17:10");
  CHECK_THAT(d[3].message, Catch::Contains("must be a mapping"));
  for (const Diagnostic& x : d) CHECK(x.rule == "parse-error");
  REQUIRE(set.zones.size() == 1);
  auto mx = of_type(set.zones[0], rrtype::MX);
  REQUIRE(mx.size() == 1);
  CHECK(as_mx(set.zones[0], *mx[0])->is_null());
}

TEST_CASE("octodns: ignored records are dropped, ALIAS is an address of unknown value",
          "[load][octodns]") {
  const std::string text =
      "'':\n"
      "  type: ALIAS\n"
      "  value: lb.example.net.\n"
      "gone:\n"
      "  type: A\n"
      "  octodns: {ignored: true}\n"
      "  value: 192.0.2.9\n"
      "fwd:\n"
      "  type: URLFWD\n"
      "  value: {code: 301, masking: 2, path: '/', query: 0, target: 'http://x'}\n";
  ZoneSet set = test::load("example.com.yaml", text);
  INFO(test::dump(set));
  REQUIRE(set.diagnostics.empty());
  const Zone& z = set.zones.at(0);
  REQUIRE(z.records.size() == 1);
  CHECK(z.records[0].type == rrtype::A);
  CHECK(z.records[0].has(kValueUnknown));
  CHECK(z.rdata(z.records[0]).empty());
}

TEST_CASE("octodns: malformed YAML is a located error", "[load][octodns]") {
  ZoneSet set = test::load("example.com.yaml", "a:\n  type: A\n  value: [1.2.3.4\n");
  REQUIRE(set.diagnostics.size() == 1);
  CHECK(set.diagnostics.items()[0].rule == "parse-error");
  CHECK_THAT(set.diagnostics.items()[0].message, Catch::Contains("invalid YAML"));
  CHECK(set.zones.empty());
}

TEST_CASE("octodns: a billion-laughs document is refused quickly", "[load][octodns]") {
  std::string text =
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    const char p = static_cast<char>(c - 1);
    text += std::string(1, c) + ": &" + c + " [*" + p + ",*" + p + ",*" + p + ",*" + p + ",*" + p +
            ",*" + p + ",*" + p + ",*" + p + ",*" + p + "]\n";
  }
  text += "txt:\n  type: TXT\n  values: *j\n";  // 10^9 strings if expanded
  ZoneSet set = test::load("example.com.yaml", text);
  REQUIRE(set.diagnostics.size() == 1);
  CHECK_THAT(set.diagnostics.items()[0].message, Catch::Contains("refused"));
  CHECK(set.zones.empty());
}

TEST_CASE("octodns: deep nesting is refused", "[load][octodns]") {
  // (With a `type:` key, so that the file is taken as octoDNS and reaches the YAML parser.)
  std::string text =
      "a:\n  type: TXT\n  value: " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  ZoneSet set = test::load("example.com.yaml", text);
  REQUIRE(set.diagnostics.size() == 1);
  CHECK(set.diagnostics.items()[0].rule == "parse-error");
}

TEST_CASE("octodns: the same structure written as JSON", "[load][octodns]") {
  const std::string text =
      R"({"": {"type": "MX", "values": [{"exchange": "mx.example.com.", "preference": 10}]},
 "mx": {"type": "A", "value": "192.0.2.1"}})";
  ZoneSet set = test::load("example.com.json", text);
  INFO(test::dump(set));
  REQUIRE(set.diagnostics.empty());
  REQUIRE(set.zones.size() == 1);
  const Zone& z = set.zones[0];
  CHECK(z.format == InputFormat::octodns);
  auto mx = of_type(z, rrtype::MX);
  REQUIRE(mx.size() == 1);
  CHECK(field(set, z, *mx[0], 1) == "mx.example.com.");
  CHECK(where(set, z.fields_of(*mx[0], set.sources)[1].span) == "1:46");
}

TEST_CASE("octodns: record names are relative, wrong names are errors", "[load][octodns]") {
  ZoneSet set =
      test::load("example.com.yaml", "www.example.com.:\n  type: A\n  value: 192.0.2.1\n");
  REQUIRE(set.diagnostics.size() == 1);
  CHECK_THAT(set.diagnostics.items()[0].message, Catch::Contains("not relative"));
}
