// Route 53, Terraform plan and DNSControl IR front ends, and format detection.
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

TEST_CASE("route53: record sets, values as rdata text, names fully qualified", "[load][route53]") {
  const std::string text = R"({"ResourceRecordSets": [
  {"Name": "example.com.", "Type": "SOA", "TTL": 900, "ResourceRecords": [{"Value": "ns-1.awsdns-00.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"}]},
  {"Name": "example.com.", "Type": "MX", "TTL": 300,
   "ResourceRecords": [{"Value": "10 mail.example.com"}, {"Value": "20 mail2.example.com."}]},
  {"Name": "\\052.example.com.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]},
  {"Name": "www.example.com.", "Type": "A", "AliasTarget": {"HostedZoneId": "Z2", "DNSName": "lb.example.net.", "EvaluateTargetHealth": false}},
  {"Name": "example.com.", "Type": "TXT", "TTL": 300, "ResourceRecords": [{"Value": "\"v=spf1 -all\""}]}
]})";
  ZoneSet set = test::load("r53.json", text);
  INFO(test::dump(set));
  REQUIRE(set.diagnostics.empty());
  REQUIRE(set.zones.size() == 1);
  const Zone& z = set.zones[0];
  CHECK(z.format == InputFormat::route53);
  CHECK(z.names_always_absolute);
  CHECK(z.origin == N("example.com."));
  auto mx = of_type(z, rrtype::MX);
  REQUIRE(mx.size() == 2);
  // "mail.example.com" without the dot is fully qualified in Route 53.
  CHECK(as_mx(z, *mx[0])->exchange == N("mail.example.com."));
  CHECK(field(set, z, *mx[0], 1) == "mail.example.com");
  CHECK(where(set, z.fields_of(*mx[0], set.sources)[1].span) == "4:38");
  CHECK(where(set, z.fields_of(*mx[0], set.sources)[0].span) == "4:35");
  auto a = of_type(z, rrtype::A);
  REQUIRE(a.size() == 2);
  CHECK(z.owner(*a[0]) == N("*.example.com."));
  // An alias record set is an A record of unknown value, not a CNAME.
  CHECK(z.owner(*a[1]) == N("www.example.com."));
  CHECK(a[1]->has(kValueUnknown));
  CHECK(of_type(z, rrtype::CNAME).empty());
  CHECK(as_txt(z, *of_type(z, rrtype::TXT).at(0))->strings ==
        std::vector<std::string>{"v=spf1 -all"});
}

TEST_CASE("route53: wrong shapes are located errors", "[load][route53]") {
  const std::string text = R"({"ResourceRecordSets": [
  {"Name": "example.com.", "Type": "MX", "TTL": 300, "ResourceRecords": [{"Value": "ten mail.example.com"}]},
  {"Name": "example.com.", "Type": "MX", "TTL": 300, "ResourceRecords": [{"Value": "10"}]},
  {"Name": "example.com.", "Type": "MX", "TTL": "x", "ResourceRecords": [{"Value": "10 a.example.com"}]}
]})";
  LoadOptions o;
  o.parse.origin = N("example.com.");
  ZoneSet set = test::load("r53.json", text, o);
  INFO(test::dump(set));
  REQUIRE(set.diagnostics.size() == 3);
  CHECK(where(set, set.diagnostics.items()[0].span) == "2:85");
  CHECK(set.diagnostics.items()[1].span.valid());
  CHECK(where(set, set.diagnostics.items()[2].span) == "4:49");
  CHECK(set.zones.at(0).records.empty());
}

TEST_CASE("terraform: planned records of the four providers, deletions excluded",
          "[load][terraform]") {
  const std::string text =
      R"({"format_version": "1.2", "terraform_version": "1.9.0", "resource_changes": [
 {"address": "module.dns.aws_route53_record.mx", "mode": "managed", "type": "aws_route53_record", "name": "mx",
  "change": {"actions": ["create"], "before": null,
   "after": {"name": "example.com", "type": "MX", "ttl": 300, "records": ["10 mail.example.com"]},
   "after_unknown": {"zone_id": true, "fqdn": true, "id": true}}},
 {"address": "aws_route53_record.old", "mode": "managed", "type": "aws_route53_record", "name": "old",
  "change": {"actions": ["delete"], "before": {"name": "old.example.com", "type": "A", "ttl": 300, "records": ["192.0.2.1"]},
   "after": null, "after_unknown": {}}},
 {"address": "cloudflare_dns_record.mx", "mode": "managed", "type": "cloudflare_dns_record", "name": "mx",
  "change": {"actions": ["create"], "before": null,
   "after": {"name": "example.com", "type": "MX", "ttl": 1, "content": "mx1.example.net", "priority": 20},
   "after_unknown": {"id": true}}},
 {"address": "google_dns_record_set.mx", "mode": "managed", "type": "google_dns_record_set", "name": "mx",
  "change": {"actions": ["update"],
   "after": {"name": "example.com.", "type": "MX", "ttl": 300, "rrdatas": ["30 mx3.example.org."]},
   "after_unknown": {}}},
 {"address": "azurerm_dns_mx_record.mx", "mode": "managed", "type": "azurerm_dns_mx_record", "name": "mx",
  "change": {"actions": ["create"],
   "after": {"name": "@", "zone_name": "example.com", "ttl": 300, "record": [{"preference": 40, "exchange": "mx4.example.com"}]},
   "after_unknown": {"id": true}}},
 {"address": "aws_route53_record.www", "mode": "managed", "type": "aws_route53_record", "name": "www",
  "change": {"actions": ["create"],
   "after": {"name": "www.example.com", "type": "CNAME", "ttl": 300},
   "after_unknown": {"records": true}}}
]})";
  ZoneSet set = test::load("plan.json", text);
  INFO(test::dump(set));
  REQUIRE(set.diagnostics.empty());
  std::vector<const Record*> mx;
  std::vector<std::pair<const Zone*, const Record*>> all;
  for (const Zone& z : set.zones) {
    CHECK(z.format == InputFormat::terraform);
    CHECK(z.origin == N("example.com."));
    for (const Record& r : z.records) all.emplace_back(&z, &r);
  }
  REQUIRE(all.size() == 5);  // the deleted record is not there
  int unknown = 0;
  std::vector<std::string> exchanges;
  for (auto [z, r] : all) {
    if (r->has(kValueUnknown)) {
      ++unknown;
      CHECK(r->type == rrtype::CNAME);
      CHECK(z->owner(*r) == N("www.example.com."));
      continue;
    }
    REQUIRE(r->type == rrtype::MX);
    auto m = as_mx(*z, *r);
    REQUIRE(m);
    exchanges.push_back(m->exchange.text());
  }
  CHECK(unknown == 1);
  std::sort(exchanges.begin(), exchanges.end());
  CHECK(exchanges == std::vector<std::string>{"mail.example.com.", "mx1.example.net.",
                                              "mx3.example.org.", "mx4.example.com."});
  // Findings point at the value in the plan, and name the resource address.
  const Zone* aws_zone = nullptr;
  const Record* aws = nullptr;
  for (auto [z, r] : all) {
    if (!r->has(kValueUnknown) && as_mx(*z, *r)->preference == 10) {
      aws_zone = z;
      aws = r;
    }
  }
  REQUIRE(aws);
  CHECK(where(set, aws_zone->fields_of(*aws, set.sources)[1].span) == "4:79");
  std::vector<Diagnostic> diags(1);
  diags[0].span = aws_zone->fields_of(*aws, set.sources)[1].span;
  add_declaration_notes(set, diags);
  REQUIRE(diags[0].notes.size() == 1);
  CHECK(diags[0].notes[0].message == "resource module.dns.aws_route53_record.mx");
}

TEST_CASE("terraform: wrong shapes are located errors", "[load][terraform]") {
  const std::string text = R"({"format_version": "1.2", "resource_changes": [
 {"address": "azurerm_dns_mx_record.mx", "mode": "managed", "type": "azurerm_dns_mx_record", "name": "mx",
  "change": {"actions": ["create"],
   "after": {"name": "@", "zone_name": "example.com", "ttl": 300, "record": [{"preference": 70000, "exchange": "mx.example.com"}, {"preference": "ten", "exchange": "mx.example.com"}, {"preference": 1}]},
   "after_unknown": {}}}]})";
  ZoneSet set = test::load("plan.json", text);
  INFO(test::dump(set));
  REQUIRE(set.diagnostics.size() == 3);
  CHECK_THAT(set.diagnostics.items()[0].message, Catch::Contains("out of range"));
  CHECK(where(set, set.diagnostics.items()[0].span) == "4:93");
  CHECK_THAT(set.diagnostics.items()[1].message,
             Catch::Contains("'ten' is not an unsigned integer"));
  CHECK_THAT(set.diagnostics.items()[2].message,
             Catch::Contains("needs 'preference' and 'exchange'"));
}

TEST_CASE("dnscontrol: IR records, mxpreference absent means 0, filepos as a note",
          "[load][dnscontrol]") {
  const std::string text = R"({"domains": [{"name": "foo.com", "records": [
  {"filepos": "[line:2:5]", "mxpreference": 15, "name": "@", "target": "mail.foo.com.", "ttl": 300, "type": "MX"},
  {"filepos": "[line:3:5]", "name": "@", "target": ".", "ttl": 300, "type": "MX"},
  {"filepos": "[line:4:5]", "name": "www", "target": "foo.com.", "ttl": 300, "type": "CNAME"},
  {"filepos": "[line:5:5]", "name": "r", "target": "foo.com.", "ttl": 300, "type": "CF_REDIRECT"}
]}], "registrars": [], "dns_providers": []})";
  ZoneSet set = test::load("ir.json", text);
  INFO(test::dump(set));
  REQUIRE(set.diagnostics.empty());
  REQUIRE(set.zones.size() == 1);
  const Zone& z = set.zones[0];
  CHECK(z.format == InputFormat::dnscontrol);
  CHECK(z.origin == N("foo.com."));
  auto mx = of_type(z, rrtype::MX);
  REQUIRE(mx.size() == 2);
  CHECK(as_mx(z, *mx[0])->preference == 15);
  CHECK(field(set, z, *mx[0], 1) == "mail.foo.com.");
  CHECK(where(set, z.fields_of(*mx[0], set.sources)[1].span) == "2:73");
  CHECK(as_mx(z, *mx[1])->preference == 0);
  CHECK(as_mx(z, *mx[1])->is_null());
  CHECK(of_type(z, rrtype::CNAME).size() == 1);
  CHECK(z.records.size() == 3);  // the provider pseudo-record is not a DNS record
  std::vector<Diagnostic> diags(1);
  diags[0].span = z.fields_of(*mx[0], set.sources)[1].span;
  add_declaration_notes(set, diags);
  REQUIRE(diags[0].notes.size() == 1);
  CHECK(diags[0].notes[0].message == "record declared in dnsconfig.js at 2:5");
}

TEST_CASE("detection: content decides, --input-format overrides, unknown is an error",
          "[load][detect]") {
  SECTION("unknown JSON lists the formats tried") {
    ZoneSet set = test::load("package.json", R"({"name": "x", "version": "1.0.0"})");
    REQUIRE(set.diagnostics.size() == 1);
    CHECK_THAT(set.diagnostics.items()[0].message,
               Catch::Contains("Route 53") && Catch::Contains("Terraform") &&
                   Catch::Contains("DNSControl") && Catch::Contains("octoDNS"));
  }
  SECTION("a directory walk skips files in no known format") {
    LoadOptions o;
    o.skip_unknown_format = true;
    ZoneSet set = test::load("package.json", R"({"name": "x"})", o);
    CHECK(set.diagnostics.empty());
    ZoneSet y = test::load("ci.yaml", "on: push\njobs:\n  x: {}\n", o);
    CHECK(y.diagnostics.empty());
  }
  SECTION("malformed JSON is located") {
    ZoneSet set = test::load("r53.json", "{\"ResourceRecordSets\": [\n  {]}");
    REQUIRE(set.diagnostics.size() == 1);
    CHECK(where(set, set.diagnostics.items()[0].span) == "2:4");
    CHECK_THAT(set.diagnostics.items()[0].message, Catch::StartsWith("invalid JSON"));
  }
  SECTION("--input-format forces the front end") {
    LoadOptions o;
    o.format = FormatChoice::route53;
    ZoneSet set = test::load("data.txt", R"({"domains": []})", o);
    REQUIRE(set.diagnostics.size() == 1);
    CHECK_THAT(set.diagnostics.items()[0].message, Catch::Contains("ResourceRecordSets"));
  }
  SECTION("format names") {
    CHECK(parse_format_choice("octodns") == FormatChoice::octodns);
    CHECK(parse_format_choice("Route53") == FormatChoice::route53);
    CHECK(parse_format_choice("bind") == FormatChoice::zone);
    CHECK_FALSE(parse_format_choice("xml"));
  }
  SECTION("input file names") {
    CHECK(looks_like_input("zones/example.com.zone"));
    CHECK(looks_like_input("db.example"));
    CHECK(looks_like_input("example.com.yaml"));
    CHECK(looks_like_input("plan.json"));
    CHECK_FALSE(looks_like_input(".zonelint.yaml"));
    CHECK_FALSE(looks_like_input("README.md"));
  }
}
