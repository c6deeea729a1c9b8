// Registry invariants: sorted unique well-formed ids, documentation, fixtures, README current.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "lint/rule.hpp"

namespace fs = std::filesystem;

namespace {
std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST_CASE("registry: ids are well formed, unique and sorted, aliases clash with nothing") {
  std::set<std::string_view> seen;
  std::string_view prev;
  for (const zl::Rule* r : zl::all_rules()) {
    INFO(r->id);
    CHECK(zl::is_well_formed_rule_id(r->id));
    CHECK(seen.insert(r->id).second);
    CHECK(prev < r->id);
    prev = r->id;
    for (auto a : r->aliases) {
      CHECK(zl::is_well_formed_rule_id(a));
      CHECK(seen.insert(a).second);
    }
    CHECK(zl::find_rule(r->id) == r);
  }
  CHECK(zl::find_rule("no-such-rule") == nullptr);
}

TEST_CASE("registry: every rule is documented") {
  for (const zl::Rule* r : zl::all_rules()) {
    INFO(r->id);
    CHECK(!r->doc.summary.empty());
    CHECK(r->doc.summary.find('\n') == std::string_view::npos);
    CHECK(!r->doc.what_it_does.empty());
    CHECK(!r->doc.why_it_matters.empty());
    CHECK(!r->doc.example.empty());
    CHECK(!r->doc.use_instead.empty());
    CHECK(!r->tags.empty());
    // Rules about the run itself (family meta: io-error, unused-suppression) have no RFC.
    if (r->tags.find("meta") == std::string_view::npos)
      CHECK(r->doc.references.find("RFC") != std::string_view::npos);
    CHECK(r->options.empty() == r->doc.options.empty());
    // scripts/new-rule marks what the author has to write.
    for (std::string_view field : {r->doc.summary, r->doc.what_it_does, r->doc.why_it_matters,
                                   r->doc.example, r->doc.use_instead, r->doc.references})
      CHECK(field.find("TODO(new-rule)") == std::string_view::npos);
    const std::string md = zl::rule_markdown(*r);
    CHECK(md.rfind("# " + std::string(r->id) + "\n", 0) == 0);
    CHECK(md.find("## What it does") != std::string::npos);
    CHECK(md.find("## Why it matters") != std::string::npos);
    CHECK(md.find("## Example") != std::string::npos);
    CHECK(md.find("## Use instead") != std::string::npos);
    CHECK(md.find("## Options") != std::string::npos);
  }
}

TEST_CASE("registry: every rule has a triggering and a clean fixture") {
  const fs::path dir = fs::path(ZONELINT_FIXTURES_DIR) / "rules";
  for (const zl::Rule* r : zl::all_rules()) {
    INFO(r->id);
    const fs::path rd = dir / std::string(r->id);
    REQUIRE(fs::is_directory(rd));
    bool triggering = false, clean = false;
    for (const auto& e : fs::recursive_directory_iterator(rd)) {
      // A symbolic link may be a fixture too: io-error's points at a file that does not exist.
      if (!e.is_regular_file() && !e.is_symlink()) continue;
      const std::string text = read(e.path());
      std::string expect_text = text;
      if (fs::exists(e.path().string() + ".expect"))
        expect_text = read(e.path().string() + ".expect");
      if (e.path().extension() == ".expect") continue;
      const bool fires = expect_text.find(std::string(r->id)) != std::string::npos &&
                         expect_text.find("expect") != std::string::npos;
      // A clean fixture is a file, or a folder of files, whose name says so.
      const std::string name = fs::relative(e.path(), rd).string();
      if (name.find("clean") != std::string::npos)
        clean = true;
      else if (fires)
        triggering = true;
    }
    // Live-mode findings need a server: their triggering fixtures are in fixtures/live/,
    // run by tests/cli/live.sh against a test server on the loopback interface.
    if (std::string_view(r->tags).find("live") != std::string_view::npos) {
      for (const auto& e :
           fs::recursive_directory_iterator(fs::path(ZONELINT_FIXTURES_DIR) / "live"))
        if (e.is_regular_file() &&
            read(e.path()).find("expect: " + std::string(r->id)) != std::string::npos)
          triggering = true;
    }
    CHECK(triggering);
    CHECK(clean);
  }
}

TEST_CASE("registry: every fixture folder belongs to a registered rule") {
  // A folder whose rule is not registered (a misspelt id, or a rule file the build's rule list
  // did not pick up) would otherwise run as a fixture ctest that only tests other rules.
  const fs::path dir = fs::path(ZONELINT_FIXTURES_DIR) / "rules";
  std::size_t folders = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (!e.is_directory()) continue;
    const std::string id = e.path().filename().string();
    INFO(id);
    const zl::Rule* r = zl::find_rule(id);
    REQUIRE(r);
    CHECK(r->id == id);
    ++folders;
  }
  CHECK(folders == zl::all_rules().size());
}

TEST_CASE("registry: `rules` and `explain` output") {
  std::ostringstream list;
  zl::print_rules(list);
  for (const zl::Rule* r : zl::all_rules())
    CHECK(list.str().find(std::string(r->id) + " ") != std::string::npos);
  std::ostringstream ex;
  CHECK(zl::explain_rule("mx-target-cname", ex));
  CHECK(ex.str().find("RFC 2181 §10.3") != std::string::npos);
  std::ostringstream none;
  CHECK_FALSE(zl::explain_rule("nope", none));
  CHECK(none.str().empty());
}

// The README's rule table is generated from the registry. Regenerate with
// `ZONELINT_UPDATE_README=1 build/tests/zonelint_tests "readme: *"`.
TEST_CASE("readme: the rules table is current") {
  // ZONELINT_README names another copy (tests/cli/new_rule.sh regenerates one in a temporary
  // tree).
  const char* other = std::getenv("ZONELINT_README");
  const fs::path readme = other ? fs::path(other) : fs::path(ZONELINT_SOURCE_DIR) / "README.md";
  std::string text = read(readme);
  const std::string begin =
      "<!-- rules-table:begin (generated from the registry: see tests/registry_test.cpp) -->\n";
  const std::string end = "<!-- rules-table:end -->";
  const auto b = text.find(begin);
  const auto e = text.find(end);
  REQUIRE(b != std::string::npos);
  REQUIRE(e != std::string::npos);
  REQUIRE(b < e);
  const std::string current = text.substr(b + begin.size(), e - b - begin.size());
  const std::string wanted = zl::rules_table_markdown();
  if (current != wanted && std::getenv("ZONELINT_UPDATE_README")) {
    text.replace(b + begin.size(), e - b - begin.size(), wanted);
    std::ofstream(readme, std::ios::binary) << text;
    SUCCEED("README.md rules table regenerated");
    return;
  }
  CHECK(current == wanted);
}
