// JoinedTxt: TXT strings joined as a resolver sees them, each byte mapped back to the file.
#include <catch2/catch.hpp>

#include "load_test_util.hpp"
#include "model/txt.hpp"

namespace {

using zl::JoinedTxt;

// The source text a span of the joined text points at.
std::string src(const zl::ZoneSet& set, const JoinedTxt& j, std::uint32_t b, std::uint32_t e) {
  return std::string(set.sources.text(j.span_of(b, e)));
}

const zl::Record& first_txt(const zl::ZoneSet& set) {
  REQUIRE(set.zones.size() == 1);
  const auto txts = zl::test::of_type(set.zones[0], zl::rrtype::TXT);
  REQUIRE(!txts.empty());
  return *txts.front();
}

}  // namespace

TEST_CASE("txt: zone-file strings join with no separator and map back through escapes") {
  const auto set = zl::test::load("example.com.zone",
                                  "$ORIGIN example.com.\n$TTL 300\n"
                                  "@ SOA ns hostmaster 1 7200 3600 1209600 300\n@ NS ns\n"
                                  "ns A 192.0.2.1\n"
                                  "@ TXT \"v=spf1 include:_spf.example.net\" \" -al\\108\"\n");
  INFO(zl::test::dump(set));
  const auto& r = first_txt(set);
  const auto j = zl::join_txt(set.zones[0], r, set.sources);
  REQUIRE(j);
  CHECK(j->text() == "v=spf1 include:_spf.example.net -all");
  CHECK(j->string_count() == 2);
  CHECK(j->string_start(1) == 31);
  CHECK(j->is_join(31));
  CHECK_FALSE(j->is_join(30));
  CHECK(j->exact());
  CHECK(src(set, *j, 7, 31) == "include:_spf.example.net");
  // The escaped `l` maps to its four characters, the range to the source text with the escape.
  CHECK(src(set, *j, 35, 36) == "\\108");
  CHECK(src(set, *j, 32, 36) == "-al\\108");
  CHECK(std::string(set.sources.text(j->join_span(1))) == "\" \"");
  // Empty ranges are empty spans at the byte.
  const zl::Span at = j->span_of(7, 7);
  CHECK(at.begin == at.end);
  CHECK(set.sources.text(j->span_of(7, 14)) == "include");
}

TEST_CASE("txt: an unquoted zone-file word maps byte for byte") {
  const auto set = zl::test::load("example.com.zone",
                                  "$ORIGIN example.com.\n$TTL 300\n"
                                  "@ SOA ns hostmaster 1 7200 3600 1209600 300\n@ NS ns\n"
                                  "ns A 192.0.2.1\n_dmarc TXT v=DMARC1\\;p=reject\n");
  const auto& r = first_txt(set);
  const auto j = zl::join_txt(set.zones[0], r, set.sources);
  REQUIRE(j);
  CHECK(j->text() == "v=DMARC1;p=reject");
  CHECK(src(set, *j, 8, 9) == "\\;");
  CHECK(src(set, *j, 9, 17) == "p=reject");
}

TEST_CASE("txt: octoDNS plain values and long chunked values map into the YAML") {
  std::string long_value = "v=spf1";
  for (int i = 0; i < 40; ++i) long_value += " ip4:192.0.2." + std::to_string(i);
  long_value += " -all";
  REQUIRE(long_value.size() > 255);
  const auto set =
      zl::test::load("example.com.yaml", "---\n'':\n  type: TXT\n  value: " + long_value + "\n");
  INFO(zl::test::dump(set));
  const auto& r = first_txt(set);
  const auto j = zl::join_txt(set.zones[0], r, set.sources);
  REQUIRE(j);
  CHECK(j->text() == long_value);
  CHECK(j->string_count() == (long_value.size() + 254) / 255);
  CHECK(j->exact());
  const auto all = static_cast<std::uint32_t>(long_value.size());
  CHECK(src(set, *j, all - 4, all) == "-all");
  const auto ip = static_cast<std::uint32_t>(long_value.find("ip4:192.0.2.39"));
  CHECK(src(set, *j, ip, ip + 14) == "ip4:192.0.2.39");
  CHECK(set.sources.begin_of(j->span_of(0, 6)).line == 4);
}

TEST_CASE("txt: a value transformed on the way maps to its whole field") {
  // octoDNS unescapes `\;`, so the bytes do not stand in the file as they are.
  const auto set = zl::test::load("example.com.yaml",
                                  "---\n_dmarc:\n  type: TXT\n  value: v=DMARC1\\; p=none\n");
  INFO(zl::test::dump(set));
  const auto& r = first_txt(set);
  const auto j = zl::join_txt(set.zones[0], r, set.sources);
  REQUIRE(j);
  CHECK(j->text() == "v=DMARC1; p=none");
  CHECK_FALSE(j->exact());
  CHECK(src(set, *j, 10, 16) == "v=DMARC1\\; p=none");
}

TEST_CASE("txt: Route 53 values map through the JSON string and the rdata quotes") {
  zl::LoadOptions options;
  options.parse.origin = *zl::Name::parse("example.com.", nullptr);
  const auto set =
      zl::test::load("example.com.json",
                     R"({"ResourceRecordSets": [{"Name": "example.com.", "Type": "TXT", "TTL": 300,
  "ResourceRecords": [{"Value": "\"v=spf1 mx\" \" ~all\""}]}]})",
                     options);
  INFO(zl::test::dump(set));
  const auto& r = first_txt(set);
  const auto j = zl::join_txt(set.zones[0], r, set.sources);
  REQUIRE(j);
  CHECK(j->text() == "v=spf1 mx ~all");
  CHECK(src(set, *j, 7, 9) == "mx");
  CHECK(src(set, *j, 10, 14) == "~all");
}

TEST_CASE("txt: presentation decoding records each byte's characters") {
  std::string bytes;
  std::vector<std::uint32_t> b, e;
  REQUIRE(zl::decode_character_string(R"(a\"\255z)", bytes, b, e));
  CHECK(bytes == std::string("a\"\xff"
                             "z"));
  CHECK(b == std::vector<std::uint32_t>{0, 1, 3, 7});
  CHECK(e == std::vector<std::uint32_t>{1, 3, 7, 8});
  bytes.clear();
  CHECK_FALSE(zl::decode_character_string(R"(a\25)", bytes, b, e));
  CHECK_FALSE(zl::decode_character_string(R"(\256)", bytes, b, e));
  CHECK_FALSE(zl::decode_character_string("x\\", bytes, b, e));
}

TEST_CASE("txt: records of other types have no joined text") {
  const auto set = zl::test::load("example.com.zone",
                                  "$ORIGIN example.com.\n$TTL 300\n"
                                  "@ SOA ns hostmaster 1 7200 3600 1209600 300\n@ NS ns\n"
                                  "ns A 192.0.2.1\n");
  for (const auto& r : set.zones[0].records)
    CHECK_FALSE(zl::join_txt(set.zones[0], r, set.sources));
}

namespace {

// Every observable of two joins of the same record: the text, the strings, and the span of
// every byte range (empty ranges and ranges past the end included) and of every join.
void check_same_join(const JoinedTxt& fast, const JoinedTxt& general) {
  REQUIRE(fast.text() == general.text());
  REQUIRE(fast.string_count() == general.string_count());
  CHECK(fast.exact() == general.exact());
  const auto n = static_cast<std::uint32_t>(fast.text().size());
  for (std::size_t k = 0; k < fast.string_count(); ++k) {
    CHECK(fast.string_start(k) == general.string_start(k));
    CHECK(fast.join_span(k) == general.join_span(k));
  }
  for (std::uint32_t b = 0; b <= n + 1; ++b) {
    CHECK(fast.is_join(b) == general.is_join(b));
    for (std::uint32_t e = 0; e <= n + 1; ++e) CHECK(fast.span_of(b, e) == general.span_of(b, e));
  }
}

void check_all_txt(const zl::ZoneSet& set) {
  std::size_t checked = 0;
  for (const auto& zone : set.zones)
    for (const auto* r : zl::test::of_type(zone, zl::rrtype::TXT)) {
      const auto fast = zl::join_txt(zone, *r, set.sources);
      const auto general = zl::join_txt_per_byte(zone, *r, set.sources);
      REQUIRE(fast.has_value() == general.has_value());
      if (fast) check_same_join(*fast, *general);
      // txt_span_of, which maps the plain single-string case without a JoinedTxt, gives the
      // per-byte map's spans.
      const auto n = general ? static_cast<std::uint32_t>(general->text().size()) : 2u;
      for (std::uint32_t b = 0; b <= n + 1; ++b)
        for (std::uint32_t e = 0; e <= n + 1; ++e)
          CHECK(zl::txt_span_of(zone, *r, set.sources, b, e) ==
                (general ? general->span_of(b, e) : zl::Span{}));
      ++checked;
    }
  CHECK(checked > 0);
}

}  // namespace

TEST_CASE("txt: the single-string fast path maps exactly as the per-byte map") {
  // Zone-file values: quoted and unquoted, with and without escapes, one string and several,
  // empty strings, records spread over lines.
  const std::vector<std::string> values = {
      "\"v=spf1 -all\"",
      "\"v=DMARC1; p=none; rua=mailto:d@example.com\"",
      "v=spf1",
      "\"\"",
      "\"a\"",
      "\"v=spf1 ip4:192.0.2.1 ?all\"",
      "\"v=spf1 \\\"quoted\\\" -all\"",
      "\"with\\059semicolon\"",
      "\"v=spf1 include:a.example\" \" -all\"",
      "\"one\" \"\" \"three\"",
      "unquoted\\032word",
      "( \"v=DKIM1; k=rsa; \"\n  \"p=MIGfMA0\" )",
      "\"tab\\009and\\\\backslash\"",
      "\"" + std::string(255, 'x') + "\"",
      "\"" + std::string(200, 'y') + "\" \"" + std::string(100, 'z') + "\"",
  };
  std::string zone =
      "$ORIGIN example.com.\n$TTL 300\n@ SOA ns hostmaster 1 7200 3600 1209600 300\n@ NS ns\n"
      "ns A 192.0.2.1\n";
  for (std::size_t i = 0; i < values.size(); ++i)
    zone += "t" + std::to_string(i) + " TXT " + values[i] + "\n";
  const auto set = zl::test::load("example.com.zone", zone);
  INFO(zl::test::dump(set));
  CHECK(zl::test::of_type(set.zones[0], zl::rrtype::TXT).size() == values.size());
  check_all_txt(set);
}

TEST_CASE("txt: the fast path agrees on octoDNS and Route 53 values too") {
  check_all_txt(zl::test::load("example.com.yaml",
                               "---\n'':\n  - type: TXT\n    values:\n      - v=spf1 -all\n"
                               "      - plain value\n_dmarc:\n  type: TXT\n"
                               "  value: v=DMARC1\\; p=none\n"));
  zl::LoadOptions options;
  options.parse.origin = *zl::Name::parse("example.com.", nullptr);
  check_all_txt(
      zl::test::load("example.com.json",
                     R"({"ResourceRecordSets": [{"Name": "example.com.", "Type": "TXT", "TTL": 300,
  "ResourceRecords": [{"Value": "\"v=spf1 mx ~all\""}, {"Value": "\"a\" \"b\""},
  {"Value": "\"esc\\\\065aped\""}]}]})",
                     options));
}
