// Differential test against named-checkzone (BIND 9.18) for the MX checks it also makes:
//   -M fail   MX exchange is a CNAME (or below a DNAME)   <-> mx-target-cname
//   -m fail   MX exchange is an address                   <-> mx-target-ip
//   -i local  in-zone MX exchange has no A or AAAA        <-> mx-target-no-address
// over the rule fixtures (fixtures/rules/*/*.zone) and tests/corpus/real-world. Every
// disagreement is listed below with its reason; an unlisted one, or a listed one that no longer
// happens, fails the test. named-checkzone runs from the file's directory (BIND resolves
// $INCLUDE from its working directory) with `-i local`, so it never uses the network.
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "lint/config.hpp"
#include "lint/engine.hpp"
#include "load/loader.hpp"
#include "oracle_util.hpp"

namespace fs = std::filesystem;

namespace {

using zltest::lower_dotless;
using zltest::read_file;
using zltest::run_oracle;

// One comparable finding: "cname owner target", "no-address owner target", "ip line text".
using Keys = std::set<std::string>;

Keys bind_keys(const fs::path& file, const std::string& origin) {
  Keys keys;
  const std::string dir = file.parent_path().string();
  const std::string name = file.filename().string();
  const std::string base = "cd '" + dir + "' && named-checkzone -k ignore -n ignore ";
  // -M fail and -i local: post-load integrity messages (no line numbers in BIND's output).
  const std::string integrity =
      run_oracle(base + "-i local -M fail -m ignore '" + origin + "' '" + name + "' 2>&1", file);
  static const std::regex cname(
      R"(: (\S+)/MX '([^']+)' is (a CNAME|below a DNAME '[^']*') \(illegal\))");
  static const std::regex noaddr(R"(: (\S+)/MX '([^']+)' has no address records)");
  std::smatch m;
  std::stringstream ss(integrity);
  std::string line;
  while (std::getline(ss, line)) {
    if (std::regex_search(line, m, cname))
      keys.insert("cname " + lower_dotless(m[1]) + " " + lower_dotless(m[2]));
    else if (std::regex_search(line, m, noaddr))
      keys.insert("no-address " + lower_dotless(m[1]) + " " + lower_dotless(m[2]));
  }
  // -m fail: "file:LINE: 'TEXT': MX is an address", at load time.
  const std::string addr =
      run_oracle(base + "-i none -M ignore -m fail '" + origin + "' '" + name + "' 2>&1", file);
  static const std::regex ip(R"(:(\d+): (?:near )?'([^']+)':? MX is an address)");
  std::stringstream sa(addr);
  while (std::getline(sa, line))
    if (std::regex_search(line, m, ip))
      keys.insert("ip " + std::string(m[1]) + " " + std::string(m[2]));
  return keys;
}

std::string first_quoted(const std::string& s) {
  const auto a = s.find('\'');
  const auto b = a == std::string::npos ? a : s.find('\'', a + 1);
  return b == std::string::npos ? "" : s.substr(a + 1, b - a - 1);
}

Keys zonelint_keys(const fs::path& file, const std::string& origin, const fs::path& include_root) {
  zl::CliPolicy cli;
  cli.select = {"mx-target-cname", "mx-target-ip", "mx-target-no-address"};
  zl::Config config(cli);
  zl::ZoneSet set;
  zl::LoadOptions opts;
  opts.format = zl::FormatChoice::zone;
  opts.parse.origin = zl::Name::parse(origin.back() == '.' ? origin : origin + ".", nullptr);
  opts.parse.include_root = include_root.string();
  REQUIRE(zl::load_file(set, file.string(), opts));
  Keys keys;
  for (const auto& d : zl::lint(set, config).diagnostics) {
    const std::string ex = first_quoted(d.message);
    if (d.rule == "mx-target-cname")
      keys.insert("cname " + lower_dotless(d.owner.str()) + " " + lower_dotless(ex));
    else if (d.rule == "mx-target-no-address")
      keys.insert("no-address " + lower_dotless(d.owner.str()) + " " + lower_dotless(ex));
    else if (d.rule == "mx-target-ip")
      keys.insert("ip " + std::to_string(set.sources.begin_of(d.span).line) + " " + ex);
  }
  return keys;
}

// Known disagreements: file (relative to the fixtures or corpus dir), who reports it, the key,
// and why.
struct Disagreement {
  const char* file;
  const char* only_in;  // "bind" or "zonelint"
  const char* key;
  const char* reason;
};

const Disagreement kKnown[] = {
    {"fixtures/rules/mx-target-ip/address.zone", "bind",
     "no-address sub.example.com 192.0.2.25.example.com",
     "an address written without a dot becomes an in-zone name that has no address; zonelint "
     "reports the mistake once, as mx-target-ip"},
    {"fixtures/rules/mx-target-ip/address.zone", "bind",
     "no-address sub.example.com 2001:db8::25.example.com",
     "same: a relative IPv6 address, reported once as mx-target-ip"},
    {"fixtures/rules/unused-suppression/clean.zone", "bind",
     "no-address sub.example.com 192.0.2.25.example.com",
     "same: a relative address (suppressed here, inline, for mx-target-ip)"},
    {"fixtures/rules/unused-suppression/clean.zone", "bind", "ip 12 192.0.2.25",
     "suppressed inline with `zonelint: disable=mx-target-ip`; BIND has no suppressions"},
    {"fixtures/rules/mx-target-ip/clean-suppressed-multiline.zone", "bind",
     "no-address lab.example.com 192.0.2.99.example.com",
     "a relative address, reported once as mx-target-ip (suppressed inline here)"},
    {"fixtures/rules/mx-target-ip/clean-suppressed-multiline.zone", "bind", "ip 13 192.0.2.99",
     "suppressed inline on the first line of the multi-line entry (BIND reports the entry's "
     "first line, zonelint the exchange on the second)"},
    {"fixtures/rules/missing-trailing-dot/origin-repeated.zone", "bind",
     "no-address sub.example.com mx1.example.com.example.com",
     "the exchange lost its final dot; zonelint reports missing-trailing-dot instead"},
    {"fixtures/rules/missing-trailing-dot/origin-repeated.zone", "bind",
     "no-address sub.example.com mail.example.net.example.com",
     "the exchange lost its final dot; zonelint reports missing-trailing-dot instead"},
    {"fixtures/rules/missing-trailing-dot/written-otherwise.zone", "bind",
     "no-address sub.example.com mx1.example.com.sub.example.com",
     "the exchange lost its final dot under a deeper $ORIGIN: missing-trailing-dot instead"},
    {"fixtures/rules/missing-trailing-dot/written-otherwise.zone", "bind",
     "no-address a.sub.example.com mx3.example.com.a.sub.example.com",
     "the exchange lost its final dot under a deeper $ORIGIN: missing-trailing-dot instead"},
    {"fixtures/rules/mx-target-ip/origin-changed.zone", "bind",
     "no-address sub.example.com 192.0.2.25.sub.example.com",
     "a relative address under a deeper $ORIGIN, reported once as mx-target-ip"},
    {"fixtures/rules/mx-target-ip/origin-changed.zone", "bind",
     "no-address a.sub.example.com 192.0.2.26.a.sub.example.com",
     "a relative address under a deeper $ORIGIN, reported once as mx-target-ip"},
    {"fixtures/rules/mx-target-no-address/origin-changed.zone", "bind",
     "no-address sub.example.com mx1.example.com.sub.example.com",
     "the exchange lost its final dot under a deeper $ORIGIN: missing-trailing-dot instead"},
    {"fixtures/rules/mx-target-no-address/origin-changed.zone", "bind",
     "no-address esc.example.com mx1.example.com.example.com",
     "the exchange (written with an escape) lost its final dot: missing-trailing-dot instead"},
};

}  // namespace

TEST_CASE("differential: MX checks agree with named-checkzone on fixtures and real-world") {
  REQUIRE(std::system("command -v named-checkzone >/dev/null 2>&1") == 0);
  struct Input {
    fs::path file;
    std::string origin;
    fs::path include_root;
    std::string label;  // key into kKnown
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
  std::size_t agreed = 0;
  for (const auto& in : inputs) {
    const Keys b = bind_keys(in.file, in.origin);
    const Keys z = zonelint_keys(in.file, in.origin, in.include_root);
    agreed += zltest::compare_keys(in.label, "bind", b, z, seen);
  }
  std::vector<std::string> unexpected, stale;
  for (const auto& s : seen)
    if (!expected.count(s)) unexpected.push_back(s);
  for (const auto& s : expected)
    if (!seen.count(s)) stale.push_back(s);
  CHECK(unexpected == std::vector<std::string>{});
  CHECK(stale == std::vector<std::string>{});
  CHECK(agreed >= 10);
}
