// The zone-file loader: directives, owners, TTL defaulting, spans, recovery, $INCLUDE safety,
// $GENERATE and the resource limits.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <compare>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "lint/engine.hpp"
#include "parse/zone_parser.hpp"

using namespace zl;

namespace {

Name N(const char* text) {
  return *Name::parse(text, nullptr);
}

struct Loaded {
  ZoneSet set;
  std::optional<std::size_t> index;

  bool loaded() const { return index.has_value(); }
  const Zone& zone() const { return set.zones.at(*index); }
  const std::vector<Record>& records() const { return zone().records; }

  // "path:line:col rule: message".
  std::string describe(const Diagnostic& d) const {
    const LineCol lc = set.sources.begin_of(d.span);
    return set.sources.file(d.span.file).path() + ":" + std::to_string(lc.line) + ":" +
           std::to_string(lc.column) + " " + std::string(d.rule) + ": " + d.message;
  }
  // Every diagnostic of the parser, described.
  std::vector<std::string> diags() const {
    std::vector<std::string> out;
    for (const auto& d : set.diagnostics.items()) out.push_back(describe(d));
    return out;
  }
  // The parser's diagnostics and the findings of the rules that report the facts it recorded
  // (ttl-missing, ttl-inherited, include-ttl-leak), sorted, as --parse-only shows them.
  std::vector<Diagnostic> findings() const { return load_findings(set); }
  std::size_t count_findings(std::string_view rule) const {
    std::size_t n = 0;
    for (const auto& d : findings()) n += d.rule == rule;
    return n;
  }
  std::size_t count(std::string_view rule) const {
    std::size_t n = 0;
    for (const auto& d : set.diagnostics.items()) n += d.rule == rule;
    return n;
  }
  std::size_t errors() const { return count("parse-error"); }

  // "owner ttl TYPE field field ..." with fields as written.
  std::string rr(std::size_t i) const {
    const Record& r = records().at(i);
    std::string s = zone().owner(r).text() + " " + std::to_string(r.ttl) + " " + type_name(r.type);
    for (std::size_t k = 0; k < zone().fields_of(r, set.sources).size(); ++k)
      s += " " + std::string(zone().field_text(r, k, set.sources));
    return s;
  }
  std::vector<std::string> rrs() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < records().size(); ++i) out.push_back(rr(i));
    return out;
  }
  std::string text(Span s) const { return std::string(set.sources.text(s)); }
  LineCol at(Span s) const { return set.sources.begin_of(s); }
};

Loaded load(std::string text, ParseOptions opt = {}, const std::string& path = "example.com.zone") {
  Loaded l;
  if (!opt.reader) {
    opt.reader = [](const std::string& p, std::string* err) -> std::optional<std::string> {
      *err = "no such file '" + p + "' in this test";
      return std::nullopt;
    };
  }
  l.index = load_zone_text(l.set, path, std::move(text), opt);
  return l;
}

// Files served from memory; every path asked for is logged.
struct MemFs {
  std::map<std::string, std::string> files;
  std::shared_ptr<std::vector<std::string>> asked = std::make_shared<std::vector<std::string>>();
  FileReader reader() const {
    auto f = files;
    auto log = asked;
    return [f, log](const std::string& p, std::string* err) -> std::optional<std::string> {
      log->push_back(p);
      auto it = f.find(p);
      if (it == f.end()) {
        *err = "No such file or directory";
        return std::nullopt;
      }
      return it->second;
    };
  }
};

const char* kSoa = "$TTL 3600\n@ IN SOA ns hostmaster 1 7200 3600 1209600 300\n  IN NS ns\n";

}  // namespace

TEST_CASE("parse: a plain zone loads with owners, TTLs, types and fields") {
  auto l = load(std::string(kSoa) +
                "ns A 192.0.2.1\nwww 600 IN A 192.0.2.2\n  AAAA 2001:db8::1\n"
                "mail.example.com. MX 10 mx1\n");
  REQUIRE(l.loaded());
  CHECK(l.diags().empty());
  CHECK(l.zone().origin == N("example.com."));
  CHECK(l.rrs() == std::vector<std::string>{
                       "example.com. 3600 SOA ns hostmaster 1 7200 3600 1209600 300",
                       "example.com. 3600 NS ns", "ns.example.com. 3600 A 192.0.2.1",
                       "www.example.com. 600 A 192.0.2.2", "www.example.com. 3600 AAAA 2001:db8::1",
                       "mail.example.com. 3600 MX 10 mx1"});
  const auto& r = l.records();
  CHECK(r[1].has(kOwnerInherited));
  CHECK_FALSE(r[1].has(kTtlExplicit));
  CHECK(r[3].has(kTtlExplicit));
  CHECK(r[4].has(kOwnerInherited));
  auto mx = as_mx(l.zone(), r[5]);
  REQUIRE(mx);
  CHECK(mx->preference == 10);
  CHECK(mx->exchange == N("mx1.example.com."));
  CHECK(l.zone().has(N("www.example.com."), rrtype::AAAA));
}

TEST_CASE("parse: spans point at the owner, the type and each field") {
  auto l = load(std::string(kSoa) + "www  300 IN  MX  10   mail\n  TXT \"a b\" c\n");
  REQUIRE(l.loaded());
  const Record& mx = l.records().at(2);
  CHECK(l.text(l.zone().owner_span(mx)) == "www");
  CHECK(l.at(l.zone().owner_span(mx)).line == 4);
  CHECK(l.at(l.zone().owner_span(mx)).column == 1);
  CHECK(l.text(l.zone().type_span(mx)) == "MX");
  CHECK(l.at(l.zone().type_span(mx)).column == 14);
  const auto fields = l.zone().fields_of(mx, l.set.sources);
  REQUIRE(fields.size() == 2);
  CHECK(l.text(fields[0].span) == "10");
  CHECK(l.at(fields[1].span).column == 23);
  CHECK(l.text(l.zone().span(mx)) == "www  300 IN  MX  10   mail");

  const Record& txt = l.records().at(3);
  CHECK(txt.has(kOwnerInherited));
  CHECK(l.zone().owner_span(txt).begin ==
        l.zone().owner_span(txt).end);  // empty at the entry start
  CHECK(l.at(l.zone().owner_span(txt)).line == 5);
  CHECK(l.at(l.zone().owner_span(txt)).column == 1);
  const auto tf = l.zone().fields_of(txt, l.set.sources);
  REQUIRE(tf.size() == 2);
  CHECK(l.text(tf[0].span) == "\"a b\"");  // quoted fields keep their quotes
  CHECK(l.zone().field_text(txt, 0, l.set.sources) == "\"a b\"");
  auto t = as_txt(l.zone(), txt);
  REQUIRE(t);
  CHECK(t->strings == std::vector<std::string>{"a b", "c"});
}

TEST_CASE("parse: an entry in parentheses spans its lines") {
  auto l = load("$TTL 1h\n@ IN SOA ns hm (\n  2024010101 ; serial\n  1h 15m 1w 5m )\n@ NS ns\n");
  REQUIRE(l.loaded());
  CHECK(l.diags().empty());
  const Record& soa = l.records().at(0);
  CHECK(l.at(l.zone().span(soa)).line == 2);
  CHECK(l.set.sources.end_of(l.zone().span(soa)).line == 4);
  auto s = as_soa(l.zone(), soa);
  REQUIRE(s);
  CHECK(s->serial == 2024010101u);
  CHECK(s->refresh == 3600);
  CHECK(s->minimum == 300);
  CHECK(l.at(l.zone().fields_of(soa, l.set.sources)[2].span).line == 3);
}

TEST_CASE("parse: owners: @, relative, absolute, inherited, escaped, wildcard") {
  auto l = load(std::string(kSoa) +
                "@ TXT apex\nsub TXT rel\nabs.example.net. TXT abs\n  TXT inherited\n"
                "a\\.b TXT dot\n\\065x TXT ddd\n*.w TXT wild\nSub.Example.COM. TXT case\n");
  REQUIRE(l.loaded());
  CHECK(l.errors() == 0);
  const auto& r = l.records();
  CHECK(l.zone().owner(r[2]) == N("example.com."));
  CHECK(l.zone().owner(r[3]) == N("sub.example.com."));
  CHECK(l.zone().owner(r[4]) == N("abs.example.net."));
  CHECK(l.zone().owner(r[5]) == N("abs.example.net."));
  CHECK(l.zone().owner(r[6]).labels().at(0) == "a.b");
  CHECK(l.zone().owner(r[7]).labels().at(0) == "Ax");
  CHECK(l.zone().owner(r[8]).is_wildcard());
  CHECK(l.zone().owner(r[9]).text() == "Sub.Example.COM.");  // spelling kept
}

TEST_CASE("parse: [TTL] [class] in either order, the accept/reject table") {
  struct Case {
    const char* line;
    bool ok;
    std::uint32_t ttl;
    const char* error;
  };
  const std::vector<Case> cases = {
      {"x 300 IN A 192.0.2.1", true, 300, nullptr},
      {"x IN 300 A 192.0.2.1", true, 300, nullptr},
      {"x in 300 a 192.0.2.1", true, 300, nullptr},
      {"x IN A 192.0.2.1", true, 3600, nullptr},
      {"x 300 A 192.0.2.1", true, 300, nullptr},
      {"x A 192.0.2.1", true, 3600, nullptr},
      {"x CLASS1 A 192.0.2.1", true, 3600, nullptr},
      {"x 1h30m IN A 192.0.2.1", true, 5400, nullptr},
      {"x IN 1W2d3H4m5S A 192.0.2.1", true, 788645, nullptr},
      {"x 30m1h A 192.0.2.1", true, 5400, nullptr},
      {"x 00010 A 192.0.2.1", true, 10, nullptr},
      {"x TYPE1 192.0.2.1", true, 3600, nullptr},
      {"x IN IN A 192.0.2.1", false, 0, "unknown RR type 'IN' (a class was already given)"},
      {"x 300 300 A 192.0.2.1", false, 0, "unknown RR type '300' (a TTL was already given)"},
      {"x IN 300 IN A 192.0.2.1", false, 0, "unknown RR type 'IN'"},
      {"x 300 IN 300 A 192.0.2.1", false, 0, "unknown RR type '300'"},
      {"x 1h30 A 192.0.2.1", false, 0, "unknown RR type '1h30'"},
      {"x 4294967296 A 192.0.2.1", false, 0, "out of range"},
      {"x CH A 192.0.2.1", false, 0, "class 'CH' does not match the zone class 'IN'"},
      {"x CLASS3 TXT a", false, 0, "class 'CH' does not match"},
      // Every spelling of a class, in either case (lookup_class rules tokens out by length and
      // first letter before its table).
      {"x chaos A 192.0.2.1", false, 0, "class 'CH' does not match"},
      {"x cs A 192.0.2.1", false, 0, "class 'CLASS2' does not match"},
      {"x Hs A 192.0.2.1", false, 0, "class 'HS' does not match"},
      {"x HESIOD A 192.0.2.1", false, 0, "class 'HS' does not match"},
      {"x none A 192.0.2.1", false, 0, "class 'NONE' does not match"},
      {"x Any A 192.0.2.1", false, 0, "class 'ANY' does not match"},
      {"x class00001 A 192.0.2.1", true, 3600, nullptr},
      {"x FOO 192.0.2.1", false, 0, "unknown RR type 'FOO'"},
      {"x 300 IN", false, 0, "expected an RR type, found the end of the entry"},
      {"x \"A\" 192.0.2.1", false, 0, "expected an RR type, found the quoted string"},
      {"x TSIG foo", false, 0, "meta type"},
      {"x IN ANY \\# 0", false, 0, "meta type"},
      {"x TYPE200 \\# 0", false, 0, "meta type"},
      {"x MD foo", false, 0, "obsolete"},
  };
  for (const auto& c : cases) {
    INFO(c.line);
    auto l = load(std::string(kSoa) + c.line + "\n");
    REQUIRE(l.loaded());
    if (c.ok) {
      CHECK(l.errors() == 0);
      REQUIRE(l.records().size() == 3);
      CHECK(l.records()[2].ttl == c.ttl);
    } else {
      CHECK(l.records().size() == 2);
      REQUIRE(l.errors() == 1);
      CHECK(l.diags()[0].find(c.error) != std::string::npos);
    }
  }
}

TEST_CASE("parse: a class other than the zone's is reported at the class token") {
  // Before or after the TTL, by mnemonic or number; the caret went to the type token before.
  auto l = load(std::string(kSoa) + "x CH A 192.0.2.1\ny 300 CLASS3 TXT a\n");
  REQUIRE(l.loaded());
  CHECK(l.records().size() == 2);
  REQUIRE(l.diags().size() == 2);
  CHECK(l.diags()[0] ==
        "example.com.zone:4:3 parse-error: class 'CH' does not match the zone class 'IN'");
  CHECK(l.diags()[1] ==
        "example.com.zone:5:7 parse-error: class 'CH' does not match the zone class 'IN'");
}

TEST_CASE("parse: TTL defaulting follows $TTL, else the last TTL, as in BIND") {
  // Without $TTL: RFC 1035 semantics, the last explicit TTL carries over.
  auto l = load(
      "@ 100 IN SOA ns hm 1 2 3 4 5\n  NS ns\nwww 600 A 192.0.2.1\nx A 192.0.2.2\n"
      "$TTL 50\ny A 192.0.2.3\nz 70 A 192.0.2.4\nw A 192.0.2.5\n");
  REQUIRE(l.loaded());
  CHECK(l.diags().empty());
  // As BIND warns "using RFC1035 TTL semantics" once: one ttl-inherited, at the NS, counting x.
  const auto found = l.findings();
  REQUIRE(found.size() == 1);
  CHECK(l.describe(found[0]).find(":2:3 ttl-inherited: ") != std::string::npos);
  CHECK(found[0].message.find("(100), and so does 1 more record") != std::string::npos);
  REQUIRE(found[0].notes.size() == 1);
  CHECK(l.text(found[0].notes[0].span) == "100");
  std::vector<std::uint32_t> ttls;
  for (const auto& r : l.records()) ttls.push_back(r.ttl);
  CHECK(ttls == std::vector<std::uint32_t>{100, 100, 600, 600, 50, 70, 50});
  // Where each TTL came from, as the parser records it.
  std::vector<TtlSource> sources;
  for (const auto& r : l.records()) sources.push_back(r.ttl_source);
  CHECK(sources == std::vector<TtlSource>{TtlSource::explicit_ttl, TtlSource::previous_record,
                                          TtlSource::explicit_ttl, TtlSource::previous_record,
                                          TtlSource::directive, TtlSource::explicit_ttl,
                                          TtlSource::directive});
  const TtlFacts::Inherited& in = l.zone().ttl_facts.inherited;
  CHECK(in.count == 2);
  CHECK(l.text(in.first) == "NS");
  CHECK(l.text(in.source) == "100");
  CHECK(in.ttl == 100);
}

TEST_CASE("parse: with no TTL source the SOA gets its minimum, and so do later records") {
  auto l = load("@ IN SOA ns hm 1 2 3 4 5\n  IN NS ns\nwww 600 A 192.0.2.1\nx A 192.0.2.2\n");
  REQUIRE(l.loaded());
  CHECK(l.diags().empty());
  const auto found = l.findings();
  REQUIRE(found.size() == 1);
  const auto& d = found[0];
  CHECK(d.rule == "ttl-missing");
  CHECK(d.severity == Severity::warning);
  CHECK(l.text(d.span) == "SOA");
  CHECK(d.owner == "example.com.");
  CHECK(d.type == "SOA");
  CHECK(d.message.find("SOA minimum (5)") != std::string::npos);
  const auto& r = l.records();
  CHECK(r[0].ttl == 5);
  CHECK(r[0].has(kTtlFromSoaMin));
  CHECK(r[0].ttl_source == TtlSource::own_soa_minimum);
  CHECK(r[1].ttl == 5);  // the SOA minimum acts as $TTL from here on (BIND)
  CHECK(r[1].has(kTtlFromSoaMin));
  CHECK(r[1].ttl_source == TtlSource::soa_minimum);
  CHECK(r[2].ttl == 600);
  CHECK(r[3].ttl == 5);  // not 600: the default wins over the last TTL, as in BIND
}

TEST_CASE("parse: a record before any TTL source is an error and takes the SOA minimum") {
  auto l = load("ns A 192.0.2.1\n@ IN SOA ns hm 1 2 3 4 77\n  NS ns\n");
  REQUIRE(l.loaded());
  REQUIRE(l.errors() == 1);
  CHECK(l.diags()[0].find("1:4 parse-error: no TTL for this record") != std::string::npos);
  CHECK(l.records()[0].ttl == 77);
  CHECK(l.records()[0].has(kTtlFromSoaMin));
  CHECK(l.records()[0].ttl_source == TtlSource::none);
  // The SOA after it has no TTL source either: it takes its own minimum (ttl-missing).
  CHECK(l.records()[1].ttl_source == TtlSource::own_soa_minimum);
  CHECK(l.count_findings("ttl-missing") == 1);
}

TEST_CASE("parse: a TTL above 2^31-1 is an error and loads as 0, as in BIND") {
  auto l = load(std::string(kSoa) + "x 2147483648 A 192.0.2.1\ny 2147483647 A 192.0.2.1\n");
  REQUIRE(l.loaded());
  REQUIRE(l.errors() == 1);
  CHECK(l.diags()[0].find("4:3 parse-error: TTL '2147483648' is above the maximum") !=
        std::string::npos);
  CHECK(l.records()[2].ttl == 0);
  CHECK(l.records()[3].ttl == 2147483647u);
  auto t = load("$TTL 4294967295\n@ SOA ns hm 1 2 3 4 5\n");
  CHECK(t.errors() == 1);
  CHECK(t.records().at(0).ttl == 0);
}

TEST_CASE("parse: the default TTL option stands for a $TTL before the first line") {
  ParseOptions o;
  o.origin = Name::root();
  o.default_ttl = 0;
  auto l = load("a. A 192.0.2.1\nb. 10 A 192.0.2.2\nc. A 192.0.2.3\n", o, "01-basic.in");
  REQUIRE(l.loaded());
  CHECK(l.diags().empty());
  CHECK(l.records()[0].ttl == 0);
  CHECK(l.records()[2].ttl == 0);
  CHECK(l.zone().origin.is_root());
}

TEST_CASE("parse: line ends: CRLF, lone CR, no final newline, a BOM is reported") {
  for (std::string eol : {"\r\n", "\r", "\n"}) {
    std::string text;
    for (const char* line : {"$TTL 60", "@ SOA ns hm ( 1 2", " 3 4 5 )", " NS ns", "x TXT \"a\""}) {
      text += line;
      text += eol;
    }
    text += "y A 192.0.2.1";
    auto l = load(text);
    REQUIRE(l.loaded());
    CHECK(l.diags().empty());
    CHECK(l.records().size() == 4);
    CHECK(l.at(l.zone().type_span(l.records()[3])).line == 6);
  }
  auto b = load("\xEF\xBB\xBF$TTL 60\n@ SOA ns hm 1 2 3 4 5\n");
  CHECK(b.errors() == 1);
  CHECK(b.diags()[0].find("1:1 parse-error: the file starts with a UTF-8 byte order mark") !=
        std::string::npos);
  CHECK(b.records().size() == 1);
}

TEST_CASE("parse: RFC 3597 TYPEnnn and the generic rdata form") {
  auto l = load(std::string(kSoa) +
                "x TYPE65534 \\# 3 abcdef\ny A \\# 4 c0000201\n"
                "z TYPE1 \\# 4 C0 00 02 01\n");
  REQUIRE(l.loaded());
  CHECK(l.errors() == 0);
  CHECK(l.records()[2].type == 65534);
  CHECK(l.zone().rdata(l.records()[2]) == std::string("\xab\xcd\xef"));
  CHECK(l.zone().rdata(l.records()[3]) == std::string("\xc0\x00\x02\x01", 4));
  CHECK(l.zone().rdata(l.records()[4]) == std::string("\xc0\x00\x02\x01", 4));
}

TEST_CASE("parse: after a bad entry the parser goes on with the next one") {
  auto l = load(std::string(kSoa) +
                "a A 192.0.2.1\n"
                "b A 192.0.2.300\n"  // bad address
                "c A 192.0.2.3\n"
                "d MX 70000 mail\n"       // preference out of range
                "e TXT \"unterminated\n"  // syntax error
                "f A 192.0.2.6\n"
                "g A 192.0.2.7 )\n"  // stray ')'
                "h A 192.0.2.8\n");
  REQUIRE(l.loaded());
  CHECK(l.errors() == 4);
  std::vector<std::string> owners;
  for (const auto& r : l.records())
    owners.push_back(l.zone().owner(r).relative_text(l.zone().origin));
  CHECK(owners == std::vector<std::string>{"@", "@", "a", "c", "f", "h"});
  const auto d = l.diags();
  CHECK(d[0].find("5:5 ") != std::string::npos);
  CHECK(d[1].find("7:6 ") != std::string::npos);
  CHECK(d[2].find("8:20 parse-error: unterminated quoted string") != std::string::npos);
  CHECK(d[3].find("10:15 parse-error: unbalanced parentheses") != std::string::npos);
}

TEST_CASE("parse: an unclosed '(' is reported at the '(' and the next entry still loads") {
  auto l = load("$TTL 60\n@ SOA ns hm ( 1 2\n 3 4 5\n@ NS ns\nwww A 192.0.2.1\n");
  REQUIRE(l.loaded());
  REQUIRE(l.errors() == 1);
  CHECK(l.diags()[0].find("2:13 parse-error: '(' is never closed") != std::string::npos);
  REQUIRE(l.records().size() == 2);
  CHECK(l.rr(1) == "www.example.com. 60 A 192.0.2.1");
}

TEST_CASE("parse: rdata errors name the record's owner and type") {
  auto l = load(std::string(kSoa) + "mail MX 70000 mx\n");
  REQUIRE(l.errors() == 1);
  const auto& d = l.set.diagnostics.items()[0];
  CHECK(d.owner == "mail.example.com.");
  CHECK(d.type == "MX");
  CHECK(l.text(d.span) == "70000");
}

TEST_CASE("parse: blank owner without a previous owner, unknown directives, bad names") {
  auto l = load(
      "$TTL 60\n  A 192.0.2.1\n$FOO bar\nx..y A 192.0.2.1\n  A 192.0.2.2\n"
      "@ SOA ns hm 1 2 3 4 5\n");
  REQUIRE(l.loaded());
  const auto d = l.diags();
  REQUIRE(d.size() == 4);
  CHECK(d[0].find("2:3 parse-error: this entry starts with white space but there is no previous "
                  "owner") != std::string::npos);
  CHECK(d[1].find("3:1 parse-error: unknown directive '$FOO'") != std::string::npos);
  CHECK(d[2].find("4:1 parse-error: bad owner name 'x..y'") != std::string::npos);
  CHECK(d[3].find("5:3 parse-error: the previous owner name was bad") != std::string::npos);
  CHECK(l.records().size() == 1);
}

TEST_CASE("parse: $ORIGIN is relative to the current origin and changes relative names") {
  auto l = load(std::string(kSoa) +
                "$ORIGIN sub\nwww A 192.0.2.1\n$ORIGIN other.test.\n@ A 192.0.2.2\n"
                "$ORIGIN @\nx A 192.0.2.3\n  A 192.0.2.4\n");
  REQUIRE(l.loaded());
  CHECK(l.errors() == 0);
  CHECK(l.zone().owner(l.records()[2]) == N("www.sub.example.com."));
  CHECK(l.zone().owner(l.records()[3]) == N("other.test."));
  CHECK(l.zone().owner(l.records()[4]) == N("x.other.test."));
  CHECK(l.zone().owner(l.records()[5]) == N("x.other.test."));
  CHECK(l.zone().origin == N("example.com."));
}

TEST_CASE("parse: an absolute $ORIGIN needs no origin, an escaped final dot is not absolute") {
  auto l = load("$ORIGIN a\\\\.test.\n$TTL 1\n@ SOA ns hm 1 2 3 4 5\n$ORIGIN b\\.\nx A 192.0.2.1\n",
                {}, "zones/README");
  REQUIRE(l.loaded());
  CHECK(l.errors() == 0);
  CHECK(l.zone().origin.labels().at(0) == "a\\");
  CHECK(l.zone().owner(l.records().at(1)).labels().at(1) == "b.");
  CHECK(l.zone().owner(l.records().at(1)).label_count() == 4);
}

TEST_CASE("parse: a blank owner right after $ORIGIN still inherits the previous owner") {
  auto l = load(std::string(kSoa) + "foo TXT a\n$ORIGIN sub\n  TXT b\n");
  REQUIRE(l.loaded());
  CHECK(l.zone().owner(l.records()[3]) == N("foo.example.com."));
}

TEST_CASE("parse: origin: $ORIGIN before the first record, then the option, then the file name") {
  ParseOptions o;
  o.origin = N("option.test.");
  CHECK(load("$ORIGIN first.test.\n$TTL 1\n@ SOA ns hm 1 2 3 4 5\n", o).zone().origin ==
        N("first.test."));
  CHECK(load("$TTL 1\n@ SOA ns hm 1 2 3 4 5\n$ORIGIN later.test.\n", o).zone().origin ==
        N("option.test."));
  CHECK(load("$TTL 1\n@ SOA ns hm 1 2 3 4 5\n", {}, "zones/db.from-name.org").zone().origin ==
        N("from-name.org."));
  // A relative $ORIGIN at the top is relative to the option's or the file name's origin.
  CHECK(load("$ORIGIN sub\n$TTL 1\n@ SOA ns hm 1 2 3 4 5\n", o).zone().origin ==
        N("sub.option.test."));
}

TEST_CASE("parse: a zone whose origin cannot be told is a clear error") {
  auto l = load("$TTL 1\n@ SOA ns hm 1 2 3 4 5\n", {}, "zones/README");
  CHECK_FALSE(l.loaded());
  REQUIRE(l.errors() == 1);
  CHECK(l.diags()[0].find("cannot tell the zone origin of 'zones/README'") != std::string::npos);
  CHECK(l.diags()[0].find("--origin") != std::string::npos);
  CHECK(l.diags()[0].find("$ORIGIN") != std::string::npos);
  // An absolute $ORIGIN first is enough.
  CHECK(load("$ORIGIN ok.test.\n$TTL 1\n@ SOA ns hm 1 2 3 4 5\n", {}, "zones/README").loaded());
}

TEST_CASE("parse: origin from the file name") {
  const std::vector<std::pair<std::string, std::string>> yes = {
      {"example.com.zone", "example.com."},
      {"zones/example.com.db", "example.com."},
      {"db.example.com", "example.com."},
      {"/etc/bind/example.com", "example.com."},
      {"EXAMPLE.ORG.ZONE", "EXAMPLE.ORG."},
      {"0.0.10.in-addr.arpa", "0.0.10.in-addr.arpa."},
      {"db.ocf.berkeley.edu", "ocf.berkeley.edu."},
      {"example.xn--p1ai", "example.xn--p1ai."},
      {"example.com.", "example.com."}};
  for (const auto& [path, origin] : yes) {
    INFO(path);
    auto o = origin_from_file_name(path);
    REQUIRE(o);
    CHECK(o->text() == origin);
  }
  for (std::string path :
       {"zone", "root.zone", "db.10.0.0", "master1.data", "named.conf", "notes.txt", "zones/",
        "a..b", "db.", ".zone", "x y.com", "rules.json"}) {
    INFO(path);
    CHECK_FALSE(origin_from_file_name(path));
  }
}

TEST_CASE("parse: include-ttl-leak reaches into a later $INCLUDE and names the $TTL's file") {
  MemFs fs;
  fs.files["z/main.zone"] =
      "$TTL 3600\n@ SOA ns hm 1 2 3 4 5\n NS ns\n$INCLUDE b.inc\n"
      "$INCLUDE c.inc\nwww A 192.0.2.1\n$TTL 3600\nok A 192.0.2.4\n";
  fs.files["z/b.inc"] = "$TTL 60\nns A 192.0.2.2\n";
  fs.files["z/c.inc"] = "mail A 192.0.2.3\n";
  ParseOptions o;
  o.origin = N("example.");
  o.include_root = "z";
  o.reader = fs.reader();
  auto l = load(fs.files["z/main.zone"], o, "z/main.zone");
  REQUIRE(l.loaded());
  CHECK(l.diags().empty());
  REQUIRE(l.zone().ttl_facts.include_leaks.size() == 1);
  CHECK(l.zone().ttl_facts.include_leaks[0].count == 2);
  const auto found = l.findings();
  REQUIRE(found.size() == 1);
  const Diagnostic& leak = found[0];
  CHECK(leak.rule == "include-ttl-leak");
  // The first record reached is in c.inc; www follows; ok comes after a new $TTL.
  CHECK(l.set.sources.file(leak.span.file).path() == "z/c.inc");
  CHECK(leak.message.find("included file 'z/b.inc'") != std::string::npos);
  CHECK(leak.message.find("and so does 1 more record after it") != std::string::npos);
}

TEST_CASE("parse: $INCLUDE reads relative to the including file, with its own origin") {
  MemFs fs;
  fs.files["root/zones/main.zone"] =
      "$TTL 10\n@ SOA ns hm 1 2 3 4 5\n NS ns\nlast A 192.0.2.1\n"
      "$INCLUDE sub.inc sub\n  A 192.0.2.2\nafter A 192.0.2.3\n";
  fs.files["root/zones/sub.inc"] = "$TTL 77\nfoo A 192.0.2.9\n$ORIGIN deeper\nbar A 192.0.2.8\n";
  ParseOptions o;
  o.origin = N("example.");
  o.include_root = "root";
  o.reader = fs.reader();
  auto l = load(fs.files["root/zones/main.zone"], o, "root/zones/main.zone");
  REQUIRE(l.loaded());
  // The two records after the $INCLUDE take the included $TTL: one include-ttl-leak warning, at
  // the first of them, with the $INCLUDE and the $TTL as notes.
  CHECK(l.diags().empty());
  const auto found = l.findings();
  REQUIRE(found.size() == 1);
  const Diagnostic& leak = found[0];
  CHECK(leak.rule == "include-ttl-leak");
  CHECK(leak.severity == Severity::warning);
  CHECK(l.at(leak.span).line == 6);
  CHECK(leak.message.find("takes TTL 77 from the $TTL") != std::string::npos);
  CHECK(leak.message.find("and so does 1 more record after it") != std::string::npos);
  CHECK(leak.message.find("goes back to the $TTL before it (10)") != std::string::npos);
  REQUIRE(leak.notes.size() == 2);
  CHECK(l.at(leak.notes[0].span).line == 5);
  CHECK(l.at(leak.notes[1].span).line == 1);
  CHECK(l.rrs() ==
        std::vector<std::string>{"example. 10 SOA ns hm 1 2 3 4 5", "example. 10 NS ns",
                                 "last.example. 10 A 192.0.2.1", "foo.sub.example. 77 A 192.0.2.9",
                                 "bar.deeper.sub.example. 77 A 192.0.2.8",
                                 // origin and owner come back; $TTL does not (BIND 9 keeps it)
                                 "last.example. 77 A 192.0.2.2", "after.example. 77 A 192.0.2.3"});
  REQUIRE(l.zone().included_files.size() == 1);
  const FileId inc = l.zone().included_files[0];
  CHECK(l.set.sources.file(inc).path() == "root/zones/sub.inc");
  const auto chain = l.set.sources.include_chain(inc);
  REQUIRE(chain.size() == 1);
  CHECK(l.at(chain[0]).line == 5);
  CHECK(l.zone().file_of(l.records()[3]) == inc);
  // Read under the $INCLUDE's origin, one label deeper than the zone's, and the included
  // $ORIGIN, two labels deeper: only the text tells how the latter's names were written.
  const std::uint8_t both = kTextNotPlain | kOriginDeeper;
  for (std::size_t i = 0; i < l.records().size(); ++i) {
    INFO(l.rr(i));
    CHECK((l.records()[i].flags & both) == (i == 3 ? kOriginDeeper : i == 4 ? both : 0));
  }
}

TEST_CASE("parse: how an entry was written: escapes and the length of the $ORIGIN in force") {
  const auto l = load(std::string("$ORIGIN example.com.\n") + kSoa +
                      "plain A 192.0.2.1\n"
                      "a\\.b A 192.0.2.2\n"         // an escaped owner
                      "txt TXT \"a\\\"b\" \"c\"\n"  // an escape in the rdata
                      "mx MX 10 mail.example.net.\n"
                      "$ORIGIN sub.example.com.\n"  // one label deeper
                      "other A 192.0.2.3\n"
                      "  AAAA 2001:db8::1\n"            // its owner inherited
                      "abs.example.com. A 192.0.2.5\n"  // absolute, still deeper
                      "esc TXT \"\\065\"\n"             // deeper and an escape
                      "$ORIGIN a.sub.example.com.\n"    // two labels deeper
                      "two A 192.0.2.6\n"
                      "$ORIGIN other.net.\n"  // as many labels, another name
                      "net A 192.0.2.7\n"
                      "$ORIGIN EXAMPLE.COM.\n"
                      "back CNAME mx\n");  // the zone's origin again
  REQUIRE(l.loaded());
  REQUIRE(l.records().size() == 13);
  const std::uint8_t e = kTextNotPlain, d = kOriginDeeper, both = e | d;
  const std::vector<std::uint8_t> want = {0, 0, 0, e, e, 0, d, d, d, both, both, 0, 0};
  for (std::size_t i = 0; i < want.size(); ++i) {
    INFO(l.rr(i));
    CHECK((l.records()[i].flags & both) == want[i]);
  }
}

TEST_CASE("parse: $INCLUDE falls back to the include root, as BIND's working directory") {
  MemFs fs;
  fs.files["root/zones/a.zone"] = "$TTL 1\n@ SOA ns hm 1 2 3 4 5\n$INCLUDE \"zones/inherit.db\"\n";
  fs.files["root/zones/inherit.db"] = "\tNS .\n";
  ParseOptions o;
  o.origin = N("example.");
  o.include_root = "root";
  o.reader = fs.reader();
  auto l = load(fs.files["root/zones/a.zone"], o, "root/zones/a.zone");
  REQUIRE(l.loaded());
  CHECK(l.diags().empty());
  REQUIRE(l.records().size() == 2);
  CHECK(l.rr(1) == "example. 1 NS .");  // the included file inherits the current owner
  CHECK(*fs.asked ==
        std::vector<std::string>{"root/zones/zones/inherit.db", "root/zones/inherit.db"});
}

TEST_CASE("parse: errors in an included file carry the include chain") {
  MemFs fs;
  fs.files["r/main.zone"] = "$TTL 1\n@ SOA ns hm 1 2 3 4 5\n$INCLUDE one.inc\n";
  fs.files["r/one.inc"] = "; one\n$INCLUDE two.inc\n";
  fs.files["r/two.inc"] = "x A 192.0.2.999\n";
  ParseOptions o;
  o.origin = N("example.");
  o.include_root = "r";
  o.reader = fs.reader();
  auto l = load(fs.files["r/main.zone"], o, "r/main.zone");
  REQUIRE(l.errors() == 1);
  const auto& d = l.set.diagnostics.items()[0];
  CHECK(l.set.sources.file(d.span.file).path() == "r/two.inc");
  REQUIRE(d.notes.size() == 2);
  CHECK(d.notes[0].message == "included from here");
  CHECK(l.set.sources.file(d.notes[0].span.file).path() == "r/one.inc");
  CHECK(l.at(d.notes[0].span).line == 2);
  CHECK(l.set.sources.file(d.notes[1].span.file).path() == "r/main.zone");
  CHECK(l.at(d.notes[1].span).line == 3);
  CHECK(l.zone().included_files.size() == 2);
}

TEST_CASE("parse: $INCLUDE cycles and depth are detected") {
  MemFs fs;
  fs.files["r/a.zone"] = "$TTL 1\n@ SOA ns hm 1 2 3 4 5\n$INCLUDE b.inc\n";
  fs.files["r/b.inc"] = "b A 192.0.2.1\n$INCLUDE a.zone\n";
  ParseOptions o;
  o.origin = N("example.");
  o.include_root = "r";
  o.reader = fs.reader();
  auto l = load(fs.files["r/a.zone"], o, "r/a.zone");
  REQUIRE(l.loaded());
  REQUIRE(l.errors() == 1);
  CHECK(l.diags()[0].find("r/b.inc:2:10 parse-error: $INCLUDE 'a.zone' is refused: it includes "
                          "itself") != std::string::npos);
  CHECK(l.records().size() == 2);

  MemFs deep;
  for (int i = 0; i < 30; ++i)
    deep.files["r/f" + std::to_string(i) + ".inc"] =
        "x" + std::to_string(i) + " A 192.0.2.1\n$INCLUDE f" + std::to_string(i + 1) + ".inc\n";
  o.reader = deep.reader();
  o.limits.max_include_depth = 5;
  auto d = load("$TTL 1\n@ SOA ns hm 1 2 3 4 5\n$INCLUDE f0.inc\n", o, "r/top.zone");
  REQUIRE(d.errors() == 1);
  CHECK(d.diags()[0].find("nested more than 5 files deep") != std::string::npos);
  CHECK(d.records().size() == 1 + 5);
}

TEST_CASE("parse: $INCLUDE may not leave the include root, and refused files are never read") {
  MemFs fs;
  fs.files["secret"] = "TOPSECRET A 192.0.2.1\n";
  fs.files["r/sub/../../secret"] = "TOPSECRET A 192.0.2.1\n";
  ParseOptions o;
  o.origin = N("example.");
  o.include_root = "r";
  o.reader = fs.reader();
  {
    auto l = load("$TTL 1\n@ SOA ns hm 1 2 3 4 5\n$INCLUDE link.inc\\000x\n", o, "r/top.zone");
    REQUIRE(l.errors() == 1);
    CHECK(l.diags()[0].find("contains a NUL byte; it is refused") != std::string::npos);
    CHECK(fs.asked->empty());
  }
  for (std::string inc :
       {"../secret", "../../secret", "/etc/passwd", "sub/../../secret", "\"../secret\""}) {
    INFO(inc);
    fs.asked->clear();
    auto l = load("$TTL 1\n@ SOA ns hm 1 2 3 4 5\n$INCLUDE " + inc + "\n", o, "r/top.zone");
    REQUIRE(l.loaded());
    REQUIRE(l.errors() == 1);
    CHECK(l.diags()[0].find("is refused: it resolves to") != std::string::npos);
    CHECK(l.diags()[0].find("outside the include root") != std::string::npos);
    CHECK(fs.asked->empty());
    CHECK(l.records().size() == 1);
    for (const auto& d : l.set.diagnostics.items())
      CHECK(d.message.find("TOPSECRET") == std::string::npos);
  }
}

TEST_CASE("parse: $INCLUDE through a symlink that leaves the root is refused") {
  namespace fs = std::filesystem;
  const fs::path tmp = fs::temp_directory_path() / ("zonelint-inc-" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  fs::create_directories(tmp / "root");
  fs::create_directories(tmp / "outside");
  std::ofstream(tmp / "outside" / "secret.inc") << "TOPSECRET A 192.0.2.1\n";
  std::ofstream(tmp / "root" / "ok.inc") << "fine A 192.0.2.2\n";
  fs::create_symlink(tmp / "outside" / "secret.inc", tmp / "root" / "link.inc");
  fs::create_directory_symlink(tmp / "outside", tmp / "root" / "dirlink");
  fs::create_directory(tmp / "root" / "adir");

  ParseOptions o;
  o.origin = N("example.");
  o.include_root = (tmp / "root").string();
  const std::string top = (tmp / "root" / "top.zone").string();
  auto l = load(
      "$TTL 1\n@ SOA ns hm 1 2 3 4 5\n$INCLUDE link.inc\n$INCLUDE dirlink/secret.inc\n"
      "$INCLUDE ok.inc\n$INCLUDE adir\n$INCLUDE missing.inc\n",
      [&] {
        ParseOptions p = o;
        p.reader = filesystem_reader();
        return p;
      }(),
      top);
  fs::remove_all(tmp);
  REQUIRE(l.loaded());
  const auto d = l.diags();
  REQUIRE(d.size() == 4);
  CHECK(d[0].find(":3:10 parse-error: $INCLUDE 'link.inc' is refused") != std::string::npos);
  CHECK(d[1].find(":4:10 parse-error: $INCLUDE 'dirlink/secret.inc' is refused") !=
        std::string::npos);
  CHECK(d[2].find(":6:10 parse-error: cannot read $INCLUDE file 'adir': is a directory") !=
        std::string::npos);
  CHECK(d[3].find(":7:10 parse-error: cannot read $INCLUDE file 'missing.inc'") !=
        std::string::npos);
  REQUIRE(l.records().size() == 2);
  CHECK(l.rr(1) == "fine.example. 1 A 192.0.2.2");
}

TEST_CASE("parse: $GENERATE expands owner and rdata with modifiers and escapes") {
  auto l = load(std::string(kSoa) +
                "$GENERATE 1-3 host$ A 192.0.2.$\n"
                "$GENERATE 1024-1025 ${0,3,n} AAAA 2001:db8::${0,4,x}\n"
                "$GENERATE 1024-1024 ${-2000,0,n} AAAA 2001:db8::1\n"
                "$GENERATE 1-1 h\\$$$$ TXT \"a\\$ $$ ${1,3,X} ${-5,4,o} ${-5} ${10,4,d}\"\n"
                "$GENERATE 2-6/2 mx${0,2} IN 300 MX \"10 mail$\"\n"
                "$GENERATE 0-0 x TXT ${0,0,N}\n");
  REQUIRE(l.loaded());
  CHECK(l.diags().empty());
  CHECK(l.rrs() == std::vector<std::string>{
                       "example.com. 3600 SOA ns hostmaster 1 7200 3600 1209600 300",
                       "example.com. 3600 NS ns", "host1.example.com. 3600 A 192.0.2.1",
                       "host2.example.com. 3600 A 192.0.2.2", "host3.example.com. 3600 A 192.0.2.3",
                       "0.0.4.example.com. 3600 AAAA 2001:db8::0400",
                       "1.0.4.example.com. 3600 AAAA 2001:db8::0401",
                       "0.3.c.f.f.f.f.f.example.com. 3600 AAAA 2001:db8::1",
                       "h\\$\\$1.example.com. 3600 TXT a\\$ $ 002 37777777774 -4 0011",
                       "mx02.example.com. 300 MX 10 mail2", "mx04.example.com. 300 MX 10 mail4",
                       "mx06.example.com. 300 MX 10 mail6", "x.example.com. 3600 TXT 0"});
  const Record& g = l.records().at(2);
  CHECK(g.has(kGenerated));
  CHECK(l.text(l.zone().owner_span(g)) == "host$");
  CHECK(l.text(l.zone().type_span(g)) == "A");
  CHECK(l.text(l.zone().fields_of(g, l.set.sources)[0].span) == "192.0.2.$");
  CHECK(l.text(l.zone().span(g)) == "$GENERATE 1-3 host$ A 192.0.2.$");
  CHECK(l.records().at(9).has(kTtlExplicit));
}

TEST_CASE("parse: $GENERATE does not change the owner that blank lines inherit") {
  auto l = load(std::string(kSoa) + "y TXT a\n$GENERATE 1-2 h$ TXT b\n  TXT c\n");
  REQUIRE(l.loaded());
  CHECK(l.zone().owner(l.records().back()) == N("y.example.com."));
}

TEST_CASE("parse: bad $GENERATE directives are errors and add no records") {
  struct Case {
    const char* line;
    const char* error;
  };
  const std::vector<Case> cases = {
      {"$GENERATE 9--10 host$ A 192.0.2.$", "invalid $GENERATE range '9--10'"},
      {"$GENERATE 1-3/ $ A 192.0.2.$", "invalid $GENERATE range '1-3/'"},
      {"$GENERATE 1-3/0 $ A 192.0.2.$", "invalid $GENERATE range '1-3/0'"},
      {"$GENERATE 2-1 $ A 192.0.2.$", "invalid $GENERATE range '2-1'"},
      {"$GENERATE 3000000000-3000000001 $ A 192.0.2.1", "invalid $GENERATE range"},
      {"$GENERATE 0-7 host$ A 1.2.3.${1,0,dgarbage}", "expected '}'"},
      {"$GENERATE 0-7 host$ A 1.2.3.${1000", "expected '}'"},
      {"$GENERATE 1-1 host$ TXT foo${2147483647}", "out of range"},
      {"$GENERATE 0-7 tkey$ TKEY foo", "meta type"},
      {"$GENERATE 1-2 h$ A 1.1.1.$ extra", "unexpected 'extra' after the $GENERATE rdata"},
      {"$GENERATE 1-2 h$ A ( 1.1.1.$ )", "parentheses are not allowed in $GENERATE"},
      {"$GENERATE 1-2 h$ A", "expected range, owner"},
      {"$GENERATE 250-260 h$ A 192.0.2.$", "192.0.2.256"},  // rdata error rolls back
  };
  for (const auto& c : cases) {
    INFO(c.line);
    auto l = load(std::string(kSoa) + c.line + "\n");
    REQUIRE(l.loaded());
    REQUIRE(l.errors() == 1);
    CHECK(l.diags()[0].find(c.error) != std::string::npos);
    CHECK(l.records().size() == 2);
  }
}

TEST_CASE("parse: $GENERATE ranges are bounded per directive and per zone") {
  ParseOptions o;
  o.limits.max_generate_per_directive = 100;
  o.limits.max_generate_per_zone = 150;
  auto l = load(std::string(kSoa) +
                    "$GENERATE 0-100 h$ A 192.0.2.1\n"  // 101 records: over
                    "$GENERATE 0-99 a$ A 192.0.2.1\n"   // 100: fine
                    "$GENERATE 0-49 b$ A 192.0.2.1\n"   // 150 in total: fine
                    "$GENERATE 0-0 c$ A 192.0.2.1\n",   // 151: over
                o);
  REQUIRE(l.loaded());
  const auto d = l.diags();
  REQUIRE(d.size() == 2);
  CHECK(d[0].find("4:11 parse-error: $GENERATE range '0-100' makes 101 records, over the limit "
                  "of 100") != std::string::npos);
  CHECK(d[1].find("7:11 parse-error: $GENERATE range '0-0' would bring the zone to 151") !=
        std::string::npos);
  CHECK(l.records().size() == 2 + 150);
  // The overflow case from BIND's tests: the step jumps past the end after one record.
  auto o2 = load(std::string(kSoa) + "$GENERATE 19-28/2147483645 $ CNAME x\n");
  CHECK(o2.errors() == 0);
  CHECK(o2.records().size() == 3);
}

TEST_CASE("parse: file size, line length and record count limits") {
  ParseOptions o;
  o.limits.max_file_bytes = 100;
  auto big = load(std::string(kSoa) + std::string(200, ';') + "\n", o);
  CHECK_FALSE(big.loaded());
  REQUIRE(big.errors() == 1);
  CHECK(big.diags()[0].find("over the limit of 100 bytes per file") != std::string::npos);

  ParseOptions lines;
  lines.limits.max_line_bytes = 40;
  auto ll = load("$TTL 1\n@ SOA n h 1 2 3 4 5\na A 192.0.2.1\nlong TXT \"" + std::string(100, 'x') +
                     "\"\nb A 192.0.2.2\nc TXT ( \"" + std::string(100, 'y') + "\" )\n",
                 lines);
  REQUIRE(ll.loaded());
  const auto lld = ll.diags();
  REQUIRE(lld.size() == 2);
  CHECK(lld[0].find("4:1 parse-error: line is 111 bytes long, over the limit of 40") !=
        std::string::npos);
  CHECK(lld[1].find("6:1 parse-error: line is 112 bytes long") != std::string::npos);
  CHECK(ll.records().size() == 3);
  // Lines end at \r\n and at a lone \r too, and the last one needs no line end.
  auto cr =
      load("$TTL 1\r\n@ SOA n h 1 2 3 4 5\r\na A 192.0.2.1\r\nlong TXT \"" + std::string(100, 'x') +
               "\"\r\nb A 192.0.2.2\rc TXT \"" + std::string(60, 'y') +
               "\"\rd A 192.0.2.4\r\ne TXT \"" + std::string(50, 'z') + "\"",
           lines);
  REQUIRE(cr.loaded());
  const auto crd = cr.diags();
  REQUIRE(crd.size() == 3);
  CHECK(crd[0].find("4:1 parse-error: line is 111 bytes long") != std::string::npos);
  CHECK(crd[1].find("6:1 parse-error: line is 68 bytes long") != std::string::npos);
  CHECK(crd[2].find("8:1 parse-error: line is 58 bytes long") != std::string::npos);
  CHECK(cr.records().size() == 4);
  // At the limit and one byte over it, also for a last line without a line end, with many
  // short lines between (the scan skips over those a window of the limit at a time).
  const auto txt = [](std::size_t bytes) {  // a TXT entry of `bytes` bytes
    return "t TXT \"" + std::string(bytes - 8, 'x') + "\"";
  };
  std::string shorts;
  for (int i = 0; i < 30; ++i) shorts += "s A 192.0.2.1\n";
  const std::string head = "$TTL 1\n@ SOA n h 1 2 3 4 5\n";
  for (const bool last_newline : {true, false}) {
    const std::string end = last_newline ? "\n" : "";
    auto at = load(head + txt(40) + "\n" + shorts + txt(40) + end, lines);
    CHECK(at.errors() == 0);
    auto over = load(head + txt(41) + "\n" + shorts + txt(41) + end, lines);
    const auto od = over.diags();
    REQUIRE(od.size() == 2);
    CHECK(od[0].find("3:1 parse-error: line is 41 bytes long") != std::string::npos);
    CHECK(od[1].find("34:1 parse-error: line is 41 bytes long") != std::string::npos);
  }

  ParseOptions rec;
  rec.limits.max_records_per_zone = 3;
  auto r = load(std::string(kSoa) + "a A 192.0.2.1\nb A 192.0.2.2\nc A 192.0.2.3\n", rec);
  REQUIRE(r.loaded());
  REQUIRE(r.errors() == 1);
  CHECK(r.diags()[0].find("more than 3 records") != std::string::npos);
  CHECK(r.records().size() == 3);
}

TEST_CASE("parse: hostile bytes give located diagnostics, never a crash") {
  std::string garbage;
  for (int i = 0; i < 2000; ++i) garbage.push_back(static_cast<char>((i * 7919) % 256));
  auto g = load(garbage);
  CHECK(g.errors() > 0);
  auto nul = load(std::string(kSoa) + std::string("x\0y A 192.0.2.1\n", 16));
  CHECK(nul.loaded());
  auto ddd = load(std::string(kSoa) + "\\999 A 192.0.2.1\n");
  REQUIRE(ddd.errors() == 1);
  CHECK(ddd.diags()[0].find("4:1 parse-error: bad owner name") != std::string::npos);
  CHECK(load("").loaded());
  CHECK(load("x").errors() == 1);
  CHECK(load("(").errors() == 1);
  CHECK(load("\"").errors() == 1);
  CHECK(load("\\").errors() == 1);
  CHECK(load(")").errors() == 1);
}

namespace {
// The owner index as a plain stable sort by canonical owner, then type, computes it: what
// Zone::build_index must give however it gets there.
std::vector<std::uint32_t> reference_owner_order(const Zone& z) {
  std::vector<std::uint32_t> order(z.records.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const auto c =
        Name::canonical_compare(z.owner(z.records[a]).wire(), z.owner(z.records[b]).wire());
    if (std::is_neq(c)) return std::is_lt(c);
    return z.records[a].type < z.records[b].type;
  });
  return order;
}
}  // namespace

TEST_CASE("parse: the owner index is in RFC 4034 canonical order, then type, then file order") {
  auto l = load(std::string(kSoa) +
                "z A 192.0.2.1\nZ.a TXT x\n\\000 TXT x\n\\001 TXT x\n\\001\\000 TXT x\n"
                "\\002 TXT x\nyljkjljk.a TXT x\n*.z TXT x\na TXT x\nA TXT y\n"
                "\\255.z TXT x\nzABC.a TXT x\n\\200.z TXT x\na.b.c.d TXT x\nb TXT x\n"
                "other.test. TXT x\nexample.com TXT x\nz AAAA ::1\nz A 192.0.2.2\n"
                "a\\001 TXT x\na\\000 TXT x\na- TXT x\n");
  REQUIRE(l.loaded());
  REQUIRE(l.errors() == 0);
  const Zone& z = l.zone();
  CHECK(z.sorted() == reference_owner_order(z));
  CHECK(z.records_at(N("z.example.com.")).size() == 3);
  CHECK(z.records_at(N("a.example.com."), rrtype::TXT).size() == 2);
}

TEST_CASE("parse: the owner index sorts runs of one owner, long keys and split owners alike") {
  // The index sorts runs of neighbouring records with the same owner (blank owners), on the
  // first 16 bytes of their keys below the common suffix, with the rest compared bytewise, and
  // merges the runs of an owner that comes back later (in another case, too).
  const auto check = [](const std::string& text) {
    auto l = load(text);
    REQUIRE(l.loaded());
    REQUIRE(l.errors() == 0);
    const Zone& z = l.zone();
    const std::vector<std::uint32_t> expected = reference_owner_order(z);
    CHECK(z.sorted() == expected);
    std::vector<std::uint32_t> starts;
    for (std::uint32_t i = 0; i < expected.size(); ++i)
      if (i == 0 || !(z.owner(z.records[expected[i]]) == z.owner(z.records[expected[i - 1]])))
        starts.push_back(i);
    starts.push_back(static_cast<std::uint32_t>(expected.size()));
    std::vector<std::uint32_t> found;
    for (std::size_t k = 0; k <= z.owner_count(); ++k) found.push_back(z.owner_start(k));
    CHECK(found == starts);
  };
  check(std::string(kSoa) +
        "w TXT x\n AAAA ::1\n A 192.0.2.1\n MX 1 w\n"  // one run, not in type order
        "a.averyverylonglabel-1 TXT x\nb.averyverylonglabel-1 TXT x\n"  // keys tie on 16 bytes
        "averyverylonglabel-1 A 192.0.2.1\naveryverylonglabel-12 A 192.0.2.1\n"
        "W AAAA ::2\n A 192.0.2.9\nw TXT y\n"  // the owner w again, twice, in another case
        "b.averyverylonglabel-1 A 192.0.2.3\na.averyverylonglabel-1 TXT x\n");
  // No suffix common to all owners but the root, and a zone of one record.
  check(std::string(kSoa) + "other.test. TXT x\nOTHER.test. A 192.0.2.1\nx.org. A 192.0.2.1\n");
  // A run longer than a sort item holds (255 records) is cut into several runs of the same key,
  // merged again by type, then file order; here with its types out of order.
  std::string long_run = std::string(kSoa) + "big TXT x\n";
  for (int i = 0; i < 600; ++i)
    long_run += i % 3 == 0   ? " A 192.0.2." + std::to_string(i % 250) + "\n"
                : i % 3 == 1 ? " TXT t" + std::to_string(i) + "\n"
                             : " AAAA ::" + std::to_string(i) + "\n";
  long_run += "a A 192.0.2.1\nbig MX 0 .\n";
  check(long_run);
  // More runs than sort_by_first_byte sorts directly (16,384), over buckets of many first key
  // bytes (escaped, upper case, digits, '-' and '_'), in no order; half of them with key
  // remainders (about 130 bytes each) that fill more than one 1 MiB block.
  std::string long_keys = std::string(kSoa);
  const std::string label63(63, 'k');
  const char* const firsts[] = {"", "\\000", "\\001", "\\200", "\\255", "_", "-", "A", "z", "9"};
  for (int i = 0; i < 20000; ++i)
    long_keys += firsts[i % 10] + std::string("h") + std::to_string((i * 7919) % 20000) +
                 (i % 2 == 0 ? "." + label63 + "." + label63 : std::string()) + " A 192.0.2.1\n";
  check(long_keys);
  check("$ORIGIN example.com.\n$TTL 300\n@ A 192.0.2.1\n");
}

TEST_CASE("parse: a leading $ORIGIN . does not make the zone the root") {
  // Cloudflare exports and named-compilezone output start with `$ORIGIN .` and absolute names.
  // The zone is still the one the file name (or --origin) gives, so data at `.` is out of zone.
  auto l = load(
      "$ORIGIN .\n$TTL 300\n@ IN SOA ns.hypster.com. root.hypster.com. 1 2 3 4 5\n"
      "hypster.com. IN MX 10 mail.hypster.com.\n",
      {}, "hypster.com");
  REQUIRE(l.loaded());
  CHECK(l.zone().origin == N("hypster.com."));
  CHECK(l.zone().owner(l.records().at(0)) == N("."));
  ParseOptions opt;
  opt.origin = N("example.net.");
  auto explicit_origin = load("$ORIGIN .\nexample.net. 300 IN A 192.0.2.1\n", opt, "zone.txt");
  REQUIRE(explicit_origin.loaded());
  CHECK(explicit_origin.zone().origin == N("example.net."));
  // A root zone with nothing else to go by stays the root.
  auto root = load("$ORIGIN .\n. 300 IN NS a.root-servers.net.\n", {}, "zone.txt");
  REQUIRE(root.loaded());
  CHECK(root.zone().origin == N("."));
}

TEST_CASE("parse: a small zone keeps no reserve beyond its records, fields and rdata") {
  // The loader reserves for the most a text could hold; a small zone gives the rest back
  // (over 10,000 small zones the slack was ~10 MB of the run's memory).
  auto l = load(std::string(kSoa) + "www A 192.0.2.2\nmail MX 10 mx1\n");
  REQUIRE(l.loaded());
  const Zone& z = l.zone();
  REQUIRE(z.records.size() == 4);
  CHECK(z.records.capacity() == z.records.size());
  CHECK(z.rdata_arena.capacity() <= std::max<std::size_t>(z.rdata_arena.size(), 15));
  // and it answers as before
  CHECK(l.rrs().back() == "mail.example.com. 3600 MX 10 mx1");
  CHECK(z.has(N("www.example.com."), rrtype::A));
}
