// The target family helpers that the rules phase leans on for speed: the cheap first test for
// names that read as full names, the shared first hops of CNAME chains, and the MX exchanges'
// resolutions.
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "lint/context.hpp"
#include "lint/rule_support.hpp"
#include "lint_test_util.hpp"
#include "rules/mx/mx_common.hpp"
#include "rules/targets/targets_common.hpp"

namespace {

// Target texts written without an escape, relative and absolute, under and outside the origins
// the tests use: both tests below check them, each with texts of its own.
const std::vector<std::string> kPlainTexts = {"mail",
                                              "mail.",
                                              "example",
                                              "example.com",
                                              "mail.example.com",
                                              "mail.EXAMPLE.COM",
                                              "mail.example.net",
                                              "host.dev",
                                              "host.shop",
                                              "sip.api3",
                                              "x.y.z",
                                              "@",
                                              "com",
                                              "x.example",
                                              "mail.com.example.com."};

// Every text that the full test (mx::reads_as_full_name) reports must pass the first test
// (targets::may_read_as_full_name); the texts it never reports should mostly not. Returns how
// many texts the full test reported, so that a caller can insist the check was not vacuous.
std::size_t check_prefilter(const std::string& origin, zl::InputFormat format) {
  zl::ZoneSet set;
  zltest::add_zone(set, std::string(zltest::kDir) + "z.zone", origin,
                   "$ORIGIN " + origin + "\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n" +
                       "@ NS ns1\nns1 A 192.0.2.53\ndev NS ns.example.net.\n",
                   format);
  const zl::RuleContext ctx(set, {&set.zones[0]});
  const zl::Zone& z = set.zones[0];
  std::size_t reported = 0;
  std::vector<std::string> texts = kPlainTexts;
  texts.insert(texts.end(), {"mail\\.", "mail\\\\.", "a\\.b", "a.b\\.c", "a\\\\.com", ".", "a..com",
                             "x.\\099om", "\\046com"});
  for (const std::string& text : texts) {
    const bool full = !zl::mx::reads_as_full_name(ctx, z, text).empty();
    INFO("origin " << origin << ", text '" << text << "'");
    if (full) {
      ++reported;
      CHECK(zl::targets::may_read_as_full_name(ctx, z, text));
    }
  }
  return reported;
}

}  // namespace

TEST_CASE("targets: the first test for names read as full names never drops a finding") {
  // Under these origins the full test reports some of the texts: the implication is exercised.
  CHECK(check_prefilter("example.com.", zl::InputFormat::zone) > 0);
  CHECK(check_prefilter("example.", zl::InputFormat::zone) > 0);
  CHECK(check_prefilter("sub.example.co.uk.", zl::InputFormat::zone) > 0);
  // Under the root the full test reports nothing, and where relative names are refused the
  // first test says yes to any text: the implication still holds, but nothing is counted.
  check_prefilter(".", zl::InputFormat::zone);
  check_prefilter("example.com.", zl::InputFormat::octodns);
  check_prefilter("example.com.", zl::InputFormat::dnscontrol);
}

TEST_CASE("targets: the first test answers no for absolute and plainly relative names") {
  zl::ZoneSet set;
  zltest::add_zone(set, std::string(zltest::kDir) + "z.zone", "example.com.",
                   "$ORIGIN example.com.\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n");
  const zl::RuleContext ctx(set, {&set.zones[0]});
  const zl::Zone& z = set.zones[0];
  using zl::targets::may_read_as_full_name;
  CHECK_FALSE(may_read_as_full_name(ctx, z, "mail.example.com."));
  CHECK_FALSE(may_read_as_full_name(ctx, z, "mail"));
  CHECK_FALSE(may_read_as_full_name(ctx, z, "sip.api3"));
  CHECK_FALSE(may_read_as_full_name(ctx, z, ""));
  CHECK(may_read_as_full_name(ctx, z, "mail.example.com"));
  CHECK(may_read_as_full_name(ctx, z, "mail.example.net"));  // a public TLD
  CHECK(may_read_as_full_name(ctx, z, "mail\\."));           // an escaped dot
}

TEST_CASE("targets: names written plainly are judged from the name, as from their text") {
  // A target written plainly (no escape, under the zone's origin) is judged from the name it
  // expanded to, and its text read only when the name cannot rule it out: the answers must be
  // those of the text.
  std::size_t from_name = 0;
  for (const std::string origin : {"example.com.", "example.", "sub.example.co.uk."}) {
    std::vector<std::string> texts = kPlainTexts;
    texts.insert(texts.end(),
                 {"co.uk", "mail.example.com.example.com", "a.example.com.", "192.0.2.1",
                  "192.0.2.1.", "192.0.2.1.example.com.", "2001:db8::1", "sub.example.co.uk",
                  "mail.sub.example.co.uk", "mail.uk", "mail.example.com.sub"});
    for (const std::string& text : texts) {
      for (const std::string& under : {origin, "sub." + origin}) {  // and one label deeper
        zl::ZoneSet set;
        zltest::add_zone(set, std::string(zltest::kDir) + "z.zone", origin,
                         "$ORIGIN " + origin + "\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n" +
                             "@ NS ns1\nns1 A 192.0.2.53\ndev NS ns.example.net.\n$ORIGIN " +
                             under + "\nx CNAME " + text + "\n@ MX 10 " + text +
                             "\n_s._tcp SRV 0 0 1 " + text + "\n");
        const zl::RuleContext ctx(set, {&set.zones[0]});
        const zl::Zone& z = set.zones[0];
        INFO("origin " << origin << ", under " << under << ", text '" << text << "'");
        const bool may = zl::targets::may_read_as_full_name(ctx, z, text);
        const bool doubled = may && !zl::mx::reads_as_full_name(ctx, z, text).empty();
        for (const zl::Record& r : z.records) {
          const std::size_t field = r.type == zl::rrtype::CNAME ? 0
                                    : r.type == zl::rrtype::MX  ? 1
                                    : r.type == zl::rrtype::SRV ? 3
                                                                : 9;
          if (field == 9) continue;
          INFO("type " << zl::type_name(r.type));
          REQUIRE(zl::written_plainly(z, r));
          const bool got = zl::targets::field_may_read_as_full_name(ctx, z, r, field);
          if (may) CHECK(got);
          if (!got) ++from_name;
          CHECK(zl::targets::doubled_origin(ctx, z, r, field) == doubled);
        }
        for (const zl::mx::MxRecord* m : zl::mx::mx_records(ctx))
          CHECK(zl::mx::exchange_is_ip(ctx, *m) == zl::mx::text_is_ip_address(text));
      }
    }
  }
  CHECK(from_name > 200);  // the name ruled most of them out without their text
}

TEST_CASE("targets: names under another $ORIGIN or with escapes are judged as their text") {
  zl::ZoneSet set;
  zltest::add_zone(set, std::string(zltest::kDir) + "z.zone", "example.com.",
                   "$ORIGIN example.com.\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
                   "@ NS ns1\nns1 A 192.0.2.53\n"
                   "a CNAME x.a\\.com\n"         // an escape: `a.com` is one label
                   "$ORIGIN sub.example.com.\n"  // one label deeper: told from the name
                   "b CNAME mail.example.com\n"  // expands below sub.example.com.
                   "@ MX 10 192.0.2.1\n"
                   "$ORIGIN a.sub.example.com.\n"  // two labels deeper: only the text tells
                   "c CNAME mail.example.com\n");
  const zl::RuleContext ctx(set, {&set.zones[0]});
  const zl::Zone& z = set.zones[0];
  const zl::Record& a = z.records[3];
  const zl::Record& b = z.records[4];
  const zl::Record& c = z.records[6];
  CHECK_FALSE(zl::written_plainly(z, a));
  CHECK(zl::written_origin_labels(z, a) == 2u);
  CHECK(zl::targets::field_may_read_as_full_name(ctx, z, a, 0));  // the text's escape
  CHECK(zl::written_plainly(z, b));
  CHECK(zl::written_origin_labels(z, b) == 3u);
  CHECK(zl::targets::doubled_origin(ctx, z, b, 0));  // the text ends with the origin
  CHECK_FALSE(zl::written_plainly(z, c));
  CHECK_FALSE(zl::written_origin_labels(z, c));
  CHECK(zl::targets::doubled_origin(ctx, z, c, 0));
  REQUIRE(zl::mx::mx_records(ctx).size() == 1);
  CHECK(zl::mx::exchange_is_ip(ctx, *zl::mx::mx_records(ctx)[0]));
}

TEST_CASE("targets: the shared CNAME pass lists the aliased targets and those that own records") {
  zl::ZoneSet set;
  zltest::add_zone(set, std::string(zltest::kDir) + "z.zone", "example.com.",
                   "$ORIGIN example.com.\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
                   "@ NS ns1\nns1 A 192.0.2.53\n"
                   "a CNAME b\n"     // b is an alias: listed
                   "b CNAME ns1\n"   // ns1 is not
                   "c CNAME gone\n"  // nothing there
                   "d CNAME d\n");   // a loop of one: listed, hop to itself
  const zl::RuleContext ctx(set, {&set.zones[0]});
  const zl::Zone& z = set.zones[0];
  const auto& targets = zl::targets::cname_targets(ctx, z);
  const auto& hops = targets.aliased;
  REQUIRE(hops.size() == 2);
  CHECK(z.owner(z.records[hops[0].record]) == *zl::Name::parse("a.example.com.", nullptr));
  CHECK(hops[0].first.zone->owner(*hops[0].first.rec) ==
        *zl::Name::parse("b.example.com.", nullptr));
  CHECK(hops[0].first.to == *zl::Name::parse("ns1.example.com.", nullptr));
  CHECK(z.owner(z.records[hops[1].record]) == *zl::Name::parse("d.example.com.", nullptr));
  CHECK(hops[1].first.rec == &z.records[hops[1].record]);
  // By CNAME in file order: whose target owns records (b, ns1 and d do; gone does not).
  CHECK(targets.target_owns_records == std::vector<bool>{true, true, false, true});
  // Computed once: the same object on the next ask.
  CHECK(&zl::targets::cname_targets(ctx, z) == &targets);
}

TEST_CASE("mx: the exchanges' resolutions made once answer as resolve() does") {
  zl::ZoneSet set;
  zltest::add_zone(set, std::string(zltest::kDir) + "z.zone", "example.com.",
                   "$ORIGIN example.com.\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
                   "@ NS ns1\nns1 A 192.0.2.53\nmail A 192.0.2.25\n"
                   "*.wild A 192.0.2.26\n"
                   "sub NS ns.example.net.\n"
                   "old DNAME example.net.\n"
                   "@ MX 10 mail\n"             // exists
                   "@ MX 20 x.wild\n"           // wildcard: answered by *.wild
                   "@ MX 30 mx.sub\n"           // delegated: answered by the cut
                   "@ MX 40 mx.old\n"           // below the DNAME
                   "@ MX 50 gone\n"             // nxdomain
                   "@ MX 60 mx.example.net.\n"  // outside the loaded zones
                   "@ MX 70 mail\n");           // the same exchange again
  const zl::RuleContext ctx(set, {&set.zones[0]});
  const auto& records = zl::mx::mx_records(ctx);
  REQUIRE(records.size() == 7);
  const zl::mx::ExchangeResolutions& resolutions = zl::mx::exchange_resolutions(ctx);
  std::vector<zl::Resolution::Kind> kinds;
  for (const zl::mx::MxRecord* m : records) {
    const zl::Resolution want = zl::resolve(ctx, zl::Name(m->data.exchange), *m->zone);
    const zl::mx::ExchangeResolution got = resolutions.of(*m);
    INFO(m->data.exchange.text());
    CHECK(got.kind == want.kind);
    CHECK(got.zone == want.zone);
    if (want.kind == zl::Resolution::outside) {
      CHECK(got.source == nullptr);
    } else {
      REQUIRE(got.source != nullptr);
      CHECK(*got.source == want.source);
    }
    // What the answering name owns, as the lookups the rules made before tell it.
    const bool answers =
        want.kind == zl::Resolution::exists || want.kind == zl::Resolution::wildcard;
    CHECK(got.owns_records == (answers && !want.zone->owner_records(want.source).empty()));
    CHECK(got.owns_cname == (answers && want.zone->has(want.source, zl::rrtype::CNAME)));
    CHECK(got.in_zone_cname() ==
          (answers && !zl::targets::cnames_at(*want.zone, want.source).empty()));
    CHECK(got.has_address() == (answers && zl::targets::has_address(*want.zone, want.source)));
    // look_up answers as resolve does.
    const zl::Lookup found = zl::look_up(ctx, zl::Name(m->data.exchange), *m->zone);
    CHECK(found.kind == want.kind);
    CHECK(found.zone == want.zone);
    if (want.kind == zl::Resolution::outside)
      CHECK(!found.other);
    else
      CHECK((found.other ? *found.other : zl::Name(m->data.exchange)) == want.source);
    if (answers) CHECK(found.records.size() == want.zone->owner_records(want.source).size());
    kinds.push_back(got.kind);
  }
  using K = zl::Resolution::Kind;
  CHECK(kinds == std::vector<K>{K::exists, K::wildcard, K::delegated, K::below_dname, K::nxdomain,
                                K::outside, K::exists});
  // Made once: the same object on the next ask. A record that is not the memo's is refused.
  CHECK(&zl::mx::exchange_resolutions(ctx) == &resolutions);
  const zl::mx::MxRecord copy = *records.front();
  CHECK_THROWS_AS(resolutions.of(copy), std::logic_error);
}

TEST_CASE("mx: the resolutions tell which exchanges of a set share the first one's addresses") {
  zl::ZoneSet set;
  zltest::add_zone(set, std::string(zltest::kDir) + "z.zone", "example.com.",
                   "$ORIGIN example.com.\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
                   "@ NS ns1\nns1 A 192.0.2.53\n"
                   "m1 A 192.0.2.1\nm1 AAAA 2001:db8::1\n"
                   "m2 AAAA 2001:db8::1\nm2 A 192.0.2.1\nm2 A 192.0.2.1\n"  // the same set
                   "m3 A 192.0.2.2\n"
                   "m4 TXT \"no address\"\n"
                   "*.w A 192.0.2.1\n*.w AAAA 2001:db8::1\n"
                   "a MX 10 m1\na MX 20 m2\na MX 30 x.w\na MX 40 m1\n"  // all the same
                   "b MX 10 m1\nb MX 20 m3\nb MX 30 mx.example.net.\n"
                   "c MX 10 m4\nc MX 20 m1\n"  // the first has no address: none is the same
                   "d MX 10 m1\n");            // a set of one
  const zl::RuleContext ctx(set, {&set.zones[0]});
  const zl::mx::ExchangeResolutions& resolutions = zl::mx::exchange_resolutions(ctx);
  std::vector<std::string> got;
  for (const zl::mx::MxSet& s : zl::mx::mx_sets(ctx)) {
    std::string flags;
    for (const zl::mx::MxRecord& m : s.records())
      flags += resolutions.of(m).same_addresses ? '1' : '0';
    got.push_back(s.owner.text() + " " + flags);
  }
  CHECK(got == std::vector<std::string>{"a.example.com. 1111", "b.example.com. 100",
                                        "c.example.com. 00", "d.example.com. 0"});
}
