// The parallel parse of one zone file (ParseOptions::threads, zone_parallel.cpp): whatever the
// cuts, the zone and the diagnostics are the serial parse's, field by field.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "parse/zone_parser.hpp"

using namespace zl;

namespace {

// Everything a parse leaves in a ZoneSet, as text: two parses are the same when these are.
std::string describe(const ZoneSet& set) {
  std::ostringstream o;
  const auto span = [&](Span s) { o << s.file << ':' << s.begin << '-' << s.end << ' '; };
  const auto wire = [&](NameView n) {
    for (const char c : n.wire()) o << static_cast<int>(static_cast<unsigned char>(c)) << '.';
    o << ' ';
  };
  o << "files " << set.sources.size() << '\n';
  for (const Zone& z : set.zones) {
    o << "zone ";
    wire(z.origin);
    o << z.file << ' ' << z.included_files.size() << '\n';
    for (const Record& r : z.records) {
      wire(z.owner(r));
      o << r.ttl << ' ' << r.type << ' ' << z.rclass << ' ' << int{r.flags} << ' '
        << static_cast<int>(r.ttl_source) << ' ';
      span(z.span(r));
      span(z.owner_span(r));
      span(z.type_span(r));
      o << r.rdata_off << ' ' << z.rdata(r).size() << '\n';
      const FieldList fields = z.fields_of(r, set.sources);
      for (std::size_t k = 0; k < fields.size(); ++k)
        o << fields.stored(k).begin << ' ' << fields.stored(k).end << '\n';
    }
    for (const FieldExtra& x : z.field_extras) {
      span(x.span);
      o << x.text_off << '\n';
    }
    o << "rdata " << z.rdata_arena.size() << '\n';
    for (const char c : z.rdata_arena) o << static_cast<int>(static_cast<unsigned char>(c)) << ',';
    o << "\ntext ";
    for (const char c : z.text_arena) o << static_cast<int>(static_cast<unsigned char>(c)) << ',';
    const TtlFacts& t = z.ttl_facts;
    o << "\ninherited " << t.inherited.count << ' ';
    span(t.inherited.first);
    wire(t.inherited.owner);
    o << t.inherited.type << ' ' << t.inherited.ttl << ' ';
    span(t.inherited.source);
    o << "\nleaks " << t.include_leaks.size() << '\n';
    for (const auto& l : t.include_leaks) {
      span(l.include);
      span(l.source);
      span(l.first);
      wire(l.owner);
      o << l.included << ' ' << l.from_soa_minimum << ' ' << l.count << ' ' << l.type << ' '
        << l.bind_ttl << ' ' << l.knot_ttl.value_or(0) << '\n';
    }
    o << "sorted";
    for (const std::uint32_t i : z.sorted()) o << ' ' << i;
    o << "\nowners";
    for (std::size_t k = 0; z.owner_count() > 0 && k <= z.owner_count(); ++k)
      o << ' ' << z.owner_start(k);
    o << '\n';
  }
  for (const Diagnostic& d : set.diagnostics.items()) {
    o << "diag " << d.rule << ' ' << static_cast<int>(d.severity) << ' ';
    span(d.span);
    o << d.message << " | " << d.owner << " | " << d.type << '\n';
    for (const Note& n : d.notes) {
      o << "  note ";
      span(n.span);
      o << n.message << '\n';
    }
    o << "  fixes " << d.fixes.size() << '\n';
  }
  return o.str();
}

// Files served from memory for $INCLUDE.
FileReader memory_reader(const std::map<std::string, std::string>& files) {
  return [files](const std::string& p, std::string* err) -> std::optional<std::string> {
    auto it = files.find(p);
    if (it == files.end()) {
      *err = "No such file or directory";
      return std::nullopt;
    }
    return it->second;
  };
}

ZoneSet parse(const std::string& path, const std::string& text, const ParseOptions& opt) {
  ZoneSet set;
  load_zone_text(set, path, text, opt);
  return set;
}

// Parses `text` serially and then in stretches of every size in `chunk_sizes`, on 3 threads;
// each parallel parse must describe the same as the serial one. Adds up how the stretches went.
ParseOptions::ParallelStats check_same(const std::string& path, const std::string& text,
                                       ParseOptions opt, const std::vector<std::size_t>& sizes) {
  opt.threads = 1;
  const std::string serial = describe(parse(path, text, opt));
  ParseOptions::ParallelStats stats;
  opt.threads = 3;
  opt.parallel_min_bytes = 0;
  opt.stats = &stats;
  for (const std::size_t size : sizes) {
    opt.parallel_chunk_bytes = size;
    INFO(path << " in stretches of " << size << " bytes");
    const std::string parallel = describe(parse(path, text, opt));
    REQUIRE(parallel == serial);
  }
  return stats;
}

const std::vector<std::size_t> kSizes = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 400, 1000};

// A zone with a bit of everything, `n` times over with names made different.
std::string varied_zone(int n, const char* eol = "\n") {
  std::string s = std::string("$ORIGIN example.com.") + eol + "$TTL 3600" + eol +
                  "@ IN SOA ns1 hostmaster (" + eol + "  1 7200 3600" + eol + "1209600 300 )" +
                  eol + "  IN NS ns1" + eol;
  for (int i = 0; i < n; ++i) {
    const std::string k = std::to_string(i);
    const std::string lines[] = {
        "www" + k + " IN A 192.0.2." + std::to_string(i % 250),
        "  AAAA 2001:db8::" + k,
        "\tMX 10 mail" + k,
        "txt" + k + " TXT \"a;b(c\" \"d)e\" ; comment ( with paren",
        "multi" + k + " IN SRV ( 10 20",
        "30 target" + k + " )",  // a line in column 0 inside parentheses
        "quoted" + k + " TXT \"line one\\",
        "line" + k + " two\"",  // a quoted string that goes on over a line end
        "$ORIGIN sub" + k + ".example.com.",
        "a IN A 192.0.2.1",
        "  TXT \"in sub\"",
        "$ORIGIN example.com.",
        "rel" + k + " 600 IN CNAME www" + k,
        "bad" + k + " IN A 1.2.3",          // a bad address
        "oops" + k + " IN A 192.0.2.9 )",   // a syntax error
        "  A 192.0.2.10",                   // inherits after the error
        "bad..name" + k + " A 192.0.2.11",  // a bad owner
        "  A 192.0.2.12",                   // no owner to inherit
        "$ORIGIN rel" + k,                  // a relative $ORIGIN
        "x A 192.0.2.13",
        "$ORIGIN example.com.",
        i % 7 == 3 ? "$TTL 1h" : "; no change",  // $TTL mid-file
        "caa" + k + " CAA 0 issue \"ca.example\"",
    };
    for (const std::string& l : lines) s += l + eol;
  }
  return s;
}

}  // namespace

TEST_CASE("parse parallel: every stretch of a plain zone is taken as it was parsed") {
  std::string text = "$TTL 300\n@ SOA ns hm 1 2 3 4 5\n";
  for (int i = 0; i < 200; ++i) text += "n" + std::to_string(i) + " A 192.0.2.1\n  TXT \"x\"\n";
  ParseOptions opt;
  const auto stats = check_same("example.com.zone", text, opt, {16, 100, 1000});
  CHECK(stats.chunks > 10);
  CHECK(stats.adopted == stats.chunks);
  CHECK(stats.reparsed == 0);
}

TEST_CASE("parse parallel: directives, parentheses, quotes and errors at every cut") {
  ParseOptions opt;
  const auto stats = check_same("example.com.zone", varied_zone(12), opt, kSizes);
  // Some stretches fit and some do not: the cases above defeat the guess at their cuts.
  CHECK(stats.adopted > 0);
  CHECK(stats.reparsed > 0);
}

TEST_CASE("parse parallel: CRLF line ends, no final newline, a byte order mark") {
  ParseOptions opt;
  const std::string crlf = varied_zone(5, "\r\n");
  check_same("example.com.zone", crlf, opt, kSizes);
  check_same("example.com.zone", crlf.substr(0, crlf.size() - 2), opt, kSizes);
  check_same("example.com.zone", "\xEF\xBB\xBF" + varied_zone(3), opt, kSizes);
  std::string lone_cr = varied_zone(3);
  for (char& c : lone_cr)
    if (c == '\n') c = '\r';
  check_same("example.com.zone", lone_cr, opt, kSizes);
}

TEST_CASE("parse parallel: without $TTL, records take the last TTL across the cuts") {
  // Each owner line has a TTL of its own: the stretches that start there fit, and the
  // ttl-inherited fact (count, first record) is the serial parse's.
  std::string text = "@ 300 SOA ns hm 1 2 3 4 5\n";
  for (int i = 0; i < 50; ++i)
    text += "n" + std::to_string(i) + " " + std::to_string(i) + " A 192.0.2.1\n  A 192.0.2.2\n";
  ParseOptions opt;
  const auto stats = check_same("example.com.zone", text, opt, kSizes);
  CHECK(stats.adopted > 0);
  // A stretch whose first record takes the TTL of one before the cut does not fit.
  std::string inherit = "@ 300 SOA ns hm 1 2 3 4 5\nfirst 77 A 192.0.2.9\n";
  for (int i = 0; i < 50; ++i) inherit += "n" + std::to_string(i) + " A 192.0.2.1\n";
  const auto stats2 = check_same("example.com.zone", inherit, opt, kSizes);
  CHECK(stats2.reparsed > 0);
  // Without any $TTL, and an SOA that takes its own minimum.
  std::string varied = varied_zone(6);
  for (const char* ttl : {"$TTL 3600\n", "$TTL 1h\n"}) {
    for (std::size_t at; (at = varied.find(ttl)) != std::string::npos;)
      varied.erase(at, std::string(ttl).size());
  }
  check_same("example.com.zone", varied, opt, kSizes);
}

TEST_CASE("parse parallel: $INCLUDE and $GENERATE in a stretch are read by the zone") {
  ParseOptions opt;
  opt.reader = memory_reader({{"inc.zone", "$TTL 60\ninc A 192.0.2.1\n  TXT \"included\"\n"}});
  std::string text = varied_zone(3);
  text += "$INCLUDE inc.zone\nafter A 192.0.2.2\n  A 192.0.2.3\n";
  text += varied_zone(2).substr(60);
  text += "$GENERATE 1-20 host$ A 192.0.2.$\n";
  text += varied_zone(2).substr(60);
  text += "$INCLUDE missing.zone\n";
  const auto stats = check_same("example.com.zone", text, opt, kSizes);
  CHECK(stats.reparsed > 0);
}

TEST_CASE("parse parallel: the record limit and the line limit stop where the serial parse does") {
  ParseOptions opt;
  opt.limits.max_records_per_zone = 40;
  check_same("example.com.zone", varied_zone(6), opt, kSizes);
  opt.limits.max_records_per_zone = 50000000;
  opt.limits.max_line_bytes = 24;
  check_same("example.com.zone", varied_zone(6), opt, kSizes);
}

TEST_CASE("parse parallel: no origin, and an origin from --origin") {
  ParseOptions opt;
  std::string text = "$TTL 60\nwww A 192.0.2.1\n";
  check_same("noorigin", text + text, opt, kSizes);
  opt.origin = *Name::parse("example.org.", nullptr);
  check_same("noorigin", "$ORIGIN .\n" + text + varied_zone(2), opt, kSizes);
}

// Every file of the repository's fixtures and corpus that a zone-file parse can read, in
// stretches of many sizes: as the serial parse, every time.
TEST_CASE("parse parallel: the fixtures and the corpus parse as serially") {
  namespace fs = std::filesystem;
  ParseOptions::ParallelStats total;
  std::size_t files = 0;
  for (const char* root : {"fixtures", "tests/corpus"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file() || entry.file_size() > (std::size_t{1} << 20)) continue;
      const std::string path = entry.path().generic_string();
      std::ifstream in(path, std::ios::binary);
      std::stringstream buf;
      buf << in.rdbuf();
      ParseOptions opt;
      opt.include_root = entry.path().parent_path().generic_string();
      if (!origin_from_file_name(path)) opt.origin = *Name::parse("example.com.", nullptr);
      const auto stats = check_same(path, buf.str(), opt, {1, 7, 64, 512, 4096});
      total.chunks += stats.chunks;
      total.adopted += stats.adopted;
      total.reparsed += stats.reparsed;
      ++files;
    }
  }
  CHECK(files > 500);
  CHECK(total.adopted > 1000);
  CHECK(total.reparsed > 0);
}

TEST_CASE(
    "parse parallel: after a $TTL or a relative $ORIGIN mid-file, later stretches still fit") {
  // The state is carried forward: a stretch parsed from the state before a change is parsed
  // again, in parallel, from the one after it, and the join takes it. Before, every stretch
  // after the first change was read again by the joining thread.
  std::string text = "$ORIGIN example.com.\n$TTL 3600\n@ SOA ns hm 1 2 3 4 5\n  NS ns\n";
  for (int i = 0; i < 600; ++i) {
    const std::string k = std::to_string(i);
    text += "www" + k + " A 192.0.2.1\n  AAAA 2001:db8::1\nmx" + k + " MX 10 www" + k + "\n";
    if (i % 60 == 20) text += "$TTL " + std::to_string(300 + i) + "\n";
    if (i % 90 == 45) text += "$ORIGIN sub" + k + "\n";  // relative: the names below read it
    if (i % 90 == 80) text += "$ORIGIN example.com.\n";
  }
  ParseOptions opt;
  const auto stats = check_same("example.com.zone", text, opt, {500, 1000, 3000});
  CHECK(stats.chunks > 100);
  // A stretch is read again by the join only when it cannot fit whatever its start state
  // (here: none) or after several parses from wrong guesses (rare, but how rare depends on
  // the threads' timing: the bound is loose so that a loaded machine cannot fail it, and
  // still far from re-reading every stretch after the first change, as before).
  CHECK(stats.reparsed * 2 < stats.chunks);
}

TEST_CASE("parse parallel: a stretch that never reads the origin passes the right one on") {
  // Stretches of absolute names only (they read no origin, so they fit whatever origin they
  // were parsed from) between an absolute $ORIGIN and names that read it: a stretch kept from
  // a stale guess must pass on the origin of the state it is now known to start from, not
  // the stale one, and the names after it must come out as serially.
  std::string text = "$ORIGIN example.com.\n$TTL 3600\n@ SOA ns hm 1 2 3 4 5\n  NS ns\n";
  for (int i = 0; i < 300; ++i) {
    const std::string k = std::to_string(i);
    if (i % 30 == 0) text += "$ORIGIN zone" + k + ".example.com.\n";
    if (i % 30 < 20) {
      text += "abs" + k + ".example.com. A 192.0.2.1\n  TXT \"absolute\"\n";
    } else {
      text += "rel" + k + " A 192.0.2.2\n  MX 10 rel" + k + "\n";
    }
    if (i % 45 == 10) text += "$TTL " + std::to_string(600 + i) + "\n";
  }
  ParseOptions opt;
  const auto stats = check_same("example.com.zone", text, opt, {200, 500, 1000, 3000});
  CHECK(stats.chunks > 30);
  CHECK(stats.reparsed * 2 < stats.chunks);  // loose: the threads' timing decides the rest
}

TEST_CASE("parse parallel: the owners the join takes from the stretches outlive them") {
  // A record's owner is a view into its zone's owner store; the join moves the records of a
  // stretch into the zone and takes the stretch's store with them (the stretch's buffers are
  // then reused or freed). The zone, moved out of its set and the set dropped, still reads
  // every owner (a sanitizer build checks the reads), and the records of one owner share one
  // copy of its name, inherited or written again.
  std::string text = "$TTL 300\n@ SOA ns hm 1 2 3 4 5\n";
  std::vector<std::string> owners;
  for (int i = 0; i < 400; ++i) {
    const std::string o = "Host" + std::to_string(i) + (i % 3 == 0 ? ".a-longer-label-here" : "");
    owners.push_back(o + ".example.com.");
    text += o + " A 192.0.2.1\n  TXT \"x\"\n" + o + " AAAA 2001:db8::1\n";
  }
  ParseOptions opt;
  opt.threads = 3;
  opt.parallel_min_bytes = 0;
  opt.parallel_chunk_bytes = 700;
  ParseOptions::ParallelStats stats;
  opt.stats = &stats;
  Zone zone;
  {
    ZoneSet set = parse("example.com.zone", text, opt);
    REQUIRE(set.zones.size() == 1);
    zone = std::move(set.zones.front());
  }
  CHECK(stats.adopted > 5);
  REQUIRE(zone.records.size() == 1 + 3 * owners.size());  // the SOA first
  std::size_t unshared = 0;
  for (std::size_t i = 0; i < owners.size(); ++i) {
    const Record* r = &zone.records[1 + 3 * i];
    INFO(owners[i]);
    CHECK(zone.owner(r[0]).text() == owners[i]);
    CHECK(zone.owner(r[1]).text() == owners[i]);
    CHECK(zone.owner(r[2]).text() == owners[i]);
    CHECK(zone.owner(r[0]).prefixed() == zone.owner(r[1]).prefixed());  // inherited
    // Written again: shared, unless a stretch starts with it (its own store, then taken).
    if (zone.owner(r[2]).prefixed() != zone.owner(r[1]).prefixed()) ++unshared;
  }
  CHECK(unshared <= stats.chunks);
  const Zone copy = zone;
  zone = Zone();
  for (std::size_t i = 0; i < owners.size(); ++i)
    CHECK(copy.owner(copy.records[1 + 3 * i]).text() == owners[i]);
}
