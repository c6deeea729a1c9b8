// Other people's zone files against BIND's verdict (tests/corpus, see its README):
//  * every file named-checkzone accepts parses with no parse-error;
//  * every file it rejects for syntax (its loader or dns_rdata_fromtext fails) yields at least
//    one parse-error;
//  * files it rejects for semantic reasons (CNAME and other data, check-names, DNSSEC
//    consistency, ...) are zone data our rules judge, so they too parse without parse-error.
// Where BIND 9.18 and upstream BIND disagree, upstream's expectation is the truth (corpus
// README). Every exception is listed below with its reason; none is skipped silently.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "lint/config.hpp"
#include "lint/engine.hpp"
#include "parse/zone_parser.hpp"

using namespace zl;

namespace {

const std::string kCorpus = ZONELINT_CORPUS_DIR;

std::vector<std::vector<std::string>> read_tsv(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::vector<std::vector<std::string>> rows;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (header) {
      header = false;
      continue;
    }
    if (line.empty()) continue;
    std::vector<std::string> cols;
    std::size_t start = 0;
    for (;;) {
      const auto tab = line.find('\t', start);
      cols.push_back(
          line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    rows.push_back(std::move(cols));
  }
  return rows;
}

std::string col(const std::vector<std::string>& row, std::size_t i) {
  return i < row.size() ? row[i] : std::string();
}

std::string slurp(const std::string& path) {
  std::string err;
  auto text = filesystem_reader()(path, &err);
  INFO(path << ": " << err);
  REQUIRE(text);
  return std::string(text->view());
}

struct Result {
  ZoneSet set;
  bool loaded = false;
  std::vector<std::string> errors;  // "file:line:col: message" of every parse-error
};

Result load_corpus_file(const std::string& path, const std::string& origin,
                        const std::string& include_root) {
  Result r;
  ParseOptions o;
  if (!origin.empty()) o.origin = Name::parse(origin == "." ? "." : origin + ".", nullptr);
  o.include_root = include_root;
  r.loaded = load_zone_text(r.set, path, slurp(path), o).has_value();
  for (const auto& d : r.set.diagnostics.items()) {
    if (d.rule != kParseError) continue;
    const LineCol lc = r.set.sources.begin_of(d.span);
    r.errors.push_back(r.set.sources.file(d.span.file).path() + ":" + std::to_string(lc.line) +
                       ":" + std::to_string(lc.column) + ": " + d.message);
  }
  return r;
}

std::string join(std::string_view dir, std::string_view file) {
  std::string p(dir);
  p += '/';
  p += file;
  return p;
}

std::string first(const std::vector<std::string>& v) {
  return v.empty() ? "" : v.front();
}

// Messages of named-checkzone (or upstream's expected output) that mean the file failed to
// load for syntax or rdata reasons: what our parser must report.
bool is_syntax_rejection(const std::string& message) {
  static const char* kSyntax[] = {
      "dns_rdata_fromtext", "syntax error",        "unknown RR type", "unexpected end",
      "$GENERATE",          "invalid range",       "bad EUI",         "meta type",
      "obsolete",           "unknown $ directive", "not a file",      "bad class",
      "extra input",        "out of range",        "unbalanced",      "no current owner",
      "!= zone class",      "ran out of space",    "bad base32",      "no TTL specified"};
  for (const char* m : kSyntax)
    if (message.find(m) != std::string::npos) return true;
  return false;
}

// Files whose verdict we know we do not match yet, each with the reason. The test reports when
// one of them starts to match, so the entry can be removed.
struct Exception {
  const char* file;
  const char* reason;
};

const Exception kCheckzoneExceptions[] = {
    {"zones/crashzone.db",
     "rdata: RRSIG time '00100227180048' (year 0010) is rejected; BIND accepts any 14-digit time"},
    {"zones/bad-nsec3-length.db",
     "rdata: NSEC3 next hashed owner of more than 20 octets (upstream -P) not yet refused"},
    {"zones/bad-nsec3-padded.db",
     "rdata: a padded base32hex next hashed owner ('CPNMU===') is accepted; RFC 5155 forbids it"},
};

// Syntax rejections where our parse-error is not on the line BIND names, each with the reason.
const Exception kLineExceptions[] = {
    {"zones/bad-include-directory.db",
     "`$INCLUDE .` names a directory: BIND opens it as the include and fails on its first "
     "token, so it reports '.:1', a place in the directory; zonelint reports the $INCLUDE "
     "argument in the including file (line 1, column 10), where the fix is"},
};

// BIND's master-file test data: every file gets BIND's verdict now (DNSKEY flag mnemonics, the
// last gap, are read since session 2). A new entry names a file and the reason it differs.
const std::vector<Exception> kMasterExceptions;

const char* exception_for(std::span<const Exception> list, const std::string& file) {
  for (const auto& e : list)
    if (file == e.file) return e.reason;
  return nullptr;
}

}  // namespace

TEST_CASE("corpus: bind9-checkzone zones get BIND's verdict") {
  const std::string dir = kCorpus + "/bind9-checkzone";
  const auto rows = read_tsv(dir + "/MANIFEST.tsv");
  REQUIRE(rows.size() > 150);
  std::size_t accepted = 0, syntax = 0, semantic = 0, excepted = 0;
  std::size_t with_line = 0, same_line_count = 0, line_excepted = 0;
  for (const auto& row : rows) {
    const std::string file = col(row, 0), origin = col(row, 1);
    if (origin.empty()) {
      // zones/inherit.db: an $INCLUDE fragment, not a zone (the manifest says "not run"); it is
      // read through the zones that include it.
      CHECK(file == "zones/inherit.db");
      continue;
    }
    // Upstream's expectation is the truth; with it, the message that explains it.
    const std::string upstream_exit = col(row, 5);
    const std::string message = col(row, 3) + " | " + col(row, 6);
    const bool rejected = upstream_exit == "1" || col(row, 2) == "1";
    const bool syntax_reject = rejected && is_syntax_rejection(message);

    const Result r = load_corpus_file(join(dir, file), origin, dir);
    const bool has_error = !r.errors.empty();
    const bool as_expected = syntax_reject ? has_error : !has_error;
    INFO(file << " (BIND: " << message << ")");
    INFO("first parse-error: " << first(r.errors));
    if (const char* why = exception_for(kCheckzoneExceptions, file)) {
      ++excepted;
      if (as_expected)
        FAIL_CHECK(file << " now gets BIND's verdict: remove it from the exceptions (" << why
                        << ")");
      continue;
    }
    if (syntax_reject) {
      ++syntax;
      CHECK(has_error);
      // Where BIND names the line of its first error, one of ours is on that line too.
      static const std::regex kAt(R"(([^\s:]+):([0-9]+): )");
      std::smatch at;
      const std::string bind_first = col(row, 3);
      if (std::regex_search(bind_first, at, kAt)) {
        ++with_line;
        const std::string where = "/" + at[1].str() + ":" + at[2].str() + ":";
        bool same_line = false;
        for (const auto& e : r.errors) same_line = same_line || e.find(where) != std::string::npos;
        if (const char* why = exception_for(kLineExceptions, file)) {
          ++line_excepted;
          if (same_line)
            FAIL_CHECK(file << " now has a parse-error on BIND's line: remove it from "
                               "kLineExceptions ("
                            << why << ")");
        } else if (same_line) {
          ++same_line_count;
        } else {
          FAIL_CHECK("no parse-error at BIND's " << at[1].str() << ":" << at[2].str());
        }
      }
    } else {
      if (rejected)
        ++semantic;
      else
        ++accepted;
      CHECK(r.errors.empty());
      CHECK(r.loaded);
    }
  }
  // The manifest's shape, exactly: a broken manifest cannot make this test pass vacuously,
  // and a verdict that moves from one group to another is seen.
  CHECK(accepted == 35);
  CHECK(syntax == 37);
  CHECK(semantic == 88);
  CHECK(excepted == std::size(kCheckzoneExceptions));
  // Of the syntax rejections, those where BIND's first error names a line: all but the listed
  // exceptions have a parse-error of ours on that line.
  CHECK(with_line == 33);
  CHECK(same_line_count == 32);
  CHECK(line_excepted == std::size(kLineExceptions));
}

TEST_CASE("corpus: bind9-checkzone inherited-owner zones read their $INCLUDE") {
  const std::string dir = kCorpus + "/bind9-checkzone";
  for (std::string file : {"zones/warn.inherit.origin.db", "zones/warn.inherited.owner.db",
                           "zones/nowarn.inherited.owner.db"}) {
    INFO(file);
    Result r = load_corpus_file(join(dir, file), "example", dir);
    REQUIRE(r.loaded);
    CHECK(r.errors.empty());
    const Zone& z = r.set.zones.at(0);
    REQUIRE(z.records.size() == 2);
    CHECK(z.records[1].type == rrtype::NS);
    CHECK(z.owner(z.records[1]).text() == "example.");  // inherited from the including file
    REQUIRE(z.included_files.size() == 1);
    CHECK(r.set.sources.file(z.included_files[0]).path() == dir + "/zones/inherit.db");
  }
}

TEST_CASE("corpus: bind9 master-file loader inputs get dns_master_loadfile's result") {
  const std::string dir = kCorpus + "/bind9-master";
  const auto rows = read_tsv(dir + "/MANIFEST.tsv");
  REQUIRE(rows.size() == 14);
  for (const auto& row : rows) {
    const std::string file = col(row, 0), expected = col(row, 2);
    // DNS_R_SEENINCLUDE is success (an include was seen).
    const bool ok = expected == "ISC_R_SUCCESS" || expected == "DNS_R_SEENINCLUDE";
    const Result r = load_corpus_file(join(dir, file), col(row, 1), dir);
    INFO(file << " (expected " << expected << ": " << col(row, 3) << ")");
    INFO("first parse-error: " << first(r.errors));
    const bool as_expected = ok ? r.errors.empty() : !r.errors.empty();
    if (const char* why = exception_for(kMasterExceptions, file)) {
      if (as_expected)
        FAIL_CHECK(file << " now matches: remove it from the exceptions (" << why << ")");
      continue;
    }
    CHECK(as_expected);
  }
}

TEST_CASE("corpus: master4 (no $TTL, SOA first) takes the SOA minimum with a ttl-missing warning") {
  const std::string dir = kCorpus + "/bind9-master";
  Result r = load_corpus_file(dir + "/testdata/master/master4.data", "test", dir);
  REQUIRE(r.loaded);
  CHECK(r.errors.empty());
  std::size_t missing = 0;
  for (const auto& d : load_findings(r.set)) missing += d.rule == "ttl-missing";
  CHECK(missing == 1);
  const Zone& z = r.set.zones.at(0);
  REQUIRE(!z.records.empty());
  CHECK(z.records[0].type == rrtype::SOA);
  CHECK(z.records[0].has(kTtlFromSoaMin));
  CHECK(z.records[0].ttl_source == TtlSource::own_soa_minimum);
}

TEST_CASE("corpus: master8 records its $include of master6") {
  const std::string dir = kCorpus + "/bind9-master";
  Result r = load_corpus_file(dir + "/testdata/master/master8.data", "test", dir);
  REQUIRE(r.loaded);
  const Zone& z = r.set.zones.at(0);
  REQUIRE(z.included_files.size() == 1);
  CHECK(r.set.sources.file(z.included_files[0]).path() == dir + "/testdata/master/master6.data");
}

TEST_CASE("corpus: real-world zones BIND accepts parse cleanly, gdnsd templates do not") {
  const std::string dir = kCorpus + "/real-world";
  const auto rows = read_tsv(dir + "/MANIFEST.tsv");
  REQUIRE(rows.size() == 30);
  std::size_t clean = 0, templates = 0;
  for (const auto& row : rows) {
    const std::string file = col(row, 0), org = col(row, 1), origin = col(row, 2);
    const std::string exit = col(row, 4);
    // Run as the manifest was made: from the file's directory, which is inside the org folder
    // ($INCLUDE ../db.ocf in the OCF zones).
    const Result r =
        load_corpus_file(join(dir, file), origin.substr(0, origin.size() - 1), join(dir, org));
    INFO(file << " (named-checkzone exit " << exit << ": " << col(row, 5) << ")");
    INFO("first parse-error: " << first(r.errors));
    if (org == "wikimedia-operations-dns") {
      // gdnsd + Jinja2 templates ({{ serial_num }}, DYNA records): not BIND zone files.
      ++templates;
      CHECK(r.errors.size() >= 2);
      continue;
    }
    // June Media's exports fail in BIND for semantic reasons only: CNAME and other data, and
    // check-names on the placeholder NS 'REPLACE&ME$WITH^YOUR@NAMESERVER.'.
    CHECK(r.errors.empty());
    CHECK(r.loaded);
    clean += exit == "0";
  }
  CHECK(clean == 21);
  CHECK(templates == 3);
}

TEST_CASE("corpus: the signed root zone and simdzone's bounds zone parse cleanly") {
  {
    const Result r = load_corpus_file(kCorpus + "/root-zone/root.zone", ".", kCorpus);
    INFO("first parse-error: " << first(r.errors));
    REQUIRE(r.loaded);
    CHECK(r.errors.empty());
    const Zone& z = r.set.zones.at(0);
    CHECK(z.origin.is_root());
    CHECK(z.records.size() == 22772);
    std::map<std::uint16_t, std::size_t> n;
    for (const auto& rec : z.records) ++n[rec.type];
    CHECK(n[rrtype::NS] == 7376);
    CHECK(n[rrtype::DS] == 2772);
    CHECK(n[rrtype::MX] == 0);  // 'MX.' is an owner name there, and MX appears in base64
    CHECK(z.has(*Name::parse("mx.", nullptr), rrtype::DS));
    // dnssec-deprecated-algorithm: the root's own keys and signatures use RSASHA256 (8); the
    // DS records of TLDs whose keys use RSASHA1 (5) or RSASHA1-NSEC3-SHA1 (7), and every SHA-1
    // (digest type 1) DS, are true findings. zonelint reports each DS record at its field (the
    // zone's DS lines: 31+32 with algorithm 5, 241+252 with algorithm 7, 1+31+241+831 with
    // digest type 1); `named-checkzone -i local` warns once per owner and value ("deprecated
    // algorithm 5": 34 owners, "algorithm 7": 251, "digest type 1": 874): the same owners.
    CliPolicy cli;
    cli.select = {"dnssec-deprecated-algorithm"};
    Config config(std::move(cli));
    const LintResult lr = lint(r.set, config);
    std::size_t records5 = 0, records7 = 0, records_sha1 = 0, other = 0;
    std::set<std::string> owners5, owners7, owners_sha1;
    for (const auto& d : lr.diagnostics) {
      const bool ds = d.rule == "dnssec-deprecated-algorithm" && d.type == "DS";
      if (ds && d.message.find("algorithm RSASHA1 (5)") != std::string::npos) {
        ++records5;
        owners5.insert(d.owner.str());
      } else if (ds && d.message.find("algorithm RSASHA1-NSEC3-SHA1 (7)") != std::string::npos) {
        ++records7;
        owners7.insert(d.owner.str());
      } else if (ds && d.message.find("digest type SHA-1 (1)") != std::string::npos) {
        ++records_sha1;
        owners_sha1.insert(d.owner.str());
      } else {
        ++other;
      }
    }
    CHECK(other == 0);
    CHECK(records5 == 31 + 32);
    CHECK(records7 == 241 + 252);
    CHECK(records_sha1 == 1 + 31 + 241 + 831);
    CHECK(owners5.size() == 34);
    CHECK(owners7.size() == 251);
    CHECK(owners_sha1.size() == 874);

    // rrsig-validity and rrsig-invalid, at a fixed check time inside the snapshot's
    // validity (its RRSIGs run from 2017-08-20/21 to 2017-09-03/10): every one of its 2950
    // RRSIGs has a published key and verifies (RSASHA256), every authoritative RRset is
    // signed and the NSEC chain is whole, as `kzonecheck -d on -t 20170822000000` agrees. A
    // day after the last expiration every RRSIG is expired: true findings for the snapshot
    // taken in 2017, which is why the corpus is checked at its own time.
    const auto dnssec_findings = [&](std::int64_t t) {
      CliPolicy c;
      c.select = {"rrsig-validity", "rrsig-invalid"};
      c.check_time = t;
      Config cfg(std::move(c));
      std::map<std::string, std::size_t> by_kind;
      for (const auto& d : lint(r.set, cfg).diagnostics)
        ++by_kind[std::string(d.rule) + " " + d.message.substr(0, 5)];
      return by_kind;
    };
    CHECK(dnssec_findings(1503360000).empty());        // 2017-08-22T00:00:00Z
    const auto expired = dnssec_findings(1505088000);  // 2017-09-11T00:00:00Z
    std::size_t total = 0;
    for (const auto& [k, v] : expired) total += v;
    CHECK(total == 2950);
    CHECK(expired.size() == 1);
    CHECK(expired.begin()->first == "rrsig-validity RRSIG");
  }
  {
    const Result r = load_corpus_file(kCorpus + "/simdzone/xbounds.zone", ".", kCorpus);
    INFO("first parse-error: " << first(r.errors));
    REQUIRE(r.loaded);
    CHECK(r.errors.empty());
    std::size_t openpgp = 0;
    for (const auto& rec : r.set.zones.at(0).records) openpgp += rec.type == rrtype::OPENPGPKEY;
    CHECK(openpgp == 3);
  }
}

TEST_CASE("corpus: dnspython's example zones parse cleanly") {
  // BIND 9.18 rejects these files for 'ohttp' (an SVCB key newer than 9.18), which current
  // BIND and zonelint accept. HHIT and BRID, once missing from the type table, are known now.
  const std::string dir = kCorpus + "/dnspython";
  for (std::string file :
       {"example", "example1.good", "example2.good", "example3.good", "example4.good"}) {
    INFO(file);
    const Result r = load_corpus_file(join(dir, file), "example", dir);
    REQUIRE(r.loaded);
    INFO("first parse-error: " << first(r.errors));
    CHECK(r.errors.empty());
    CHECK(r.set.zones.at(0).records.size() > 150);
  }
}
