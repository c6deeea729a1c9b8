// Baseline fingerprints (lint/baseline.hpp): what they survive, what they do not, and the file.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lint/baseline.hpp"
#include "lint_test_util.hpp"

namespace {

// "rule fingerprint" of every finding of `text`, sorted.
std::vector<std::string> prints(const std::string& text) {
  zl::ZoneSet set;
  zltest::add_zone(set, std::string(zltest::kDir) + "z.zone", "example.com.", text);
  const zl::LintResult r = zltest::run(set);
  std::vector<std::string> out;
  for (const zl::BaselineEntry& e : zl::fingerprint_all(set, r.diagnostics))
    out.push_back(e.rule + " " + e.fingerprint);
  std::sort(out.begin(), out.end());
  return out;
}

const std::string kZone =
    "@ 3600 SOA ns1 hostmaster 1 7200 3600 1209600 3600\n"
    "@ 3600 NS ns1\n"
    "ns1 3600 A 192.0.2.1\n"
    "@ 3600 MX 10 mail\n"
    "mail 3600 CNAME host\n"
    "host 3600 A 192.0.2.2\n";

bool has(const std::vector<std::string>& v, const std::string& rule) {
  return std::any_of(v.begin(), v.end(),
                     [&](const std::string& s) { return s.rfind(rule, 0) == 0; });
}

}  // namespace

TEST_CASE("baseline: fingerprints ignore lines added above and spacing and name case and TTL") {
  const auto base = prints(kZone);
  REQUIRE(has(base, "mx-target-cname"));
  // Lines added above: the findings of the original records keep their fingerprints.
  const auto moved = prints("; a comment\n;\n" + kZone);
  CHECK(moved == base);
  // Reformatting: other spacing, upper-case names, another TTL.
  std::string reformatted = kZone;
  const std::string mx = "@ 3600 MX 10 mail\n";
  reformatted.replace(reformatted.find(mx), mx.size(), "@    7200   MX   10   MAIL\n");
  CHECK(prints(reformatted) == base);
}

TEST_CASE("baseline: fingerprints change with the record data and count identical keys") {
  const auto base = prints(kZone);
  std::string other = kZone;
  const std::string mx = "@ 3600 MX 10 mail\n";
  other.replace(other.find(mx), mx.size(), "@ 3600 MX 20 mail\n");
  const auto changed = prints(other);
  CHECK(has(changed, "mx-target-cname"));
  CHECK(changed != base);

  zl::Diagnostic d;
  d.rule = "parse-error";
  d.message = "same";
  zl::ZoneSet set;
  const std::vector<zl::Diagnostic> two{d, d};
  const auto e = zl::fingerprint_all(set, two);
  REQUIRE(e.size() == 2);
  CHECK(e[0].fingerprint != e[1].fingerprint);  // occurrence counter
  CHECK(e[0].fingerprint.size() == 16);
}

TEST_CASE("baseline: the file is sorted and stable and unused entries are reported") {
  std::vector<zl::BaselineEntry> entries{
      {"00000000000000bb", "b-rule", "example.com.", "a.example.com.", "A"},
      {"00000000000000aa", "a-rule", "example.com.", "b.example.com.", "MX"}};
  const std::string text = zl::write_baseline(entries);
  std::reverse(entries.begin(), entries.end());
  CHECK(zl::write_baseline(entries) == text);
  CHECK(
      text ==
      "{\n  \"entries\": [\n"
      "    {\"fingerprint\":\"00000000000000aa\",\"owner\":\"b.example.com.\",\"rule\":\"a-rule\","
      "\"type\":\"MX\",\"zone\":\"example.com.\"},\n"
      "    {\"fingerprint\":\"00000000000000bb\",\"owner\":\"a.example.com.\",\"rule\":\"b-rule\","
      "\"type\":\"A\",\"zone\":\"example.com.\"}\n"
      "  ],\n  \"version\": 1\n}\n");
  CHECK(zl::write_baseline({}) == "{\n  \"entries\": [],\n  \"version\": 1\n}\n");
  std::vector<zl::BaselineEntry> back;
  std::string error;
  REQUIRE(zl::read_baseline(text, &back, &error));
  CHECK(zl::write_baseline(back) == text);
  CHECK_FALSE(zl::read_baseline("[]", &back, &error));
  CHECK_FALSE(zl::read_baseline("{\"entries\": []}", &back, &error));

  zl::Diagnostic d;
  d.rule = "a-rule";
  std::vector<zl::Diagnostic> diags{d, d};
  std::vector<zl::BaselineEntry> current{entries[1], {"00000000000000cc", "a-rule", "", "", ""}};
  CHECK(zl::apply_baseline(diags, current, back, "bl.json") == 1);
  REQUIRE(diags.size() == 2);
  CHECK(current[0].fingerprint == "00000000000000cc");
  CHECK(diags[1].rule == "baseline-entry-unused");
  CHECK(diags[1].severity == zl::Severity::info);
  CHECK(diags[1].message.find("00000000000000aa") != std::string::npos);
}

TEST_CASE("baseline: a fingerprint hashes the key and the count of the same key before it") {
  // The definition (lint/baseline.hpp), computed here from scratch: FNV-1a (64-bit) of rule,
  // zone, owner, type and data (here the message: no record) joined by NULs, then a NUL and n.
  const auto fnv = [](std::string_view s) {
    std::uint64_t h = 1469598103934665603ULL;
    for (const char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
    return h;
  };
  const auto hex = [](std::uint64_t v) {
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, v >>= 4)
      out[static_cast<std::size_t>(i)] = "0123456789abcdef"[v & 0xf];
    return out;
  };
  const std::string nul(1, '\0');
  const auto expected = [&](const std::string& message, int n) {
    return hex(fnv("parse-error" + nul + nul + nul + nul + message + nul + std::to_string(n)));
  };
  // Keys repeated out of order: each occurrence counts those before it.
  std::vector<zl::Diagnostic> diags;
  for (const char* message : {"a", "b", "a", "c", "a"}) {
    zl::Diagnostic d;
    d.rule = "parse-error";
    d.message = message;
    diags.push_back(d);
  }
  zl::ZoneSet set;
  const auto e = zl::fingerprint_all(set, diags);
  REQUIRE(e.size() == 5);
  CHECK(e[0].fingerprint == expected("a", 0));
  CHECK(e[1].fingerprint == expected("b", 0));
  CHECK(e[2].fingerprint == expected("a", 1));
  CHECK(e[3].fingerprint == expected("c", 0));
  CHECK(e[4].fingerprint == expected("a", 2));
}

TEST_CASE(
    "baseline: a finding is matched to its record whether or not the records come in file order") {
  // A zone whose records the parser made in file order is searched in place; one whose records
  // are out of order (as an $INCLUDE or another front end can make them) through a sorted copy.
  // Both must find the record each finding lies in, and fingerprints() must give the
  // fingerprints of fingerprint_all().
  const auto make = [](bool reversed) {
    zl::ZoneSet set;
    zltest::add_zone(set, std::string(zltest::kDir) + "z.zone", "example.com.", kZone);
    if (reversed) {
      auto& records = set.zones[0].records;
      std::reverse(records.begin(), records.end());
    }
    return set;
  };
  const zl::ZoneSet in_order = make(false);
  const zl::ZoneSet reversed = make(true);
  const zl::Zone& z = in_order.zones[0];
  REQUIRE(z.records.size() == 6);
  // One finding inside each record (without an owner or a type: they come from the record), and
  // one outside every record.
  std::vector<zl::Diagnostic> diags;
  for (const zl::Record& r : z.records) {
    zl::Diagnostic d;
    d.rule = "test-rule";
    d.message = "m";
    const zl::Span s = z.span(r);
    d.span = zl::Span{s.file, s.begin + 1, s.end - 1};
    diags.push_back(d);
  }
  zl::Diagnostic outside;
  outside.rule = "test-rule";
  outside.message = "m";
  outside.span = zl::Span{z.file, static_cast<std::uint32_t>(kZone.size()),
                          static_cast<std::uint32_t>(kZone.size())};
  diags.push_back(outside);

  const auto a = zl::fingerprint_all(in_order, diags);
  const auto b = zl::fingerprint_all(reversed, diags);
  REQUIRE(a.size() == diags.size());
  REQUIRE(b.size() == diags.size());
  for (std::size_t i = 0; i < z.records.size(); ++i) {
    INFO("record " << i);
    const zl::Record& r = z.records[i];
    CHECK(a[i].owner == z.owner(r).canonical_text());
    CHECK(a[i].type == zl::type_name(r.type));
    CHECK(a[i].zone == "example.com.");
  }
  CHECK(a.back().type.empty());  // no record holds it
  const std::vector<std::string> prints_in_order = zl::fingerprints(in_order, diags);
  const std::vector<std::string> prints_reversed = zl::fingerprints(reversed, diags);
  for (std::size_t i = 0; i < diags.size(); ++i) {
    INFO("finding " << i);
    CHECK(a[i].owner == b[i].owner);
    CHECK(a[i].type == b[i].type);
    CHECK(a[i].fingerprint == b[i].fingerprint);
    CHECK(prints_in_order[i] == a[i].fingerprint);
    CHECK(prints_reversed[i] == a[i].fingerprint);
  }
}
