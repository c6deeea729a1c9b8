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
