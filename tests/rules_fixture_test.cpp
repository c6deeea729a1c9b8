// Runs a rule's fixtures (fixtures/rules/<rule-id>/, format in fixtures/README.md) through the
// real pipeline: the config found by walking up, load_file, lint. Fails on any missing or
// unexpected finding. Each folder is its own ctest: `ctest -R fixture.<rule-id>`.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "fixture_expect.hpp"
#include "lint/baseline.hpp"
#include "lint/config.hpp"
#include "lint/engine.hpp"
#include "lint/rule.hpp"
#include "load/loader.hpp"

namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kFixtureCheckTime = 1767225600;  // 2026-01-01T00:00:00Z

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool is_input(const fs::path& p) {
  const std::string name = p.filename().string();
  if (name.empty() || name[0] == '.') return false;
  const std::string ext = p.extension().string();
  return ext == ".zone" || ext == ".yaml" || ext == ".yml" || ext == ".json";
}

struct Run {
  std::string name;              // for messages
  std::vector<fs::path> inputs;  // loaded together
  std::vector<fs::path> files;   // every file whose expectations count (inputs and .inc)
};

std::vector<Run> collect_runs(const fs::path& rule_dir) {
  std::vector<Run> runs;
  std::vector<fs::path> entries;
  for (const auto& e : fs::directory_iterator(rule_dir)) entries.push_back(e.path());
  std::sort(entries.begin(), entries.end());
  for (const auto& p : entries) {
    if (fs::is_directory(p)) {
      Run r{p.string(), {}, {}};
      std::vector<fs::path> inner;
      for (const auto& e : fs::recursive_directory_iterator(p))
        if (e.is_regular_file() || e.is_symlink()) inner.push_back(e.path());
      std::sort(inner.begin(), inner.end());
      for (const auto& f : inner) {
        if (is_input(f)) r.inputs.push_back(f);
        // A folder's own .zonelint.yaml may expect a config-error, and its baseline
        // (`baseline: .zonelint-baseline.json`) baseline-entry-unused findings.
        if (is_input(f) || f.extension() == ".inc" || f.filename() == ".zonelint.yaml" ||
            f.filename() == ".zonelint-baseline.json")
          r.files.push_back(f);
      }
      if (!r.inputs.empty()) runs.push_back(std::move(r));
    } else if (is_input(p)) {
      Run r{p.string(), {p}, {p}};
      // Fragments this fixture may include sit beside it as <stem>*.inc.
      for (const auto& q : entries)
        if (q.extension() == ".inc" && q.filename().string().rfind(p.stem().string(), 0) == 0)
          r.files.push_back(q);
      runs.push_back(std::move(r));
    }
  }
  return runs;
}

std::string canon(const std::string& p) {
  return fs::weakly_canonical(fs::path(p)).string();
}

// A ConfigError as a finding: its message starts with "<file>:<line>:<column>: " when it
// concerns a place in a config file (the CLI reports it as config-error).
bool config_error_finding(const std::string& message, zltest::Finding& out) {
  const auto a = message.find(':');
  if (a == std::string::npos) return false;
  const auto b = message.find(':', a + 1);
  if (b == std::string::npos || b == a + 1) return false;
  std::uint32_t line = 0;
  for (std::size_t i = a + 1; i < b; ++i) {
    if (message[i] < '0' || message[i] > '9') return false;
    line = line * 10 + static_cast<std::uint32_t>(message[i] - '0');
  }
  out = {canon(message.substr(0, a)), line, "config-error", zl::Severity::error};
  return true;
}

std::vector<zltest::Finding> expectations(const fs::path& f, std::string& error) {
  std::vector<zltest::Finding> out;
  const std::string ext = f.extension().string();
  if (ext == ".json") {
    const fs::path side = f.string() + ".expect";
    if (fs::exists(side)) zltest::sidecar_expectations(f.string(), read(side), out, error);
  } else {
    const char marker = (ext == ".yaml" || ext == ".yml") ? '#' : ';';
    zltest::inline_expectations(f.string(), read(f), marker, out, error);
  }
  return out;
}

}  // namespace

// One rule's fixture folder. Each folder of fixtures/rules/ is its own ctest,
// `fixture.<rule-id>` (tests/CMakeLists.txt), which runs this hidden test case with
// ZONELINT_FIXTURE_FOLDER set to the folder: `ctest -R fixture.mx-target-cname`.
TEST_CASE(
    "fixtures: the rule folder in ZONELINT_FIXTURE_FOLDER gives exactly the expected findings",
    "[.fixture-folder]") {
  const char* folder = std::getenv("ZONELINT_FIXTURE_FOLDER");
  REQUIRE(folder != nullptr);
  // A rule id, or the path of a folder elsewhere (tests/cli/new_rule.sh).
  const fs::path rule_dir = fs::path(folder).is_absolute()
                                ? fs::path(folder)
                                : fs::path(ZONELINT_FIXTURES_DIR) / "rules" / folder;
  INFO("folder: " << rule_dir.string());
  REQUIRE(fs::is_directory(rule_dir));
  std::size_t runs_done = 0, clean_runs = 0, expectations_seen = 0;
  for (const Run& run : collect_runs(rule_dir)) {
    INFO("fixture: " << run.name);
    // A fixed check time, never the clock: RRSIG validity (rrsig-validity) is judged at
    // 2026-01-01T00:00:00Z in every fixture (fixtures/README.md).
    zl::CliPolicy cli;
    cli.check_time = kFixtureCheckTime;
    zl::Config config(std::move(cli));
    zl::ZoneSet set;
    std::vector<zltest::Finding> expected;
    for (const auto& f : run.files) {
      std::string error;
      auto e = expectations(f, error);
      INFO("in " << f.string());
      REQUIRE(error.empty());
      for (auto& x : e) x.path = canon(x.path);
      expected.insert(expected.end(), e.begin(), e.end());
    }
    std::vector<zltest::Finding> actual;
    std::string listing;
    // A file that cannot be read is an io-error finding (fixtures/rules/io-error has a
    // dangling symbolic link), and a config the tool refuses is a config-error: both are
    // expected like any finding.
    const auto io_error_expected = [&] {
      return std::any_of(expected.begin(), expected.end(),
                         [](const zltest::Finding& x) { return x.rule == "io-error"; });
    };
    zl::LintResult result;
    try {
      for (const auto& in : run.inputs) {
        const zl::Settings& s = config.for_file(in.string());
        zl::LoadOptions opts;
        if (s.origin) opts.parse.origin = zl::Name::parse(*s.origin, nullptr);
        opts.default_ttl = s.default_ttl;
        opts.parse.include_root = rule_dir.string();
        if (!zl::load_file(set, in.string(), opts)) CHECK(io_error_expected());
      }
      result = zl::lint(set, config);
      // A config's `baseline:` applies as it does on the command line.
      if (const std::string& bl = config.for_file(run.inputs.front().string()).baseline;
          !bl.empty()) {
        std::vector<zl::BaselineEntry> entries = zl::fingerprint_all(set, result.diagnostics);
        std::string why;
        const bool ok =
            zl::run_baseline(bl, "", result.diagnostics, entries, {}, &why, &set.sources);
        INFO("baseline: " << why);
        REQUIRE(ok);
      }
    } catch (const zl::ConfigError& e) {
      zltest::Finding f;
      INFO("config error: " << e.what());
      REQUIRE(config_error_finding(e.what(), f));
      actual.push_back(f);
      listing += "\n  " + f.text() + ": " + e.what();
    }
    for (const auto& d : result.diagnostics) {
      REQUIRE(d.span.valid());
      const auto lc = set.sources.begin_of(d.span);
      actual.push_back(
          {canon(set.sources.file(d.span.file).path()), lc.line, std::string(d.rule), d.severity});
      listing += "\n  " + actual.back().text() + ": " + d.message;
    }
    const bool clean = run.name.find("clean") != std::string::npos;
    if (clean) {
      CHECK(expected.empty());
      ++clean_runs;
    }
    INFO("zonelint said:" << listing);
    CHECK(zltest::compare(expected, actual) == std::vector<std::string>{});
    ++runs_done;
    expectations_seen += expected.size();
  }
  // At least one triggering and one clean fixture. A live-mode rule cannot fire offline: its
  // folder holds clean fixtures, and its triggering ones are in fixtures/live/ (run by
  // tests/cli/live.sh against a test server; the registry test checks they exist).
  CHECK(clean_runs >= 1);
  const zl::Rule* rule = zl::find_rule(rule_dir.filename().string());
  if (rule && std::string_view(rule->tags).find("live") != std::string_view::npos) return;
  CHECK(runs_done > clean_runs);
  CHECK(expectations_seen > 0);
}

TEST_CASE("fixtures: expectation syntax") {
  std::vector<zltest::Finding> out;
  std::string err;
  REQUIRE(zltest::inline_expectations(
      "f",
      "a ; expect: x-y, x-y(info)\n; expect-next-line: z\nb\nc ; zonelint: disable=q ; expect: w\n",
      ';', out, err));
  REQUIRE(out.size() == 4);
  CHECK(out[0].text() == "f:1: x-y");
  CHECK(out[1].text() == "f:1: x-y(info)");
  CHECK(out[2].text() == "f:3: z");
  CHECK(out[3].text() == "f:4: w");
  out.clear();
  REQUIRE(zltest::sidecar_expectations("j", "# comment\n12: a, b(error)\n", out, err));
  REQUIRE(out.size() == 2);
  CHECK(out[1].text() == "j:12: b(error)");
  CHECK_FALSE(zltest::sidecar_expectations("j", "x: a\n", out, err));
  CHECK_FALSE(zltest::inline_expectations("f", "a ; expect: a(fatal)\n", ';', out, err));
  const std::vector<zltest::Finding> want{{"f", 1, "a", std::nullopt}};
  CHECK(zltest::compare(want, {{"f", 1, "a", zl::Severity::info}}).empty());
  CHECK(zltest::compare(want, {}).size() == 1);
  CHECK(zltest::compare({}, {{"f", 1, "a", zl::Severity::info}}).size() == 1);
}
