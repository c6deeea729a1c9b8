// Safe automatic fixes (report/fix.hpp): applying edits and the unified diff; and the fixes
// the rules attach, applied to real input through the loader, then linted again.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "lint/config.hpp"
#include "lint/engine.hpp"
#include "load/loader.hpp"
#include "report/fix.hpp"

namespace {

zl::Edit edit(std::uint32_t begin, std::uint32_t end, std::string replacement) {
  return zl::Edit{zl::Span{0, begin, end}, std::move(replacement)};
}

// Loads `text` as `path`, lints it with every rule, and returns the fixes of the findings.
// `rules` gets the rule of each finding with a fix, `all` the rule of every finding.
std::vector<std::vector<zl::Edit>> fixes_of(const std::string& path, const std::string& text,
                                            std::vector<std::string>* rules = nullptr,
                                            std::vector<std::string>* all = nullptr) {
  zl::ZoneSet set;
  zl::LoadOptions lo;
  lo.parse.origin = zl::Name::parse("example.com.", nullptr);
  REQUIRE(zl::load_text(set, path, text, lo));
  zl::Config config{zl::CliPolicy{}};
  const zl::LintResult result = zl::lint(set, config);
  std::vector<std::vector<zl::Edit>> fixes;
  for (const zl::Diagnostic& d : result.diagnostics) {
    if (all != nullptr) all->emplace_back(d.rule);
    if (d.fixes.empty()) continue;
    fixes.push_back(d.fixes.to_vector());
    if (rules != nullptr) rules->emplace_back(d.rule);
  }
  return fixes;
}

}  // namespace

TEST_CASE("fix: edits are applied by position, every other byte kept", "[fix]") {
  const std::string text = "a  ; keep\r\nbb\tx\r\n";
  const auto r = zl::apply_fixes(text, {{edit(5, 5, "!")}, {edit(0, 1, "A.")}});
  CHECK(r.text == "A.  ; !keep\r\nbb\tx\r\n");
  CHECK(r.applied == std::vector<std::size_t>{1, 0});
  CHECK(r.skipped.empty());
}

TEST_CASE("fix: an edit that overlaps an earlier one skips its whole fix", "[fix]") {
  const std::string text = "0123456789";
  // Fix 1 replaces 2..5, fix 0 deletes 4..6 (overlaps: later by position), fix 2 inserts at 3
  // (inside 2..5), fix 3 inserts at 5 (the end of 2..5: no overlap) and deletes 7..8.
  const auto r = zl::apply_fixes(
      text,
      {{edit(4, 6, "")}, {edit(2, 5, "x")}, {edit(3, 3, "y")}, {edit(5, 5, "z"), edit(7, 8, "")}});
  CHECK(r.text == "01xz5689");
  CHECK(r.applied == std::vector<std::size_t>{1, 3});
  CHECK(r.skipped == std::vector<std::size_t>{2, 0});
  // Two insertions at one place conflict (their order would be a guess); the same edit twice
  // is applied once.
  const auto same =
      zl::apply_fixes(text, {{edit(1, 1, ".")}, {edit(1, 1, ".")}, {edit(1, 1, ";")}});
  CHECK(same.text == "0.123456789");
  CHECK(same.applied == std::vector<std::size_t>{0, 1});
  CHECK(same.skipped == std::vector<std::size_t>{2});
  // An edit outside the text skips its fix.
  const auto outside = zl::apply_fixes(text, {{edit(3, 11, "")}});
  CHECK(outside.text == text);
  CHECK(outside.skipped == std::vector<std::size_t>{0});
}

TEST_CASE("fix: unified diff with context, merged hunks, CRLF and a missing final newline",
          "[fix]") {
  std::string text;
  for (int i = 1; i <= 12; ++i) text += "l" + std::to_string(i) + "\r\n";
  text += "last";
  // "l2." (line 2), line 3 deleted, "last." (line 13, no final newline).
  const auto r = zl::apply_fixes(text, {{edit(6, 6, ".")}, {edit(8, 12, "")}, {edit(55, 55, ".")}});
  REQUIRE(r.applied.size() == 3);
  CHECK(zl::unified_diff("z.zone", text, r.edits) ==
        "--- z.zone\n+++ z.zone\n"
        "@@ -1,6 +1,5 @@\n"
        " l1\r\n-l2\r\n+l2.\r\n-l3\r\n l4\r\n l5\r\n l6\r\n"
        "@@ -10,4 +9,4 @@\n"
        " l10\r\n l11\r\n l12\r\n-last\n\\ No newline at end of file\n+last.\n\\ No newline "
        "at end of file\n");
  CHECK(zl::unified_diff("z.zone", text, {}).empty());
}

TEST_CASE("fix: the rules' fixes of a zone file, applied, leave nothing to fix", "[fix]") {
  const std::string zone =
      "$ORIGIN example.com.\r\n"
      "$TTL 3600\r\n"
      "@     IN SOA ns1 hostmaster 1 7200 3600 1209600 300\r\n"
      "@     IN NS  ns1\r\n"
      "ns1   IN A   192.0.2.1\r\n"
      "www   IN CNAME  host.example.com   ; the origin twice\r\n"
      "host  IN A   192.0.2.2\r\n"
      "host  IN A   192.0.2.2  ; the same again\r\n"
      "api   IN CNAME  api.example.net\r\n"  // a public TLD: left to the user in a zone file
      "null  IN MX  10 .\r\n";
  std::vector<std::string> rules;
  const auto fixes = fixes_of("z.zone", zone, &rules);
  CHECK(rules ==
        std::vector<std::string>{"missing-trailing-dot", "duplicate-record", "mx-null-preference"});
  const auto r = zl::apply_fixes(zone, fixes);
  CHECK(r.skipped.empty());
  CHECK(r.text ==
        "$ORIGIN example.com.\r\n"
        "$TTL 3600\r\n"
        "@     IN SOA ns1 hostmaster 1 7200 3600 1209600 300\r\n"
        "@     IN NS  ns1\r\n"
        "ns1   IN A   192.0.2.1\r\n"
        "www   IN CNAME  host.example.com.   ; the origin twice\r\n"
        "host  IN A   192.0.2.2\r\n"
        "api   IN CNAME  api.example.net\r\n"
        "null  IN MX  0 .\r\n");
  CHECK(fixes_of("z.zone", r.text).empty());  // idempotent
}

TEST_CASE("fix: a duplicate whose line another record depends on is not deleted", "[fix]") {
  // The next entry inherits the duplicate's owner: deleting the line would move it to `@`.
  const std::string zone =
      "$ORIGIN example.com.\n$TTL 3600\n"
      "@     IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
      "@     IN NS  ns1\n"
      "ns1   IN A   192.0.2.1\n"
      "ns1   IN A   192.0.2.1\n"
      "      IN AAAA 2001:db8::1\n";
  std::vector<std::string> rules;
  CHECK(fixes_of("z.zone", zone, &rules).empty());
}

TEST_CASE("fix: octoDNS targets get their dot inside the value's bytes only", "[fix]") {
  const std::string yaml =
      "---\n"
      "'':\n"
      "  - type: NS\n"
      "    values:\n"
      "      - ns1.example.com.\n"
      "      - \"ns2.example.net\"   # quoted\n"
      "  - type: MX\n"
      "    values:\n"
      "      - exchange: mx1          # one label: no fix\n"
      "        preference: 10\n"
      "      - exchange: 'mx2.example.com'\n"
      "        preference: 20\n"
      "www:\n"
      "  type: CNAME\n"
      "  value:   host.example.com  # plain\n";
  const auto fixes = fixes_of("example.com.yaml", yaml);
  const auto r = zl::apply_fixes(yaml, fixes);
  CHECK(r.applied.size() == 3);
  CHECK(r.text ==
        "---\n"
        "'':\n"
        "  - type: NS\n"
        "    values:\n"
        "      - ns1.example.com.\n"
        "      - \"ns2.example.net.\"   # quoted\n"
        "  - type: MX\n"
        "    values:\n"
        "      - exchange: mx1          # one label: no fix\n"
        "        preference: 10\n"
        "      - exchange: 'mx2.example.com.'\n"
        "        preference: 20\n"
        "www:\n"
        "  type: CNAME\n"
        "  value:   host.example.com.  # plain\n");
  CHECK(fixes_of("example.com.yaml", r.text).empty());
}

TEST_CASE("fix: no fix for a $GENERATEd record or a duplicate another record takes its TTL from",
          "[fix]") {
  // $GENERATE makes the doubled origin in every record it writes: the line is no one name.
  std::vector<std::string> rules;
  const auto generated = fixes_of("z.zone",
                                  "$ORIGIN example.com.\n$TTL 3600\n"
                                  "@  IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
                                  "@  IN NS  ns1\nns1 IN A 192.0.2.1\n"
                                  "$GENERATE 1-2 host$ CNAME ns1.example.com\n",
                                  nullptr, &rules);
  CHECK(generated.empty());
  CHECK(std::count(rules.begin(), rules.end(), "missing-trailing-dot") >= 1);
  // No $TTL: the record after the duplicate takes the duplicate's TTL (RFC 1035 §5.1).
  rules.clear();
  const auto ttl = fixes_of("z.zone",
                            "$ORIGIN example.com.\n"
                            "@  300 IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
                            "@  300 IN NS  ns1\nns1 300 IN A 192.0.2.1\n"
                            "ns1 300 IN A 192.0.2.1\n"
                            "www IN A 192.0.2.2\n",
                            nullptr, &rules);
  CHECK(ttl.empty());
  CHECK(std::count(rules.begin(), rules.end(), "duplicate-record") == 1);
}
