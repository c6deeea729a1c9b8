// The same zone written as BIND, octoDNS YAML, Route 53 JSON, Terraform plan JSON and
// DNSControl IR (fixtures/formats/equivalence/) gives the same findings: same rules, same
// owners, same severities. Positions and the spelling of values in messages differ by format.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <tuple>

#include "lint/engine.hpp"
#include "load/loader.hpp"

using namespace zl;

namespace {

const std::string kDir = std::string(ZONELINT_FIXTURES_DIR) + "/formats/equivalence/";

using Finding = std::tuple<std::string, std::string, std::string>;  // rule, owner, severity

std::set<Finding> findings(const std::string& path, std::string* dump = nullptr,
                           const LoadOptions& options = {}) {
  ZoneSet set;
  REQUIRE(load_file(set, path, options));
  Config config{CliPolicy{}};
  LintResult res = lint(set, config);
  std::set<Finding> out;
  for (const Diagnostic& d : res.diagnostics) {
    out.emplace(d.rule, d.owner, std::string(to_string(d.severity)));
    if (dump)
      *dump += d.rule + " " + d.owner + " " + std::string(to_string(d.severity)) + ": " +
               d.message + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("equivalence: one zone in five formats gives the same findings", "[load][equivalence]") {
  std::string bind_dump;
  const std::set<Finding> bind = findings(kDir + "example.com.zone", &bind_dump);
  INFO("BIND findings:\n" << bind_dump);
  // The zone is built to trip these rules; an empty result would prove nothing.
  for (const char* rule :
       {"mx-target-cname", "cname-and-other-data", "mx-null-mixed", "mx-no-redundancy"}) {
    CHECK(std::any_of(bind.begin(), bind.end(),
                      [&](const Finding& f) { return std::get<0>(f) == rule; }));
  }
  for (const char* file :
       {"example.com.yaml", "route53.json", "terraform-plan.json", "dnscontrol-ir.json"}) {
    std::string dump;
    const std::set<Finding> other = findings(kDir + file, &dump);
    INFO(file << " findings:\n" << dump);
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
      "mx1 A 192.0.2.2\nmx2 A 192.0.2.3\n",
      {});
  Config config{CliPolicy{}};
  bool bind_fires = false;
  for (const Diagnostic& d : lint(set, config).diagnostics)
    bind_fires |= d.rule == "missing-trailing-dot";
  CHECK(bind_fires);

  ZoneSet r53;
  load_text(r53, "r53.json", R"({"ResourceRecordSets": [
    {"Name": "example.com.", "Type": "MX", "TTL": 3600, "ResourceRecords": [{"Value": "10 mx1.example.com"}, {"Value": "20 mx2.example.com."}]},
    {"Name": "mx1.example.com.", "Type": "A", "TTL": 3600, "ResourceRecords": [{"Value": "192.0.2.2"}]},
    {"Name": "mx2.example.com.", "Type": "A", "TTL": 3600, "ResourceRecords": [{"Value": "192.0.2.3"}]}]})",
            [] {
              LoadOptions o;
              o.parse.origin = Name::parse("example.com.", nullptr);
              return o;
            }());
  INFO(r53.diagnostics.size());
  std::string all;
  for (const Diagnostic& d : lint(r53, config).diagnostics) all += d.rule + ": " + d.message + "\n";
  INFO(all);
  CHECK(all.find("missing-trailing-dot") == std::string::npos);
  CHECK(all.find("mx-target-no-address") == std::string::npos);
}
