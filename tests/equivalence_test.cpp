// The same zone written as BIND, octoDNS YAML, Route 53 JSON, Terraform plan JSON and
// DNSControl IR (fixtures/formats/equivalence/) gives the same findings: same rules, same
// owners, same severities. Positions and the spelling of values in messages differ by format.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "lint/engine.hpp"
#include "load/loader.hpp"

using namespace zl;
using namespace std::string_literals;

namespace {

const std::string kDir = std::string(ZONELINT_FIXTURES_DIR) + "/formats/equivalence/";

using Finding = std::tuple<std::string, std::string, std::string>;  // rule, owner, severity

// Each input must have loaded as one zone with all of its records and no parse-error: a
// front end that dropped the file, or records of it, would otherwise compare as "no findings".
std::size_t parse_errors(const ZoneSet& set) {
  std::size_t n = 0;
  for (const Diagnostic& d : set.diagnostics.items()) n += d.rule == kParseError;
  return n;
}

std::set<Finding> findings(const std::string& path, std::string* dump = nullptr,
                           std::size_t* records = nullptr, const LoadOptions& options = {}) {
  ZoneSet set;
  INFO(path);
  REQUIRE(load_file(set, path, options));
  REQUIRE(set.zones.size() == 1);
  CHECK(parse_errors(set) == 0);
  if (records) *records = set.zones[0].records.size();
  Config config{CliPolicy{}};
  LintResult res = lint(set, config);
  std::set<Finding> out;
  for (const Diagnostic& d : res.diagnostics) {
    out.emplace(d.rule, d.owner, std::string(to_string(d.severity)));
    if (dump)
      *dump += std::string(d.rule) + " " + d.owner.str() + " " +
               std::string(to_string(d.severity)) + ": " + d.message + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("equivalence: one zone in five formats gives the same findings", "[load][equivalence]") {
  std::string bind_dump;
  std::size_t bind_records = 0;
  const std::set<Finding> bind = findings(kDir + "example.com.zone", &bind_dump, &bind_records);
  INFO("BIND findings:\n" << bind_dump);
  // The zone is built to trip these rules; an empty result would prove nothing.
  for (const char* rule :
       {"mx-target-cname", "cname-and-other-data", "mx-null-mixed", "mx-no-redundancy"}) {
    CHECK(std::any_of(bind.begin(), bind.end(),
                      [&](const Finding& f) { return std::get<0>(f) == rule; }));
  }
  // Every record of the zone file, the SOA aside where the format has none (octoDNS,
  // Terraform and DNSControl leave the SOA to the provider).
  CHECK(bind_records == 16);
  const std::vector<std::pair<const char*, std::size_t>> inputs = {{"example.com.yaml", 15},
                                                                   {"route53.json", 16},
                                                                   {"terraform-plan.json", 15},
                                                                   {"dnscontrol-ir.json", 15}};
  for (const auto& [file, want_records] : inputs) {
    std::string dump;
    std::size_t records = 0;
    const std::set<Finding> other = findings(kDir + file, &dump, &records);
    INFO(file << " findings:\n" << dump);
    CHECK(records == want_records);
    CHECK(other == bind);
  }
}

TEST_CASE("equivalence: missing-trailing-dot is specific to formats with relative names",
          "[load][equivalence]") {
  ZoneSet set;
  load_text(
      set, "example.com.zone",
      "$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 3600\n"
      "@ NS ns1.example.com.\nns1 A 192.0.2.1\n@ MX 10 mx1.example.com\n@ MX 20 mx2.example.com.\n"
      "mx1 A 192.0.2.2\nmx2 A 192.0.2.3\n"s,
      {});
  REQUIRE(set.zones.size() == 1);
  CHECK(parse_errors(set) == 0);
  CHECK(set.zones[0].records.size() == 7);
  Config config{CliPolicy{}};
  bool bind_fires = false;
  for (const Diagnostic& d : lint(set, config).diagnostics)
    bind_fires |= d.rule == "missing-trailing-dot";
  CHECK(bind_fires);

  ZoneSet r53;
  load_text(r53, "r53.json", R"({"ResourceRecordSets": [
    {"Name": "example.com.", "Type": "MX", "TTL": 3600, "ResourceRecords": [{"Value": "10 mx1.example.com"}, {"Value": "20 mx2.example.com."}]},
    {"Name": "mx1.example.com.", "Type": "A", "TTL": 3600, "ResourceRecords": [{"Value": "192.0.2.2"}]},
    {"Name": "mx2.example.com.", "Type": "A", "TTL": 3600, "ResourceRecords": [{"Value": "192.0.2.3"}]}]})"s,
            [] {
              LoadOptions o;
              o.parse.origin = Name::parse("example.com.", nullptr);
              return o;
            }());
  REQUIRE(r53.zones.size() == 1);
  CHECK(parse_errors(r53) == 0);
  CHECK(r53.zones[0].records.size() == 4);
  INFO(r53.diagnostics.size());
  std::string all;
  for (const Diagnostic& d : lint(r53, config).diagnostics)
    all += std::string(d.rule) + ": " + d.message + "\n";
  INFO(all);
  CHECK(all.find("missing-trailing-dot") == std::string::npos);
  CHECK(all.find("mx-target-no-address") == std::string::npos);
}
