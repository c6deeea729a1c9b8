// Differential test against named-checkzone (BIND 9.18, `-i local -k fail -n fail`) and
// kzonecheck (Knot 3.2, `-d off`) for the target and zone-structure checks they make:
//   BIND  "<owner>/NS '<host>' is a CNAME | is below a DNAME (illegal)"   <-> ns-target-cname
//   BIND  "<owner>/SRV '<target>' is a CNAME (illegal)"                    <-> srv-target-cname
//   BIND  "<owner>/SRV '<target>' has no address records"                  <->
//   srv-target-no-address BIND  "NS '<host>' has no address records" (apex; the zone is refused)
//   <-> ns-glue-missing BIND  "<owner>/NS '<host>' has no REQUIRED GLUE address records"       <->
//   ns-glue-missing Knot  "[<owner>] missing glue record"                                  <->
//   ns-glue-missing Knot  "[<dname>] child record exists under DNAME"                      <->
//   occluded-data
// over the rule fixtures (fixtures/rules/*/*.zone), tests/corpus/bind9-checkzone and
// tests/corpus/real-world. Keys are
// "<check> <owner> [<target>]", lower-case and dotless. Every disagreement is listed below with
// its reason; an unlisted one, or a listed one that no longer happens, fails the test.
//
// Not compared, by design:
// - BIND's "has no SIBLING GLUE address records": glue for a host below *another* delegation is
//   optional (RFC 9471 §2); resolvers reach the host through that delegation. Knot agrees.
// - MX checks: tests/mx_differential_test.cpp. CNAME and other data: knot_differential_test.
// - Checks neither tool makes: cname-target-missing, cname-loop, cname-chain, srv-owner-format,
//   target-special-use, ns-no-redundancy, soa-timers, soa-mname-invalid, address-reserved,
//   caa-syntax, occlusion below a delegation (both tools load such data silently; BIND serves
//   a referral for it), and soa-rname-invalid (BIND loads `dnsmaster@example.nl.`; Knot
//   refuses the whole zone at parse time, so its semantic checks never run on it).
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <vector>

#include "lint/config.hpp"
#include "lint/engine.hpp"
#include "load/loader.hpp"
#include "oracle_util.hpp"

namespace fs = std::filesystem;

namespace {

using zltest::lower_dotless;
using zltest::read_file;
using zltest::run_oracle;

using Keys = std::set<std::string>;

Keys bind_keys(const fs::path& file, const std::string& origin) {
  Keys keys;
  const std::string out =
      run_oracle("cd '" + file.parent_path().string() +
                     "' && named-checkzone -i local -k fail -n fail -M ignore -m ignore '" +
                     origin + "' '" + file.filename().string() + "' 2>&1",
                 file);
  static const std::regex alias(
      R"(: (\S+)/(NS|SRV) '([^']+)' is (a CNAME|below a DNAME '[^']*') \(illegal\))");
  static const std::regex apex_alias(
      R"(zone ([^/]+)/IN: NS '([^']+)' is (a CNAME|below a DNAME '[^']*') \(illegal\))");
  static const std::regex srv_noaddr(R"(: (\S+)/SRV '([^']+)' has no address records)");
  static const std::regex apex_noaddr(R"(zone ([^/]+)/IN: NS '([^']+)' has no address records)");
  static const std::regex glue(R"(: (\S+)/NS '([^']+)' has no (REQUIRED GLUE )?address records)");
  static const std::regex ns_ip(R"(:(\d+): NS record '([^']+)' appears to be an address)");
  std::smatch m;
  std::stringstream ss(out);
  std::string line;
  while (std::getline(ss, line)) {
    if (std::regex_search(line, m, alias))
      keys.insert((m[2] == "NS" ? "ns-alias " : "srv-alias ") + lower_dotless(m[1]) + " " +
                  lower_dotless(m[3]));
    else if (std::regex_search(line, m, apex_alias))
      keys.insert("ns-alias " + lower_dotless(m[1]) + " " + lower_dotless(m[2]));
    else if (std::regex_search(line, m, srv_noaddr))
      keys.insert("srv-no-address " + lower_dotless(m[1]) + " " + lower_dotless(m[2]));
    else if (std::regex_search(line, m, apex_noaddr) || std::regex_search(line, m, glue))
      keys.insert("glue " + lower_dotless(m[1]) + " " + lower_dotless(m[2]));
    else if (std::regex_search(line, m, ns_ip))
      keys.insert("ns-ip " + std::string(m[1]) + " " + std::string(m[2]));
  }
  return keys;
}

// kzonecheck names the owner only.
Keys knot_keys(const fs::path& file, const std::string& origin) {
  Keys keys;
  const std::string out =
      run_oracle("cd '" + file.parent_path().string() + "' && kzonecheck -d off -o '" + origin +
                     "' '" + file.filename().string() + "' 2>&1",
                 file);
  static const std::regex glue(R"(^\[([^\]]+)\] missing glue record)");
  static const std::regex dname(R"(^\[([^\]]+)\] child record exists under DNAME)");
  std::smatch m;
  std::stringstream ss(out);
  std::string line;
  while (std::getline(ss, line)) {
    if (std::regex_search(line, m, glue))
      keys.insert("glue " + lower_dotless(m[1]));
    else if (std::regex_search(line, m, dname))
      keys.insert("dname-child " + lower_dotless(m[1]));
  }
  return keys;
}

// The n-th quoted name of a message ('name.'), or "".
std::string quoted_at(const std::string& s, int n) {
  std::size_t a = std::string::npos, b = 0;
  for (int i = 0; i <= n; ++i) {
    a = s.find('\'', b == 0 ? 0 : b + 1);
    if (a == std::string::npos) return "";
    b = s.find('\'', a + 1);
    if (b == std::string::npos) return "";
  }
  return s.substr(a + 1, b - a - 1);
}

struct Ours {
  Keys bind, knot;
};

Ours zonelint_keys(const fs::path& file, const std::string& origin, const fs::path& include_root) {
  zl::CliPolicy cli;
  cli.select = {"ns-target-cname", "srv-target-cname", "srv-target-no-address", "ns-glue-missing",
                "occluded-data"};
  zl::Config config(cli);
  zl::ZoneSet set;
  zl::LoadOptions opts;
  opts.format = zl::FormatChoice::zone;
  opts.parse.origin = zl::Name::parse(origin.ends_with('.') ? origin : origin + ".", nullptr);
  opts.parse.include_root = include_root.string();
  REQUIRE(zl::load_file(set, file.string(), opts));
  Ours keys;
  for (const auto& d : zl::lint(set, config).diagnostics) {
    const std::string target = lower_dotless(quoted_at(d.message, 0));
    const std::string owner = lower_dotless(d.owner.str());
    if (d.rule == "ns-target-cname") {
      keys.bind.insert("ns-alias " + owner + " " + target);
    } else if (d.rule == "srv-target-cname") {
      keys.bind.insert("srv-alias " + owner + " " + target);
    } else if (d.rule == "srv-target-no-address") {
      keys.bind.insert("srv-no-address " + owner + " " + target);
    } else if (d.rule == "ns-glue-missing" &&
               d.message.find("is an IP address") != std::string::npos) {
      keys.bind.insert("ns-ip " + std::to_string(set.sources.begin_of(d.span).line) + " " +
                       quoted_at(d.message, 0));
      keys.knot.insert("glue " + owner);
    } else if (d.rule == "ns-glue-missing") {
      keys.bind.insert("glue " + owner + " " + target);
      keys.knot.insert("glue " + owner);
    } else if (d.rule == "occluded-data" &&
               d.message.find("below the DNAME") != std::string::npos) {
      keys.knot.insert("dname-child " + lower_dotless(quoted_at(d.message, 1)));
    }
  }
  return keys;
}

struct Disagreement {
  const char* file;
  const char* only_in;  // "bind", "knot" or "zonelint"
  const char* key;
  const char* reason;
};

const std::vector<Disagreement> kKnown = {
#include "targets_differential_known.inc"
};

}  // namespace

TEST_CASE(
    "differential: NS, SRV, glue and DNAME checks agree with named-checkzone and kzonecheck") {
  REQUIRE(std::system("command -v named-checkzone >/dev/null 2>&1") == 0);
  REQUIRE(std::system("command -v kzonecheck >/dev/null 2>&1") == 0);
  struct Input {
    fs::path file;
    std::string origin;
    fs::path include_root;
    std::string label;
  };
  std::vector<Input> inputs;
  const fs::path fixtures = fs::path(ZONELINT_FIXTURES_DIR) / "rules";
  for (const auto& rule : fs::directory_iterator(fixtures)) {
    if (!rule.is_directory()) continue;
    for (const auto& e : fs::directory_iterator(rule.path())) {
      if (!e.is_regular_file() || e.path().extension() != ".zone") continue;
      const std::string text = read_file(e.path());
      if (text.rfind("$ORIGIN ", 0) != 0) continue;
      const std::string origin = text.substr(8, text.find('\n') - 8);
      inputs.push_back({e.path(), origin, rule.path(),
                        "fixtures/rules/" + rule.path().filename().string() + "/" +
                            e.path().filename().string()});
    }
  }
  const fs::path bz = fs::path(ZONELINT_CORPUS_DIR) / "bind9-checkzone";
  for (const auto& cols : zltest::read_tsv(bz / "MANIFEST.tsv")) {
    if (cols.size() < 2) continue;
    inputs.push_back({bz / cols[0], cols[1], bz, "bind9-checkzone/" + cols[0]});
  }
  const fs::path rw = fs::path(ZONELINT_CORPUS_DIR) / "real-world";
  for (const auto& cols : zltest::read_tsv(rw / "MANIFEST.tsv")) {
    if (cols.size() < 3) continue;
    inputs.push_back({rw / cols[0], cols[2], rw / cols[1], "real-world/" + cols[0]});
  }
  std::sort(inputs.begin(), inputs.end(),
            [](const Input& a, const Input& b) { return a.label < b.label; });

  std::set<std::string> expected, seen;
  for (const auto& k : kKnown)
    expected.insert(std::string(k.file) + " | " + k.only_in + " | " + k.key);
  std::size_t agreed_bind = 0, agreed_knot = 0;
  for (const auto& in : inputs) {
    const Ours ours = zonelint_keys(in.file, in.origin, in.include_root);
    std::set<std::string> bind_seen, knot_seen;
    agreed_bind +=
        zltest::compare_keys(in.label, "bind", bind_keys(in.file, in.origin), ours.bind, bind_seen);
    agreed_knot +=
        zltest::compare_keys(in.label, "knot", knot_keys(in.file, in.origin), ours.knot, knot_seen);
    // A key only zonelint has is one disagreement, whichever oracle it was compared with.
    for (const auto& s : bind_seen) seen.insert(s);
    for (const auto& s : knot_seen) {
      const auto z = s.find(" | zonelint | ");
      seen.insert(
          z == std::string::npos ? s : s.substr(0, z) + " | zonelint-knot | " + s.substr(z + 14));
    }
  }
  std::vector<std::string> unexpected, stale;
  for (const auto& s : seen)
    if (!expected.count(s)) unexpected.push_back(s);
  for (const auto& s : expected)
    if (!seen.count(s)) stale.push_back(s);
  CHECK(unexpected == std::vector<std::string>{});
  CHECK(stale == std::vector<std::string>{});
  INFO("agreed with BIND: " << agreed_bind << ", with Knot: " << agreed_knot);
  CHECK(agreed_bind >= 10);
  CHECK(agreed_knot >= 3);
}
