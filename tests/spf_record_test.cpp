// The SPF family helper: record selection, the term parser (RFC 7208 ABNF) and the
// include/redirect walk.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "lint/context.hpp"
#include "load_test_util.hpp"
#include "rules/spf/spf_record.hpp"

namespace {

namespace spf = zl::spf;

spf::ParsedSpf parsed(std::string_view text) {
  return spf::parse(text);
}

bool valid(std::string_view text) {
  return !spf::parse(text).permerror();
}

// The first error's message, for failure output.
std::string first_error(std::string_view text) {
  const auto p = spf::parse(text);
  return p.errors.empty() ? "" : p.errors.front().message;
}

// The text of the first error's bytes.
std::string error_text(std::string_view text) {
  const auto p = spf::parse(text);
  REQUIRE(!p.errors.empty());
  return std::string(
      text.substr(p.errors.front().begin, p.errors.front().end - p.errors.front().begin));
}

const std::string kHead =
    "$ORIGIN example.com.\n$TTL 300\n@ SOA ns hostmaster 1 7200 3600 1209600 300\n@ NS ns\n"
    "ns A 192.0.2.1\n";

}  // namespace

TEST_CASE("spf: record selection is v=spf1 then a space or the end, in any case (§4.5)") {
  CHECK(spf::is_spf_text("v=spf1"));
  CHECK(spf::is_spf_text("v=spf1 -all"));
  CHECK(spf::is_spf_text("V=SPF1 -all"));
  CHECK_FALSE(spf::is_spf_text("v=spf10 -all"));
  CHECK_FALSE(spf::is_spf_text(" v=spf1 -all"));
  CHECK_FALSE(spf::is_spf_text("v=spf1-all"));
  CHECK_FALSE(spf::is_spf_text("spf1 -all"));
  CHECK_FALSE(spf::is_spf_text("google-site-verification=v=spf1"));
  CHECK_FALSE(spf::is_spf_text("v=spf"));
  // The wire test joins strings: "v=sp" "f1 -all" selects.
  CHECK(
      spf::wire_is_spf(std::string("\x04v=sp\x07"
                                   "f1 -all",
                                   13)));
  CHECK(spf::wire_is_spf(std::string("\x06v=spf1", 7)));
  CHECK_FALSE(spf::wire_is_spf(std::string("\x07v=spf10", 8)));
}

TEST_CASE("spf: well-known real-world records parse without error") {
  for (const char* r : {
           "v=spf1 include:_spf.google.com ~all",
           "v=spf1 include:spf.protection.outlook.com -all",
           "v=spf1 -all",
           "v=spf1",
           "v=spf1 redirect=_spf.example.com",
           "v=spf1 exists:%{i}._spf.%{d} -all",
           "v=spf1 mx a:mail.example.com ip4:192.0.2.0/24 ip6:2001:db8::/32 ?all",
           "v=spf1 a/24 mx//64 a:example.com/24//64 -all",
           "v=spf1 +ip4:192.0.2.1 -ip6:::1 ~a ?mx -all exp=explain.%{d}",
           "v=spf1 ip6:::ffff:192.0.2.1 -all",
           "v=spf1 include:example.com. -all",
           "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} ~all",
           "v=spf1 ptr:example.com -all",
           "v=spf1 -all moo=",
           "v=spf1 -all match.sub-domains_9=yes",
           "v=spf1 -all foo=%{c}bar",
           "v=spf1    a   -all   ",
           "v=spf1 include:foo=bar.example.com -all",
           "v=spf1 a:xn--80ak6aa92e.com -all",
           "v=spf1 a:foo-bar.example -all",
           "v=spf1 mx:%%%_/.Clara.de/27 -all",
           "v=spf1 a=b -all",
       }) {
    INFO(r << ": " << first_error(r));
    CHECK(valid(r));
  }
}

TEST_CASE("spf: syntax errors of the ABNF are permerrors, with the bytes at fault") {
  struct Case {
    const char* record;
    const char* at;  // the text of the first error's bytes
  };
  const Case cases[] = {
      {"v=spf1 moo -all", "moo"},
      {"v=spf1 all:3030", ":3030"},
      {"v=spf1 -all/24", "/24"},
      {"v=spf1 include -all", "include"},
      {"v=spf1 include: -all", "include:"},
      {"v=spf1 include:localhost -all", "localhost"},
      {"v=spf1 a:192.0.2.1 -all", "1"},
      {"v=spf1 ip4:192.0.2.256 -all", "192.0.2.256"},
      {"v=spf1 ip4:192.0.02.1 -all", "192.0.02.1"},
      {"v=spf1 ip4:192.0.2.0/33 -all", "33"},
      {"v=spf1 ip4:192.0.2.0/024 -all", "024"},
      {"v=spf1 ip4:192.0.2.0/ -all", ""},
      {"v=spf1 ip4:2001:db8::1 -all", "2001:db8::1"},
      {"v=spf1 ip6:2001:db8::zz -all", "2001:db8::zz"},
      {"v=spf1 ip6:2001:db8::/129 -all", "129"},
      {"v=spf1 a/33 -all", "33"},
      {"v=spf1 mx//129 -all", "129"},
      {"v=spf1 exists -all", "exists"},
      {"v=spf1 exists:%{x}.example.com -all", "%{x}"},
      {"v=spf1 exists:%{i}.%{c}.example.com -all", "%{c}"},
      {"v=spf1 exists:%{i}.%x.example.com -all", "%x"},
      {"v=spf1 exists:%{i.example.com -all", "%{i.example.com"},
      {"v=spf1 exists:%{i*}.example.com -all", "%{i*}"},
      {"v=spf1 redirect=", "redirect="},
      {"v=spf1 redirect=a.example redirect=b.example", "redirect"},
      {"v=spf1 -all exp=a.example exp=b.example", "exp"},
      {"v=spf1 =a -all", "="},
      {"v=spf1 ip:192.0.2.1 -all", "ip"},
      {"v=spf1 192.0.2.1 -all", "192.0.2.1"},
      {"v=spf1 redirect:a.example.com", "redirect"},
      {"v=spf1 foo=%x", "%x"},
      {"v=spf1 ptr/24 -all", "/24"},
      {"v=spf1 \xE2\x80\x93"
       "all",
       "\xE2\x80\x93"},
      {"v=spf1 a\t-all", "\t"},
      {"v=spf1 include:_spf.example.com, -all", "com,"},
  };
  for (const auto& c : cases) {
    INFO(c.record << ": " << first_error(c.record));
    CHECK_FALSE(valid(c.record));
    if (!valid(c.record)) CHECK(error_text(c.record) == c.at);
  }
}

TEST_CASE("spf: a zero digit transformer is reported but is not a permerror") {
  // RFC 7208 §7.3 says the digit MUST be nonzero; receivers differ (pyspf uses all labels).
  const auto p = spf::parse("v=spf1 exists:%{d0}.example.com -all");
  REQUIRE(p.errors.size() == 1);
  CHECK_FALSE(p.errors[0].permerror);
  CHECK_FALSE(p.permerror());
  CHECK(p.terms[0].soft);
}

TEST_CASE("spf: terms carry their parts and byte ranges") {
  const std::string text = "v=spf1 ~a:mail.example.com/24//64 ip6:2001:db8::/32 redirect=x.example";
  const auto p = parsed(text);
  REQUIRE(p.terms.size() == 3);
  const auto& a = p.terms[0];
  CHECK(a.kind == spf::Kind::a);
  CHECK(a.qualifier == '~');
  CHECK(a.result() == '~');
  CHECK(text.substr(a.name_begin(), a.name_end - a.name_begin()) == "a");
  CHECK(text.substr(a.arg_begin, a.arg_end - a.arg_begin) == "mail.example.com");
  CHECK(a.cidr4 == 24);
  CHECK(a.cidr6 == 64);
  CHECK(text.substr(a.arg_end, a.end - a.arg_end) == "/24//64");
  const auto& ip6 = p.terms[1];
  CHECK(ip6.kind == spf::Kind::ip6);
  CHECK(ip6.cidr6 == 32);
  CHECK(text.substr(ip6.arg_begin, ip6.arg_end - ip6.arg_begin) == "2001:db8::");
  CHECK(p.redirect == 2);
  CHECK(p.first_all == -1);
  CHECK(p.terms[2].counts_lookup());
  CHECK_FALSE(parsed("v=spf1 exp=x.example -all").terms[0].counts_lookup());
  CHECK(parsed("v=spf1 exists:%{i}._spf.%{d} -all").terms[0].has_macro);
}

TEST_CASE("spf: parse_term gives an invalid term's bytes and message as the record's SyntaxError") {
  // The term carries neither its message nor the bytes at fault (the SPF sets keep every term
  // of the run): parse_term gives them on request, and parse() puts them in the record's
  // SyntaxError for that term.
  const std::string text =
      "v=spf1 ip4:192.0.2.300 a:%{z}.example.com mx/33 include:_spf.example.com ~all ip6:x "
      "exists:%{d0}.example.com";
  const auto p = parsed(text);
  REQUIRE(p.terms.size() == 7);
  std::size_t invalid = 0;
  for (std::size_t k = 0; k < p.terms.size(); ++k) {
    const auto& t = p.terms[k];
    spf::TermError error;
    const auto alone = spf::parse_term(text, t.begin, t.end, &error);
    CHECK(alone.valid() == t.valid());
    CHECK(alone.valid() == error.message.empty());
    if (t.valid()) continue;
    ++invalid;
    const auto e = std::find_if(p.errors.begin(), p.errors.end(),
                                [&](const spf::SyntaxError& x) { return x.term == k; });
    REQUIRE(e != p.errors.end());
    CHECK(e->message == error.message);
    CHECK(e->begin == error.begin);
    CHECK(e->end == error.end);
    CHECK(e->permerror == !t.soft);
  }
  CHECK(invalid == 5);  // ip4, a (macro), mx (prefix), ip6, exists (soft)
  CHECK_FALSE(p.terms[3].invalid);
  CHECK(p.terms[6].soft);
  CHECK(spf::parse_term(text, p.terms[0].begin, p.terms[0].end).invalid);
}

TEST_CASE("spf: a missing space at a join between strings is diagnosed at the join") {
  // "ip4:192.0.2.1" "ip4:192.0.2.2" joined: invalid, valid with a space.
  const std::string text = "v=spf1 ip4:192.0.2.1ip4:192.0.2.2 -all";
  const auto p = spf::parse(text, {20});
  REQUIRE(p.errors.size() == 1);
  CHECK(p.errors[0].join == 1);
  CHECK(p.errors[0].permerror);
  CHECK(p.errors[0].begin == 20);
  CHECK_THAT(p.errors[0].message, Catch::Contains("glued"));
  // Syntactically valid but two includes glued: reported, not a permerror by syntax.
  const std::string inc = "v=spf1 include:a.example.cominclude:b.example.com -all";
  const auto q = spf::parse(inc, {28});
  REQUIRE(q.errors.size() == 1);
  CHECK_FALSE(q.errors[0].permerror);
  CHECK_FALSE(q.permerror());
  // A join inside a term that a space would not fix is a plain syntax error.
  const auto r = spf::parse("v=spf1 ip4:192.0.2.1 -al", {22});
  CHECK(r.errors.size() == 1);
  CHECK(r.errors[0].join == 0);
  // A join between terms: nothing to say.
  CHECK(spf::parse("v=spf1 a -all", {9}).errors.empty());
}

TEST_CASE("spf: static domains expand %{d} and refuse sender macros") {
  const zl::Name d = *zl::Name::parse("mail.example.com.", nullptr);
  CHECK(spf::static_domain("_spf.%{d}", d)->text() == "_spf.mail.example.com.");
  CHECK(spf::static_domain("%{d2}", d)->text() == "example.com.");
  CHECK(spf::static_domain("%{dr}.x.example", d)->text() == "com.example.mail.x.example.");
  CHECK(spf::static_domain("example.net.", d)->text() == "example.net.");
  CHECK_FALSE(spf::static_domain("%{i}._spf.%{d}", d));
  bool malformed = false;
  CHECK_FALSE(spf::static_domain(std::string(70, 'a') + ".example.com", d, &malformed));
  CHECK(malformed);
}

TEST_CASE("spf: records at a name and the walk over the loaded zones") {
  zl::ZoneSet set;
  zl::load_text(
      set, "example.com.zone",
      kHead +
          "@ TXT \"v=spf1 include:_spf.example.com include:_spf.google.com mx a:nx.example.com "
          "-all\"\n"
          "@ TXT \"google-site-verification=abc\"\n"
          "@ MX 10 mx1\n"
          "mx1 A 192.0.2.25\n"
          "_spf TXT \"v=spf1 ip4:192.0.2.0/24 include:_loop.example.com ~all\"\n"
          "_loop TXT \"v=spf1 include:_spf.example.com -all\"\n"
          "nospf TXT \"hello\"\n",
      {});
  REQUIRE(set.zones.size() == 1);
  const zl::Zone& z = set.zones[0];
  zl::RuleContext ctx(set, {&z});
  const auto recs = spf::records_at(z, z.origin, set.sources);
  REQUIRE(recs.size() == 1);
  CHECK(set.sources.text(recs[0].term_span(recs[0].parsed.terms[0])) == "include:_spf.example.com");
  const auto sets = spf::spf_sets(ctx);
  CHECK(sets.size() == 3);
  const auto w = spf::walk(ctx, recs[0], z.origin);
  // include:_spf (known) -> include:_loop (known) -> include:_spf (loop, counted);
  // include:_spf.google.com (outside); mx; a:nx.example.com (void).
  CHECK(w.lookups.size() == 6);
  CHECK(w.outside_lookups() == 1);
  CHECK(w.known_lookups() == 5);
  CHECK(w.loops.size() == 1);
  CHECK(w.void_lookups(false) == 1);
  CHECK(w.missing.empty());
  REQUIRE(w.nodes.size() == 3);
  CHECK(w.nodes[2].domain.text() == "_loop.example.com.");
  CHECK(w.chain(2).size() == 2);
}

TEST_CASE("spf: the sets group an owner's records wherever they stand, in any case") {
  // 200 owners (the owner index grows past its first size), then an owner seen again after
  // others, spelt in another case, and records of two strings (owned joined copies).
  std::string zone = kHead;
  for (int i = 0; i < 200; ++i)
    zone += "h" + std::to_string(i) + " TXT \"v=spf1 ip4:192.0.2." + std::to_string(i % 250) +
            " -all\"\n";
  zone += "H7 TXT \"v=spf1 \" \"-all\"\nh7 A 192.0.2.7\nother TXT \"hello\"\n";
  zone += "h7 TXT \"v=spf1 \" \"~all\"\n";
  zl::ZoneSet set;
  zl::load_text(set, "example.com.zone", zone, {});
  REQUIRE(set.zones.size() == 1);
  const zl::Zone& z = set.zones[0];
  zl::RuleContext ctx(set, {&z});
  const auto& sets = spf::spf_sets(ctx);
  REQUIRE(sets.size() == 200);
  for (int i = 0; i < 200; ++i) {
    INFO("owner " << i);
    CHECK(sets[i].owner.text() == "h" + std::to_string(i) + ".example.com.");
    CHECK(sets[i].records.size() == (i == 7 ? 3u : 1u));
  }
  // File order within the set; each text reads right after the moves of the sets' growth.
  CHECK(sets[7].records[0].text() == "v=spf1 ip4:192.0.2.7 -all");
  CHECK(sets[7].records[1].text() == "v=spf1 -all");
  CHECK(sets[7].records[2].text() == "v=spf1 ~all");
  // The records' terms are those parse() gives, the terms of all in one array, set after set.
  const spf::Term* next = sets[0].records[0].parsed.terms.begin();
  for (const auto& s : sets)
    for (const auto& r : s.records) {
      const spf::ParsedSpf alone = spf::parse(r.text());
      REQUIRE(r.parsed.terms.size() == alone.terms.size());
      for (std::size_t k = 0; k < alone.terms.size(); ++k) {
        CHECK(r.parsed.terms[k].kind == alone.terms[k].kind);
        CHECK(r.parsed.terms[k].begin == alone.terms[k].begin);
        CHECK(r.parsed.terms[k].end == alone.terms[k].end);
      }
      CHECK(r.parsed.first_all == alone.first_all);
      CHECK(r.parsed.terms.begin() == next);
      next = r.parsed.terms.end();
    }
  // A copy owns its terms: it reads the same after the sets are gone.
  const spf::ParsedSpf copy = sets[7].records[0].parsed;
  CHECK(copy.terms.begin() != sets[7].records[0].parsed.terms.begin());
  ctx.clear_memo();
  REQUIRE(copy.terms.size() == 2);
  CHECK(copy.terms[1].kind == spf::Kind::all);
}

TEST_CASE("spf: include targets: each name once, a self-include apart, macros per record") {
  // Many records share one spec (parsed once); the same name spelt otherwise counts once; a
  // record that includes its own owner does not make it a target, but another record does;
  // a %{d} spec names a domain per record.
  std::string zone = kHead;
  for (int i = 0; i < 20; ++i)
    zone += "h" + std::to_string(i) + " TXT \"v=spf1 include:_spf.example.com -all\"\n";
  zone += "a TXT \"v=spf1 include:_SPF.Example.com. -all\"\n";
  zone += "self TXT \"v=spf1 include:self.example.com -all\"\n";
  zone += "b TXT \"v=spf1 redirect=self.example.com\"\n";
  zone += "c TXT \"v=spf1 include:_s.%{d} -all\"\n";
  zone += "_spf TXT \"v=spf1 ip4:192.0.2.1 -all\"\n";
  zone += "only TXT \"v=spf1 include:only.example.com -all\"\n";  // itself only
  zl::ZoneSet set;
  zl::load_text(set, "example.com.zone", zone, {});
  REQUIRE(set.zones.size() == 1);
  const zl::Zone& z = set.zones[0];
  zl::RuleContext ctx(set, {&z});
  std::vector<std::string> targets;
  for (const zl::Name& n : spf::include_targets(ctx)) targets.push_back(n.canonical_text());
  std::sort(targets.begin(), targets.end());
  CHECK(targets ==
        std::vector<std::string>{"_s.c.example.com.", "_spf.example.com.", "self.example.com."});
  // included_sets: the same answer for each set, by index.
  const auto& sets = spf::spf_sets(ctx);
  const std::vector<bool>& included = spf::included_sets(ctx);
  REQUIRE(included.size() == sets.size());
  std::size_t count = 0;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    INFO(sets[i].owner.text());
    CHECK(included[i] == spf::is_include_target(spf::include_targets(ctx), sets[i].owner));
    count += included[i] ? 1 : 0;
  }
  CHECK(count == 2);  // self and _spf (no set at _s.c)
}

TEST_CASE("spf: the walk stops at all, ignores redirect after all, and finds missing targets") {
  zl::ZoneSet set;
  zl::load_text(set, "example.com.zone",
                kHead +
                    "@ TXT \"v=spf1 a -all a a redirect=r.example.com\"\n"
                    "@ A 192.0.2.80\n"
                    "x TXT \"v=spf1 include:nospf.example.com redirect=gone.example.com\"\n"
                    "nospf TXT \"hello\"\n",
                {});
  const zl::Zone& z = set.zones[0];
  zl::RuleContext ctx(set, {&z});
  const auto root = spf::records_at(z, z.origin, set.sources);
  REQUIRE(root.size() == 1);
  CHECK(spf::walk(ctx, root[0], z.origin).lookups.size() == 1);
  const zl::Name x = *zl::Name::parse("x.example.com.", nullptr);
  const auto rx = spf::records_at(z, x, set.sources);
  REQUIRE(rx.size() == 1);
  const auto w = spf::walk(ctx, rx[0], x);
  CHECK(w.lookups.size() == 2);
  REQUIRE(w.missing.size() == 2);
  CHECK(w.missing[0].target.text() == "nospf.example.com.");
  CHECK(w.missing[1].target.text() == "gone.example.com.");
  CHECK(w.lookups[1].void4);  // gone.example.com does not exist
}

TEST_CASE("spf: the offline walks keep only the walks that are not quiet, by record") {
  zl::ZoneSet set;
  zl::load_text(set, "example.com.zone",
                kHead +
                    "@ A 192.0.2.80\n"
                    "@ AAAA 2001:db8::80\n"
                    "quiet TXT \"v=spf1 a:example.com include:_spf.provider.net -all\"\n"
                    "nine TXT \"v=spf1 a:example.com a:example.com a:example.com a:example.com "
                    "a:example.com a:example.com a:example.com a:example.com a:example.com -all\"\n"
                    "ten TXT \"v=spf1 a:example.com a:example.com a:example.com a:example.com "
                    "a:example.com a:example.com a:example.com a:example.com a:example.com "
                    "include:_spf.provider.net -all\"\n"
                    "voids TXT \"v=spf1 a:nx1.example.com a:nx2.example.com a:nx3.example.com "
                    "-all\"\n"
                    "two-voids TXT \"v=spf1 a:nx1.example.com a:nx2.example.com -all\"\n"
                    "missing TXT \"v=spf1 include:nospf.example.com -all\"\n"
                    "nospf TXT \"hello\"\n",
                {});
  const zl::Zone& z = set.zones[0];
  zl::RuleContext ctx(set, {&z});
  const auto& sets = spf::spf_sets(ctx);
  const spf::OfflineWalks& walks = spf::offline_walks(ctx);
  REQUIRE(sets.size() == 6);
  std::vector<std::string> kept;
  for (std::size_t si = 0; si < sets.size(); ++si) {
    REQUIRE(sets[si].records.size() == 1);
    const spf::Walk w = spf::walk(ctx, sets[si].records[0], zl::Name(sets[si].owner));
    const spf::Walk* found = walks.find(si, 0);
    // A walk is kept exactly when it is not quiet, and then it is the record's walk.
    CHECK((found == nullptr) == spf::is_quiet(w));
    if (found == nullptr) continue;
    kept.push_back(sets[si].owner.text());
    CHECK(found->lookups.size() == w.lookups.size());
    CHECK(found->missing.size() == w.missing.size());
  }
  // 9 lookups are quiet, 10 are not (spf-lookup-limit reports 10 with one outside); 2 void
  // lookups are quiet, 3 are not; a missing target is never quiet.
  CHECK(kept ==
        std::vector<std::string>{"ten.example.com.", "voids.example.com.", "missing.example.com."});
  CHECK(walks.walks.size() == 3);
}

namespace {
// A resolver that knows one external record.
class FakeResolver final : public spf::ExternalResolver {
 public:
  spf::Answer lookup(const zl::Name& name, std::uint16_t type) const override {
    spf::Answer a;
    if (name.canonical_text() == "_spf.provider.net." && type == zl::rrtype::TXT) {
      a.status = spf::Answer::records;
      a.external = {"v=spf1 include:a.provider.net include:b.provider.net ~all"};
    } else {
      a.status = spf::Answer::nxdomain;
    }
    return a;
  }
};
}  // namespace

TEST_CASE("spf: an external resolver makes the counts exact through outside domains") {
  zl::ZoneSet set;
  zl::load_text(set, "example.com.zone",
                kHead + "@ TXT \"v=spf1 include:_spf.provider.net -all\"\n", {});
  const zl::Zone& z = set.zones[0];
  zl::RuleContext ctx(set, {&z});
  const auto root = spf::records_at(z, z.origin, set.sources);
  REQUIRE(root.size() == 1);
  const auto offline = spf::walk(ctx, root[0], z.origin);
  CHECK(offline.lookups.size() == 1);
  CHECK(offline.outside_lookups() == 1);
  const FakeResolver fake;
  const auto live = spf::walk(ctx, root[0], z.origin, fake);
  CHECK(live.lookups.size() == 3);
  CHECK(live.outside_lookups() == 0);
  CHECK(live.missing.size() == 2);  // a.provider.net and b.provider.net have no SPF
  CHECK(live.void_lookups(false) == 2);
}

TEST_CASE("spf: a walk's rarely filled lists read like vectors and copy deeply") {
  zl::spf::RareList<int> list;
  CHECK(list.empty());
  CHECK(list.size() == 0);
  CHECK(list.begin() == list.end());
  list.push_back(3);
  list.push_back(5);
  REQUIRE(list.size() == 2);
  CHECK(list[0] == 3);
  CHECK(list[1] == 5);
  zl::spf::RareList<int> copy = list;
  copy.push_back(7);
  CHECK(list.size() == 2);  // the copy has its own items
  CHECK(std::vector<int>(copy.begin(), copy.end()) == std::vector<int>{3, 5, 7});
  zl::spf::RareList<int> moved = std::move(copy);
  CHECK(moved.size() == 3);
  list = moved;
  CHECK(list.size() == 3);
  list = zl::spf::RareList<int>{};
  CHECK(list.empty());
}
