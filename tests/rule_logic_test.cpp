// Rule logic on hand-built zones (tests/lint_test_util.hpp), one behaviour per test case.
#include <catch2/catch.hpp>

#include "lint_test_util.hpp"

using zltest::add_zone;
using zltest::only;
using zltest::run;
using zltest::summary;
using V = std::vector<std::string>;

namespace {

const std::string kHead =
    "@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
    "@ NS ns1\n"
    "ns1 A 192.0.2.53\n";

V lint_one(const std::string& body, const std::string& rule,
           const std::string& origin = "example.com.") {
  zl::ZoneSet set;
  add_zone(set, std::string(zltest::kDir) + "z.zone", origin,
           "$ORIGIN " + origin + "\n" + kHead + body);
  return only(summary(set, run(set)), rule);
}

}  // namespace

TEST_CASE("mx-target-cname: exchange owning a CNAME, with the CNAME as related location") {
  zl::ZoneSet set;
  add_zone(set, std::string(zltest::kDir) + "z.zone", "example.com.",
           "$ORIGIN example.com.\n" + kHead + "@ MX 10 alias\nalias CNAME ns1\n");
  auto r = run(set);
  REQUIRE(only(summary(set, r), "mx-target-cname") == V{"mx-target-cname@5"});
  for (const auto& d : r.diagnostics)
    if (d.rule == "mx-target-cname") {
      CHECK(set.sources.text(d.span) == "alias");
      REQUIRE(d.notes.size() == 1);
      CHECK(set.sources.begin_of(d.notes[0].span).line == 6);
      CHECK(d.message.find("'alias.example.com.'") != std::string::npos);
      CHECK(d.message.find("'ns1.example.com.'") != std::string::npos);
    }
}

TEST_CASE("mx-target-cname: wildcard CNAME and DNAME count, a delegation does not") {
  CHECK(lint_one("@ MX 10 x.cw\n*.cw CNAME ns1\n", "mx-target-cname") == V{"mx-target-cname@5"});
  CHECK(lint_one("@ MX 10 x.dn\ndn DNAME example.net.\n", "mx-target-cname") ==
        V{"mx-target-cname@5"});
  CHECK(lint_one("@ MX 10 mail.sub\nsub NS ns.example.net.\nmail.sub CNAME x.example.net.\n",
                 "mx-target-cname")
            .empty());
  CHECK(lint_one("@ MX 10 mail\nmail A 192.0.2.1\n", "mx-target-cname").empty());
}

TEST_CASE("mx-target-cname: the exchange is looked up in the other zone of the run") {
  zl::ZoneSet set;
  add_zone(set, std::string(zltest::kDir) + "a.zone", "example.com.",
           "$ORIGIN example.com.\n" + kHead + "@ MX 10 mx.example.net.\n");
  add_zone(set, std::string(zltest::kDir) + "b.zone", "example.net.",
           "$ORIGIN example.net.\n" + kHead + "mx CNAME ns1\n");
  auto s = summary(set, run(set));
  CHECK(only(s, "mx-target-cname") == V{"mx-target-cname@5"});
}

TEST_CASE("mx-target-cname: a sub-zone loaded in the run is authoritative over the parent") {
  zl::ZoneSet set;
  add_zone(set, std::string(zltest::kDir) + "a.zone", "example.com.",
           "$ORIGIN example.com.\n" + kHead + "@ MX 10 mx.sub\nsub NS ns1\n");
  add_zone(set, std::string(zltest::kDir) + "b.zone", "sub.example.com.",
           "$ORIGIN sub.example.com.\n" + kHead + "mx CNAME ns1\n");
  CHECK(only(summary(set, run(set)), "mx-target-cname") == V{"mx-target-cname@5"});
}

TEST_CASE("mx-target-ip: addresses as written, with or without dot, v4 and v6") {
  CHECK(lint_one("@ MX 10 192.0.2.25\n", "mx-target-ip") == V{"mx-target-ip@5"});
  CHECK(lint_one("@ MX 10 192.0.2.25.\n", "mx-target-ip") == V{"mx-target-ip@5"});
  CHECK(lint_one("@ MX 10 2001:db8::25\n", "mx-target-ip") == V{"mx-target-ip@5"});
  CHECK(lint_one("@ MX 10 192.0.2.25.in-addr.arpa.\n", "mx-target-ip").empty());
  CHECK(lint_one("@ MX 10 mail1\nmail1 A 192.0.2.1\n", "mx-target-ip").empty());
  // The address is not reported again as a missing name.
  CHECK(lint_one("@ MX 10 192.0.2.25\n", "mx-target-no-address").empty());
}

TEST_CASE("mx-target-no-address: missing, other types only, empty non-terminal") {
  CHECK(lint_one("@ MX 10 nothere\n", "mx-target-no-address") == V{"mx-target-no-address@5"});
  CHECK(lint_one("@ MX 10 txt\ntxt TXT hi\n", "mx-target-no-address") ==
        V{"mx-target-no-address@5"});
  CHECK(lint_one("@ MX 10 ent\na.ent A 192.0.2.1\n", "mx-target-no-address") ==
        V{"mx-target-no-address@5"});
  CHECK(lint_one("@ MX 10 v6\nv6 AAAA 2001:db8::1\n", "mx-target-no-address").empty());
}

TEST_CASE("mx-target-no-address: wildcards, delegations, glue and other zones") {
  CHECK(lint_one("@ MX 10 a.w\n*.w A 192.0.2.7\n", "mx-target-no-address").empty());
  CHECK(lint_one("@ MX 10 a.w\n*.w TXT x\n", "mx-target-no-address") ==
        V{"mx-target-no-address@5"});
  // The name exists, so the wildcard does not cover it (RFC 4592).
  CHECK(lint_one("@ MX 10 a.w\n*.w A 192.0.2.7\na.w TXT x\n", "mx-target-no-address") ==
        V{"mx-target-no-address@5"});
  CHECK(lint_one("@ MX 10 mail.sub\nsub NS ns.sub\nns.sub A 192.0.2.9\n", "mx-target-no-address")
            .empty());
  CHECK(lint_one("@ MX 10 mail.sub\nsub NS ns.example.net.\n", "mx-target-no-address").empty());
  CHECK(lint_one("@ MX 10 mx.example.net.\n", "mx-target-no-address").empty());
  // A CNAME target is mx-target-cname's finding, not this one's.
  CHECK(lint_one("@ MX 10 a\na CNAME ns1\n", "mx-target-no-address").empty());
}

TEST_CASE("mx-target-no-address: values unknown until apply are never used") {
  CHECK(lint_one("@ MX 10 nothere ; [[unknown]]\n", "mx-target-no-address").empty());
}

TEST_CASE("mx-target-invalid: host-name syntax") {
  CHECK(lint_one("@ MX 10 mail_1.example.net.\n", "mx-target-invalid") == V{"mx-target-invalid@5"});
  CHECK(lint_one("@ MX 10 -mail.example.net.\n", "mx-target-invalid") == V{"mx-target-invalid@5"});
  CHECK(lint_one("@ MX 10 mail-.example.net.\n", "mx-target-invalid") == V{"mx-target-invalid@5"});
  CHECK(lint_one("@ MX 10 *.example.net.\n", "mx-target-invalid") == V{"mx-target-invalid@5"});
  CHECK(lint_one("@ MX 10 a\\.b.example.net.\n", "mx-target-invalid") == V{"mx-target-invalid@5"});
  CHECK(lint_one("@ MX 10 mail.123.\n", "mx-target-invalid") == V{"mx-target-invalid@5"});
  CHECK(lint_one("@ MX 10 xn--bcher-kva.example.net.\n", "mx-target-invalid").empty());
  CHECK(lint_one("@ MX 10 1mail.example.net.\n", "mx-target-invalid").empty());
  CHECK(lint_one("@ MX 0 .\n", "mx-target-invalid").empty());
  CHECK(lint_one("@ MX 10 192.0.2.1.\n", "mx-target-invalid").empty());  // mx-target-ip's
}

TEST_CASE("missing-trailing-dot: origin repeated or public TLD, for every target type") {
  CHECK(lint_one("@ MX 10 mail.example.com\n", "missing-trailing-dot") ==
        V{"missing-trailing-dot@5"});
  CHECK(lint_one("@ MX 10 mail.example.net\n", "missing-trailing-dot") ==
        V{"missing-trailing-dot@5"});
  CHECK(lint_one("www CNAME web.example.org\n", "missing-trailing-dot") ==
        V{"missing-trailing-dot@5"});
  CHECK(lint_one("sub NS ns.example.net\n", "missing-trailing-dot") == V{"missing-trailing-dot@5"});
  CHECK(lint_one("_sip._tcp SRV 0 5 5060 sip.example.net\n", "missing-trailing-dot") ==
        V{"missing-trailing-dot@5"});
  CHECK(lint_one("@ MX 10 mail.example.net.\n", "missing-trailing-dot").empty());
  CHECK(lint_one("@ MX 10 mail\nmail A 192.0.2.1\n", "missing-trailing-dot").empty());
  // `app` is a TLD, but a single label is an ordinary relative name.
  CHECK(lint_one("@ MX 10 app\napp A 192.0.2.1\n", "missing-trailing-dot").empty());
  // `host.dev` is relative when `dev.example.com.` exists in the zone.
  CHECK(lint_one("www CNAME host.dev\nhost.dev A 192.0.2.1\n", "missing-trailing-dot").empty());
  // Not a TLD.
  CHECK(lint_one("www CNAME host.lan\n", "missing-trailing-dot").empty());
}

TEST_CASE("missing-trailing-dot: never for names that are always absolute (Route 53)") {
  zl::ZoneSet set;
  add_zone(set, std::string(zltest::kDir) + "z.zone", "example.com.",
           "$ORIGIN example.com.\n" + kHead + "@ MX 10 mail.example.net\n");
  set.zones[0].names_always_absolute = true;
  CHECK(only(summary(set, run(set)), "missing-trailing-dot").empty());
}

TEST_CASE("missing-trailing-dot: the doubled name is not also reported as missing") {
  CHECK(lint_one("@ MX 10 mail.example.com\nmail A 192.0.2.1\n", "mx-target-no-address").empty());
}

TEST_CASE("mx-null-mixed and mx-null-preference") {
  CHECK(lint_one("@ MX 0 .\n@ MX 10 mx.example.net.\n", "mx-null-mixed") == V{"mx-null-mixed@5"});
  CHECK(lint_one("@ MX 0 .\n@ TXT \"v=spf1 -all\"\n", "mx-null-mixed").empty());
  CHECK(lint_one("@ MX 10 .\n", "mx-null-preference") == V{"mx-null-preference@5"});
  CHECK(lint_one("@ MX 0 .\n", "mx-null-preference").empty());
  CHECK(lint_one("@ MX 0 .\n@ MX 10 .\n", "mx-null-mixed") == V{"mx-null-mixed@5"});
}

TEST_CASE("mx-no-redundancy: single exchange, provider exemptions, shared addresses") {
  CHECK(lint_one("@ MX 10 mx.example.net.\n", "mx-no-redundancy") == V{"mx-no-redundancy@5"});
  CHECK(lint_one("@ MX 10 mx.example.net.\n@ MX 20 mx.example.net.\n", "mx-no-redundancy") ==
        V{"mx-no-redundancy@5"});
  CHECK(lint_one("@ MX 1 smtp.google.com.\n", "mx-no-redundancy").empty());
  CHECK(lint_one("@ MX 0 example-com.mail.protection.outlook.com.\n", "mx-no-redundancy").empty());
  CHECK(lint_one("@ MX 10 inbound-smtp.us-east-1.amazonaws.com.\n", "mx-no-redundancy").empty());
  CHECK(lint_one("@ MX 0 mail.protection.outlook.com.\n", "mx-no-redundancy") ==
        V{"mx-no-redundancy@5"});
  CHECK(lint_one("@ MX 10 a\n@ MX 20 b\na A 192.0.2.1\nb A 192.0.2.1\n", "mx-no-redundancy") ==
        V{"mx-no-redundancy@5"});
  CHECK(
      lint_one("@ MX 10 a\n@ MX 20 b\na A 192.0.2.1\nb A 192.0.2.2\n", "mx-no-redundancy").empty());
  CHECK(
      lint_one("@ MX 10 a\n@ MX 20 mx.example.net.\na A 192.0.2.1\n", "mx-no-redundancy").empty());
  CHECK(lint_one("@ MX 0 .\n", "mx-no-redundancy").empty());
  // A value unknown until apply may be the second exchange.
  CHECK(lint_one("@ MX 10 mx.example.net.\n@ MX 20 x ; [[unknown]]\n", "mx-no-redundancy").empty());
}

TEST_CASE("mx-no-redundancy: one finding per exchange set, other owners as notes") {
  // The apex, its wildcard, the host's own MX and twelve list subdomains share one exchange:
  // one finding at the apex, notes for the first ten other owners, then a count.
  std::string body = "@ MX 10 mail\nmail A 192.0.2.25\nmail MX 10 mail\n* MX 10 mail\n";
  for (int i = 1; i <= 12; ++i) body += "list" + std::to_string(i) + " MX 10 mail\n";
  zl::ZoneSet set;
  add_zone(set, std::string(zltest::kDir) + "z.zone", "example.com.",
           "$ORIGIN example.com.\n" + kHead + body);
  auto r = run(set);
  REQUIRE(only(summary(set, r), "mx-no-redundancy") == V{"mx-no-redundancy@5"});
  for (const auto& d : r.diagnostics) {
    if (d.rule != "mx-no-redundancy") continue;
    CHECK(d.message.find("(14 other owners have the same MX set)") != std::string::npos);
    REQUIRE(d.notes.size() == 11);
    CHECK(d.notes[0].message == "the same MX set at '*.example.com.'");
    CHECK(d.notes[9].message.starts_with("the same MX set at 'list"));
    CHECK(d.notes[10].message == "and 4 more");
  }
  // A nonexistent, address-less, aliased or address-valued exchange is the target rules'
  // finding only.
  CHECK(lint_one("@ MX 10 nosuch\n", "mx-no-redundancy").empty());
  CHECK(lint_one("@ MX 10 txt\ntxt TXT \"x\"\n", "mx-no-redundancy").empty());
  CHECK(lint_one("@ MX 10 alias\nalias CNAME ns1\n", "mx-no-redundancy").empty());
  CHECK(lint_one("@ MX 10 192.0.2.1\n", "mx-no-redundancy").empty());
  CHECK(lint_one("@ MX 10 mx.example.com\n", "mx-no-redundancy").empty());
  CHECK(lint_one("@ MX 10 ns1\n", "mx-no-redundancy") == V{"mx-no-redundancy@5"});
  // (A parse error that may have dropped an MX: fixtures/rules/mx-no-redundancy/
  // parse-error-lost-mx.zone.)
}

TEST_CASE("mx-duplicate-preference: warning across registrable domains, info within one") {
  zl::ZoneSet set;
  add_zone(set, std::string(zltest::kDir) + "z.zone", "example.com.",
           "$ORIGIN example.com.\n" + kHead +
               "@ MX 10 mx.provider.net.\n@ MX 10 backup.isp.example.org.\n"
               "sub MX 10 mx1.provider.net.\nsub MX 10 mx2.provider.net.\n"
               "uk MX 10 mx.a.co.uk.\nuk MX 10 mx.b.co.uk.\n");
  auto r = run(set);
  std::vector<std::pair<std::string, zl::Severity>> got;
  for (const auto& d : r.diagnostics)
    if (d.rule == "mx-duplicate-preference")
      got.emplace_back(std::string(set.sources.text(d.span)), d.severity);
  // Sorted by position: the second exchange of each group.
  REQUIRE(got.size() == 3);
  CHECK(got[0] == std::make_pair(std::string("backup.isp.example.org."), zl::Severity::warning));
  CHECK(got[1] == std::make_pair(std::string("mx2.provider.net."), zl::Severity::info));
  CHECK(got[2] == std::make_pair(std::string("mx.b.co.uk."), zl::Severity::warning));
}

TEST_CASE("mx-duplicate-preference: provider multi-MX sets give no finding") {
  const std::string google =
      "@ MX 1 aspmx.l.google.com.\n@ MX 5 alt1.aspmx.l.google.com.\n"
      "@ MX 5 alt2.aspmx.l.google.com.\n@ MX 10 alt3.aspmx.l.google.com.\n"
      "@ MX 10 alt4.aspmx.l.google.com.\n";
  CHECK(lint_one(google, "mx-duplicate-preference").empty());
  CHECK(lint_one(google, "mx-no-redundancy").empty());
  const std::string legacy =
      "@ MX 1 ASPMX.L.GOOGLE.COM.\n@ MX 5 ALT1.ASPMX.L.GOOGLE.COM.\n"
      "@ MX 5 ALT2.ASPMX.L.GOOGLE.COM.\n@ MX 10 ASPMX2.GOOGLEMAIL.COM.\n"
      "@ MX 10 ASPMX3.GOOGLEMAIL.COM.\n";
  CHECK(lint_one(legacy, "mx-duplicate-preference").empty());
  // A typo'd Google host is not part of the set: a warning at the typo.
  CHECK(lint_one("@ MX 5 alt1.aspmx.l.google.com.\n@ MX 5 atl1.aspmx.l.google.com.\n",
                 "mx-duplicate-preference")
            .size() == 1);
}

TEST_CASE("mx-missing: warning with an apex address, info without, not for arpa or TLDs") {
  zl::ZoneSet set;
  add_zone(set, std::string(zltest::kDir) + "a.zone", "example.com.",
           "$ORIGIN example.com.\n" + kHead + "@ A 192.0.2.80\n");
  add_zone(set, std::string(zltest::kDir) + "b.zone", "example.org.",
           "$ORIGIN example.org.\n" + kHead);
  add_zone(set, std::string(zltest::kDir) + "c.zone", "2.0.192.in-addr.arpa.",
           "$ORIGIN 2.0.192.in-addr.arpa.\n" + kHead);
  add_zone(set, std::string(zltest::kDir) + "d.zone", "example.",
           "$ORIGIN example.\n" + kHead + "@ A 192.0.2.80\n");
  auto r = run(set);
  std::vector<std::pair<std::string, zl::Severity>> got;
  for (const auto& d : r.diagnostics)
    if (d.rule == "mx-missing") got.emplace_back(set.sources.file(d.span.file).path(), d.severity);
  REQUIRE(got.size() == 2);
  CHECK(got[0].first.find("a.zone") != std::string::npos);
  CHECK(got[0].second == zl::Severity::warning);
  CHECK(got[1].first.find("b.zone") != std::string::npos);
  CHECK(got[1].second == zl::Severity::info);
}

TEST_CASE("mx-wildcard-owner: once per wildcard owner") {
  CHECK(lint_one("* MX 10 mx.example.net.\n* MX 20 mx2.example.org.\n", "mx-wildcard-owner") ==
        V{"mx-wildcard-owner@5"});
  CHECK(lint_one("www MX 10 mx.example.net.\n", "mx-wildcard-owner").empty());
}

TEST_CASE("cname-and-other-data: other data, two CNAMEs, DNSSEC records allowed") {
  CHECK(lint_one("mail CNAME x.example.net.\nmail MX 10 mx.example.net.\n",
                 "cname-and-other-data") == V{"cname-and-other-data@5"});
  CHECK(lint_one("a CNAME x.example.net.\na CNAME y.example.net.\n", "cname-and-other-data") ==
        V{"cname-and-other-data@6"});
  CHECK(
      lint_one("a CNAME x.example.net.\na CNAME x.example.net.\n", "cname-and-other-data").empty());
  CHECK(lint_one("a CNAME x.example.net.\na NSEC b.example.com. CNAME RRSIG NSEC\n",
                 "cname-and-other-data")
            .empty());
}

TEST_CASE("duplicate-record: canonical rdata, related location is the first") {
  CHECK(lint_one("@ MX 10 mx.example.net.\n@ MX 10 MX.Example.NET.\n", "duplicate-record") ==
        V{"duplicate-record@6"});
  CHECK(lint_one("@ MX 10 mx.example.net.\n@ MX 20 mx.example.net.\n", "duplicate-record").empty());
  CHECK(lint_one("a TXT \"x\"\na TXT \"X\"\n", "duplicate-record").empty());
}

TEST_CASE("duplicate-record: every later copy points at the first, in small and large sets") {
  // Three copies of one record among others: both later copies are reported, each with the
  // first copy as its note. Small sets are compared in place, sets of more than 16 records
  // through a table of canonical keys: the findings are the same.
  for (const int padding : {0, 20}) {
    std::string body = "a MX 10 mx.example.net.\na MX 20 other.example.net.\n";
    for (int i = 0; i < padding; ++i) body += "a MX " + std::to_string(100 + i) + " p.example.\n";
    body += "a MX 10 MX.example.NET.\na MX 10 mx.example.net.\n";
    zl::ZoneSet set;
    add_zone(set, std::string(zltest::kDir) + "z.zone", "example.com.",
             "$ORIGIN example.com.\n" + kHead + body);
    const auto r = run(set);
    const int first_dup_line = 7 + padding;
    CHECK(only(summary(set, r), "duplicate-record") ==
          V{"duplicate-record@" + std::to_string(first_dup_line),
            "duplicate-record@" + std::to_string(first_dup_line + 1)});
    for (const auto& d : r.diagnostics)
      if (d.rule == "duplicate-record") {
        REQUIRE(d.notes.size() == 1);
        CHECK(set.sources.begin_of(d.notes[0].span).line == 5);
      }
  }
}

TEST_CASE("rrset-ttl-mismatch: points at the differing TTL, names BIND and Knot") {
  zl::ZoneSet set;
  add_zone(set, std::string(zltest::kDir) + "z.zone", "example.com.",
           "$ORIGIN example.com.\n" + kHead +
               "@ 300 MX 10 a.example.net.\n@ 600 MX 20 b.example.net.\n");
  auto r = run(set);
  int n = 0;
  for (const auto& d : r.diagnostics)
    if (d.rule == "rrset-ttl-mismatch") {
      ++n;
      CHECK(set.sources.text(d.span) == "600");
      CHECK(d.message.find("BIND keeps the first (300)") != std::string::npos);
      CHECK(d.message.find("Knot the last (600)") != std::string::npos);
    }
  CHECK(n == 1);
  CHECK(lint_one("@ 300 A 192.0.2.1\n@ 300 A 192.0.2.2\n", "rrset-ttl-mismatch").empty());
}

TEST_CASE("out-of-zone, soa-missing, soa-multiple, ns-missing") {
  CHECK(lint_one("mail.example.net. A 192.0.2.1\n", "out-of-zone") == V{"out-of-zone@5"});
  CHECK(lint_one("@ SOA ns1 hostmaster 2 7200 3600 1209600 300\n", "soa-multiple") ==
        V{"soa-multiple@5"});
  zl::ZoneSet set;
  add_zone(set, std::string(zltest::kDir) + "z.zone", "example.com.",
           "$ORIGIN example.com.\n@ A 192.0.2.1\n");
  auto s = summary(set, run(set));
  CHECK(only(s, "soa-missing") == V{"soa-missing@2"});
  CHECK(only(s, "ns-missing") == V{"ns-missing@2"});
  // DNS-as-code formats leave SOA and NS to the provider.
  zl::ZoneSet y;
  add_zone(y, std::string(zltest::kDir) + "example.com.yaml", "example.com.", "@ A 192.0.2.1\n",
           zl::InputFormat::octodns);
  auto sy = summary(y, run(y));
  CHECK(only(sy, "soa-missing").empty());
  CHECK(only(sy, "ns-missing").empty());
}
