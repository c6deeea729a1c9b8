// Differential test against kzonecheck (Knot DNS 3.2) for the check both tools make:
//   "another record exists beside CNAME" / "multiple CNAME records"  <->  cname-and-other-data
// over the bind9-checkzone zones that put a CNAME next to other data, the rule's fixtures and
// tests/corpus/real-world. The key is the owner name. Every disagreement is listed below with
// its reason; an unlisted one, or a listed one that no longer happens, fails the test.
// kzonecheck stops at the first syntax error it cannot skip, so files it cannot load at all
// ("failed to load the zone") are compared only where it loaded them.
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
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
using zltest::read_tsv;
using zltest::run_oracle;

// Owners kzonecheck reports; `loaded` is false when it could not read the zone at all.
std::set<std::string> knot_owners(const fs::path& file, const std::string& origin, bool* loaded) {
  const std::string out =
      run_oracle("cd '" + file.parent_path().string() + "' && kzonecheck -d off -o '" + origin +
                     "' '" + file.filename().string() + "' 2>&1",
                 file);
  *loaded = out.find("failed to load") == std::string::npos &&
            out.find("failed to run semantic checks") == std::string::npos;
  static const std::regex re(
      R"(^\[([^\]]+)\] (another record exists beside CNAME|multiple CNAME records))");
  std::set<std::string> owners;
  std::stringstream ss(out);
  std::string line;
  std::smatch m;
  while (std::getline(ss, line))
    if (std::regex_search(line, m, re)) owners.insert(lower_dotless(m[1]));
  return owners;
}

std::set<std::string> zonelint_owners(const fs::path& file, const std::string& origin,
                                      const fs::path& include_root) {
  zl::CliPolicy cli;
  cli.select = {"cname-and-other-data"};
  zl::Config config(cli);
  zl::ZoneSet set;
  zl::LoadOptions opts;
  opts.format = zl::FormatChoice::zone;
  opts.parse.origin = zl::Name::parse(origin.back() == '.' ? origin : origin + ".", nullptr);
  opts.parse.include_root = include_root.string();
  REQUIRE(zl::load_file(set, file.string(), opts));
  std::set<std::string> owners;
  for (const auto& d : zl::lint(set, config).diagnostics)
    if (d.rule == "cname-and-other-data") owners.insert(lower_dotless(d.owner.str()));
  return owners;
}

struct Disagreement {
  const char* file;
  const char* only_in;  // "knot" or "zonelint"
  const char* owner;
  const char* reason;
};

// None today: on these inputs the two tools report exactly the same owners. Add an entry,
// with its reason, when a deliberate difference appears.
const std::vector<Disagreement> kKnown = {};

}  // namespace

TEST_CASE("differential: cname-and-other-data agrees with kzonecheck") {
  REQUIRE(std::system("command -v kzonecheck >/dev/null 2>&1") == 0);
  struct Input {
    fs::path file;
    std::string origin;
    fs::path include_root;
    std::string label;
  };
  std::vector<Input> inputs;
  const fs::path corpus(ZONELINT_CORPUS_DIR);
  const fs::path bz = corpus / "bind9-checkzone";
  for (const auto& row : read_tsv(bz / "MANIFEST.tsv")) {
    if (row.size() < 2 || row[0].rfind("zones/bad-cname-and-", 0) != 0) continue;
    inputs.push_back({bz / row[0], row[1], bz, "bind9-checkzone/" + row[0]});
  }
  const fs::path rw = corpus / "real-world";
  for (const auto& row : read_tsv(rw / "MANIFEST.tsv")) {
    if (row.size() < 3) continue;
    inputs.push_back({rw / row[0], row[2], rw / row[1], "real-world/" + row[0]});
  }
  const fs::path fx = fs::path(ZONELINT_FIXTURES_DIR) / "rules" / "cname-and-other-data";
  for (const auto& e : fs::directory_iterator(fx)) {
    if (e.path().extension() != ".zone") continue;
    std::ifstream in(e.path());
    std::string first;
    std::getline(in, first);
    if (first.rfind("$ORIGIN ", 0) != 0) continue;
    inputs.push_back({e.path(), first.substr(8), fx,
                      "fixtures/rules/cname-and-other-data/" + e.path().filename().string()});
  }
  std::sort(inputs.begin(), inputs.end(),
            [](const Input& a, const Input& b) { return a.label < b.label; });
  REQUIRE(inputs.size() == 102);

  std::set<std::string> expected, seen;
  for (const auto& k : kKnown)
    expected.insert(std::string(k.file) + " | " + k.only_in + " | " + k.owner);
  std::size_t agreed = 0, compared = 0;
  for (const auto& in : inputs) {
    bool loaded = false;
    const auto k = knot_owners(in.file, in.origin, &loaded);
    if (!loaded && k.empty()) continue;  // Knot could not read it: nothing to compare
    ++compared;
    const auto z = zonelint_owners(in.file, in.origin, in.include_root);
    agreed += zltest::compare_keys(in.label, "knot", k, z, seen);
  }
  for (const auto& s : seen) {
    INFO("disagreement not listed in kKnown: " << s);
    CHECK(expected.count(s) == 1);
  }
  for (const auto& e : expected) {
    INFO("listed disagreement no longer happens (remove it from kKnown): " << e);
    CHECK(seen.count(e) == 1);
  }
  // How many zones Knot could read and we compared, and how many CNAME conflicts agreed: a
  // change in either (an input lost, a zone Knot stops reading) is seen, not averaged away.
  CHECK(compared == 60);
  CHECK(agreed == 41);
  WARN("kzonecheck differential: " << agreed << " CNAME conflicts agreed over " << compared
                                   << " zones of " << inputs.size() << ", " << seen.size()
                                   << " listed differences");
}
