// zonelint over the real-world and bind9-checkzone corpora (tests/corpus, see its README),
// compared with a reviewed golden file: tests/golden/corpus_findings.txt. A change in findings
// shows up as a diff in review. Regenerate with
//   ZONELINT_UPDATE_GOLDEN=1 build/tests/zonelint_tests "corpus findings: *"
// and review every changed line before committing.
//
// Each file is loaded as the corpus manifests say: with the manifest's origin, from its folder
// (the include root is the organisation folder for real-world, the corpus folder for
// bind9-checkzone, whose zones say `$INCLUDE "zones/inherit.db"`). Parse errors are recorded
// by location only (their wording belongs to the parser's tests); rule findings with their
// message.
//
// Review (every finding was read against the zone and, where they check it, named-checkzone
// and kzonecheck):
// - real-world: the MX/CNAME conflicts of the June Media exports (BIND: "CNAME and other
//   data"), the mistyped `atl1.aspmx.l.google.com` in limologix.com (a warning at the typo),
//   the wildcard MX of measurement-lab.org and notmuch.email, the CNAME to googlehosted.com
//   without its final dot in asuc.org, the duplicate `_acme-challenge` CNAMEs in OCF's
//   db.ocf (reported once per including zone), noisebridge's `lists` TXT TTLs 86400/300
//   (BIND: "TTL set to prior TTL"), and single-exchange MX sets (true: one host each; the
//   many notmuch.email list sub-domains all point at mx.h4ck.space). Mailgun's and Google's
//   published sets give no preference finding; other same-operator pairs are info.
//   The June Media SOA owned by `.` under `$ORIGIN .` is out-of-zone, so the zone has no SOA
//   (BIND: "ignoring out-of-zone data"); betterrecipes.com has no NS (Knot: "missing NS").
//   The gdnsd templates (wikimedia) fail to parse, so no absence-based finding is made there.
// - SPF (issue 12): hypster.com's TXT record has a stray second string `Array` (an export
//   bug) glued to `-all` ('allArray', a permerror); junemedia.com writes `ip:` for `ip4:`;
//   savvyfork.com and workitmom.com publish two SPF records (and the second has no `all`);
//   asuc.org and three sub-domains end with `?all`; nulpunt.nu and piratenpartij.nl use `+ptr`
//   and, like jenkins-ci.org and lists.softver.org.mk, keep an obsolete SPF-type copy next to
//   the TXT record; wikimedia.org's 15 TXT records make a 1057-octet answer. BIND's spf.db and
//   bad-cname-and-spf.db: SPF-type records (y.example. has no TXT SPF at all) and `v=spf1`
//   alone at x.example. (no `all`: neutral).
// - bind9-checkzone: each bad-cname-and-* zone gives its cname-and-other-data, the MX test
//   zones give mx-target-cname / mx-target-ip as BIND's -M/-m do, bad-cname-and-mx.db also
//   has a null MX with preference 10, and BIND's test fragments without MX (origin not a
//   public suffix) get mx-missing as info.
// - Issue 13 (targets and zone structure), each read against the zone, BIND and Knot:
//   real-world: nulpunt.nu's SOA mailbox `dnsmaster@argure.nl.` (soa-rname-invalid; Knot
//   refuses the zone), kack.it's SRV target `matrix` that is a CNAME (BIND: "is a CNAME"),
//   dangling CNAMEs in kack.it, hypster.com and noisebridge.net and noisebridge's SRV target
//   `pony` that does not exist (BIND: "has no address records"), ie.mk's SRV target
//   `damjan.ie.mk.` that is only an empty non-terminal, owners written with the origin and no
//   final dot in skopjehacklab's zones (`georgi-vps.softver.org.mk`; the CNAMEs to the name
//   meant are then not also called dangling), measurement-lab.org's `donar` delegation to
//   hosts without addresses (BIND and Knot: missing glue), the June Media template's single
//   placeholder name server, piratenpartij.nl's 10.8.0.1 (info), CNAME chains (info) in
//   jenkins.io, asuc.org and wikimedia.org, and SOA timers outside the ranges (expire 86400 in
//   betterrecipes.com, negative-caching TTL 180 in skopjehacklab's zones).
//   bind9-checkzone: its test zones have one name server (ns-no-redundancy), SOA timers of 0
//   or 20 and documentation or 10.53/16 addresses in non-special-use test origins (true by the
//   rules' definitions: test zones are not well-run zones), and the zones written to test
//   exactly these checks: NS hosts below a DNAME (an NS record that is itself below the
//   DNAME is only occluded-data), data below a DNAME or a nested delegation,
//   a DNAME beside NS, an A6-only name server, a critical unknown CAA tag, a CNAME loop at an
//   apex, an SRV at a non-service owner and a $GENERATEd CNAME to a missing `x`.
// - dnssec-deprecated-algorithm (issue 13, DNSSEC): BIND's warn.deprecated.* zones, written to
//   test exactly these warnings (RSASHA1 and RSASHA1-NSEC3-SHA1 keys and signatures, SHA-1 DS
//   and CDS digests, a DS with algorithm 5), the RSAMD5/SHA-1 CDS and CDNSKEY of the
//   bad-cname-and-cd* zones, crashzone.db's NSEC3RSASHA1 signatures, and ocf.io's SHA-1 DS for
//   letsencrypt.ocf.io. The signed root zone is checked in bind_corpus_test.
// - rrsig-validity and rrsig-invalid (issue 13, DNSSEC), at the fixed check time below: only
//   crashzone.db's RRSIGs, expired since 2010 (BIND: "signature has expired"; its SOA RRSIG
//   writes the expiration `2010`, 2010 seconds after 1970, before its inception; its RRSIGs
//   name keys the zone does not publish, but a parse error makes the zone incomplete, so
//   that absence is not concluded). Every signature of the warn.deprecated.* zones verifies.
//   `kzonecheck -d on` rejects those zones ("no valid signature ... DNSKEY") because their DNSKEY
//   RRset is signed by a key without the SEP flag (they have no KSK): a Knot policy, not a failed
//   signature; validators ignore the SEP flag (RFC 4034 §2.1.2), so zonelint does not report it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "lint/config.hpp"
#include "lint/engine.hpp"
#include "load/loader.hpp"

namespace fs = std::filesystem;

namespace {

const std::string kCorpus = ZONELINT_CORPUS_DIR;

// The corpus is linted at a fixed check time, never the clock, so that the golden file does
// not change meaning as signatures expire: 2025-08-01T00:00:00Z, inside the validity period of
// the signed bind9-checkzone zones of the snapshot (BIND's warn.deprecated.* zones, signed
// 2025-06-30 to 2025-07-02 and valid until 2090). crashzone.db's signatures expired in 2010
// (one "expires" at 2010 seconds after 1970, before its inception): true findings at any
// time after 2010, as BIND's "signature has expired" says.
constexpr std::int64_t kCheckTime = 1754006400;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::vector<std::string>> tsv(const fs::path& p) {
  std::vector<std::vector<std::string>> rows;
  std::stringstream ss(read(p));
  std::string line;
  bool header = true;
  while (std::getline(ss, line)) {
    if (header || line.empty()) {
      header = false;
      continue;
    }
    std::vector<std::string> cols;
    std::stringstream ls(line);
    std::string c;
    while (std::getline(ls, c, '\t')) cols.push_back(c);
    rows.push_back(cols);
  }
  return rows;
}

// Lints one corpus file in a run of its own; one line per finding.
std::string lint_corpus_file(const std::string& corpus_dir, const std::string& file,
                             const std::string& origin, const std::string& include_root) {
  zl::CliPolicy cli;
  cli.check_time = kCheckTime;
  zl::Config config(std::move(cli));
  zl::ZoneSet set;
  zl::LoadOptions opts;
  opts.format = zl::FormatChoice::zone;
  opts.parse.origin =
      zl::Name::parse(origin.empty() || origin.back() != '.' ? origin + "." : origin, nullptr);
  opts.parse.include_root = include_root;
  const std::string path = corpus_dir + "/" + file;
  if (!zl::load_file(set, path, opts)) return file + ": cannot read\n";
  const zl::LintResult r = zl::lint(set, config);
  std::string out;
  for (const auto& d : r.diagnostics) {
    std::string where = "?";
    if (d.span.valid()) {
      const auto lc = set.sources.begin_of(d.span);
      std::string p = set.sources.file(d.span.file).path();
      if (p.rfind(corpus_dir + "/", 0) == 0) p = p.substr(corpus_dir.size() + 1);
      where = p + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
    }
    out += where + ": " + std::string(zl::to_string(d.severity)) + " " + std::string(d.rule);
    if (d.rule != zl::kParseError) out += ": " + d.message;
    out += "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("corpus findings: real-world and bind9-checkzone match the reviewed golden file") {
  std::string all;
  {
    const std::string dir = kCorpus + "/real-world";
    for (const auto& row : tsv(dir + "/MANIFEST.tsv")) {
      REQUIRE(row.size() >= 3);
      all += "== real-world/" + row[0] + " (origin " + row[2] + ")\n";
      all += lint_corpus_file(dir, row[0], row[2], dir + "/" + row[1]);
    }
  }
  {
    const std::string dir = kCorpus + "/bind9-checkzone";
    for (const auto& row : tsv(dir + "/MANIFEST.tsv")) {
      REQUIRE(row.size() >= 2);
      all += "== bind9-checkzone/" + row[0] + " (origin " + row[1] + ")\n";
      all += lint_corpus_file(dir, row[0], row[1], dir);
    }
  }
  const fs::path golden = fs::path(ZONELINT_SOURCE_DIR) / "tests/golden/corpus_findings.txt";
  if (std::getenv("ZONELINT_UPDATE_GOLDEN")) {
    std::ofstream(golden, std::ios::binary) << all;
    WARN("rewrote " << golden.string() << ": review the diff");
    return;
  }
  REQUIRE(fs::exists(golden));
  const std::string want = read(golden);
  if (want != all) {
    // Show the first differing line.
    std::stringstream a(want), b(all);
    std::string la, lb;
    std::size_t n = 0;
    while (true) {
      ++n;
      const bool ha = static_cast<bool>(std::getline(a, la));
      const bool hb = static_cast<bool>(std::getline(b, lb));
      if (!ha && !hb) break;
      if (!ha || !hb || la != lb) {
        INFO("first difference at golden line " << n << "\n golden: " << (ha ? la : "<end>")
                                                << "\n now:    " << (hb ? lb : "<end>"));
        FAIL_CHECK("the findings differ from the reviewed golden file");
        break;
      }
    }
  }
}
