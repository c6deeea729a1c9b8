// .zonelint.yaml: discovery, keys, CLI overrides, errors naming file, line and key.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "lint/config.hpp"
#include "lint_test_util.hpp"

namespace fs = std::filesystem;

namespace {

// A fresh directory under the build's temp dir, removed at scope end.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("zonelint-config-test-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) + "-" +
            std::to_string(std::rand()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path write(const std::string& rel, const std::string& text) const {
    fs::path p = path / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
};

std::string error_of(const std::string& yaml) {
  TempDir d;
  const auto cfg = d.write(".zonelint.yaml", yaml);
  try {
    zl::Config c(zl::CliPolicy{});
    c.for_file((d.path / "z.zone").string());
  } catch (const zl::ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("config: found by walking up from the file, the nearest wins") {
  TempDir d;
  d.write(".zonelint.yaml", "ignore: [mx-missing]\nfail-on: error\n");
  d.write("sub/.zonelint.yaml", "select: [mx-*]\n");
  zl::Config c(zl::CliPolicy{});
  const auto& top = c.for_file((d.path / "a/b/z.zone").string());
  CHECK(top.config_file == (d.path / ".zonelint.yaml").string());
  CHECK_FALSE(top.enabled("mx-missing"));
  CHECK(top.enabled("mx-target-cname"));
  CHECK(top.fail_on == zl::Severity::error);
  const auto& sub = c.for_file((d.path / "sub/z.zone").string());
  CHECK(sub.config_file == (d.path / "sub/.zonelint.yaml").string());
  CHECK(sub.enabled("mx-missing"));
  CHECK_FALSE(sub.enabled("cname-and-other-data"));
  CHECK(sub.enabled("parse-error"));  // never turned off
  CHECK(sub.fail_on == zl::Severity::warning);
}

TEST_CASE("config: --config, --select, --ignore and --fail-on override the file") {
  TempDir d;
  const auto cfg = d.write("policy.yaml", "select: [mx-*]\nignore: [mx-missing]\nfail-on: info\n");
  d.write(".zonelint.yaml", "select: [duplicate-record]\n");
  zl::CliPolicy cli;
  cli.config_path = cfg.string();
  cli.ignore = {"mx-wildcard-owner"};
  cli.fail_on = zl::Severity::error;
  zl::Config c(cli);
  const auto& s = c.for_file((d.path / "z.zone").string());
  CHECK(s.config_file == cfg.string());
  CHECK(s.enabled("mx-target-ip"));
  CHECK_FALSE(s.enabled("mx-missing"));
  CHECK_FALSE(s.enabled("mx-wildcard-owner"));
  CHECK_FALSE(s.enabled("duplicate-record"));
  CHECK(s.fail_on == zl::Severity::error);
  zl::CliPolicy sel;
  sel.config_path = cfg.string();
  sel.select = {"duplicate-record"};
  zl::Config c2(sel);
  const auto& s2 = c2.for_file((d.path / "z.zone").string());
  CHECK(s2.enabled("duplicate-record"));
  CHECK_FALSE(s2.enabled("mx-target-ip"));
}

TEST_CASE("config: severity overrides, exclude, per-path ignore, origins, rule options") {
  TempDir d;
  d.write(".zonelint.yaml",
          "severity:\n  mx-no-redundancy: error\n  mx-null-*: info\n"
          "exclude: [\"legacy/**\"]\n"
          "per-path-ignore:\n  \"internal/*.zone\": [mx-missing]\n"
          "origins:\n  zones/db.example: example.com\n"
          "rules:\n  mx-no-redundancy:\n    single-mx-hosts: [\"*.mx.example.net\"]\n"
          "octodns:\n  default-ttl: 600\n  lenient: suppress\n");
  zl::Config c(zl::CliPolicy{});
  const auto& s = c.for_file((d.path / "zones/db.example").string());
  CHECK(s.severity_of("mx-no-redundancy", zl::Severity::warning) == zl::Severity::error);
  CHECK(s.severity_of("mx-null-mixed", zl::Severity::error) == zl::Severity::info);
  CHECK(s.severity_of("mx-missing", zl::Severity::warning) == zl::Severity::warning);
  REQUIRE(s.origin);
  CHECK(*s.origin == "example.com.");
  CHECK(s.default_ttl == 600u);
  CHECK(s.lenient == zl::LenientPolicy::suppress);
  CHECK(s.rule_options.at("mx-no-redundancy").at("single-mx-hosts") ==
        std::vector<std::string>{"*.mx.example.net"});
  CHECK_FALSE(s.path_ignored);
  CHECK(c.for_file((d.path / "legacy/a/b.zone").string()).path_ignored);
  CHECK_FALSE(c.for_file((d.path / "internal/x.zone").string()).enabled("mx-missing"));
  CHECK(c.for_file((d.path / "internal/sub/x.zone").string()).enabled("mx-missing"));
}

TEST_CASE("config: errors name the file, line and key") {
  auto e = error_of("select: [mx-*]\nfail_on: error\n");
  CHECK(e.find(".zonelint.yaml:2:1: unknown key 'fail_on'") != std::string::npos);
  e = error_of("ignore:\n  - mx-target-cnam\n");
  CHECK(e.find(".zonelint.yaml:2:") != std::string::npos);
  CHECK(e.find("unknown rule id 'mx-target-cnam'") != std::string::npos);
  e = error_of("select: [foo-*]\n");
  CHECK(e.find("rule glob 'foo-*' matches no rule") != std::string::npos);
  e = error_of("severity:\n  mx-missing: fatal\n");
  CHECK(e.find(":2:15:") != std::string::npos);
  CHECK(e.find("'fatal' is not a severity") != std::string::npos);
  e = error_of("rules:\n  mx-no-redundancy:\n    single-mx: [a]\n");
  CHECK(e.find(":3:5: unknown key 'single-mx' in 'rules.mx-no-redundancy'") != std::string::npos);
  e = error_of("rules:\n  mx-no-redundancy:\n    single-mx-hosts: [\"bad host\"]\n");
  CHECK(e.find("not a host pattern") != std::string::npos);
  e = error_of("rules:\n  mx-target-ip:\n    x: [a]\n");
  CHECK(e.find("the rule has no options") != std::string::npos);
  e = error_of("select: [a\n");
  CHECK(e.find("invalid YAML") != std::string::npos);
  e = error_of("octodns:\n  lenient: maybe\n");
  CHECK(e.find("'octodns.lenient'") != std::string::npos);
  CHECK(error_of("# nothing\n").empty());
}

TEST_CASE("config: unknown ids on the command line and an unreadable --config") {
  zl::CliPolicy cli;
  cli.select = {"mx-nope"};
  CHECK_THROWS_AS(zl::Config(cli), zl::ConfigError);
  zl::CliPolicy missing;
  missing.config_path = "/nonexistent-zonelint-test/none.yaml";
  CHECK_THROWS_WITH(zl::Config(missing), Catch::Contains("cannot read"));
}

TEST_CASE("config: rule options reach the rule (extra single-MX hosts)") {
  TempDir d;
  const auto cfg = d.write(
      "policy.yaml", "rules:\n  mx-no-redundancy:\n    single-mx-hosts: [\"*.mx.example.net\"]\n");
  zl::ZoneSet set;
  zltest::add_zone(set, (d.path / "z.zone").string(), "example.com.",
                   "$ORIGIN example.com.\n@ MX 10 a.mx.example.net.\nsub MX 10 mx.example.org.\n");
  zl::CliPolicy cli;
  cli.config_path = cfg.string();
  cli.select = {"mx-no-redundancy"};
  auto r = zltest::run(set, cli);
  CHECK(zltest::summary(set, r) == std::vector<std::string>{"mx-no-redundancy@3"});
}

TEST_CASE("engine: severity overrides, selection and fail-on decide the verdict") {
  TempDir d;
  const auto cfg = d.write("p.yaml", "severity: {mx-wildcard-owner: error}\nfail-on: error\n");
  zl::ZoneSet set;
  zltest::add_zone(set, (d.path / "z.zone").string(), "example.com.",
                   "$ORIGIN example.com.\n* MX 10 mx.example.net.\n* MX 20 mx.example.org.\n");
  zl::CliPolicy cli;
  cli.config_path = cfg.string();
  cli.select = {"mx-wildcard-owner"};
  auto r = zltest::run(set, cli);
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].severity == zl::Severity::error);
  CHECK(r.failed);
  CHECK(r.fail_on == zl::Severity::error);
  cli.select = {"mx-no-redundancy"};
  auto r2 = zltest::run(set, cli);
  CHECK(r2.diagnostics.empty());
  CHECK_FALSE(r2.failed);
  // mx-no-redundancy, and parse-error, io-error and config-error, which are always on
  CHECK(r2.enabled.size() == 4);
}

TEST_CASE("engine: findings on octoDNS lenient records become info, or go with `suppress`") {
  const std::string text =
      "$ORIGIN example.com.\nhaven CNAME x.example.net. ; [[lenient]]\n"
      "haven MX 10 mx.example.net. ; [[lenient]]\n";
  zl::ZoneSet set;
  zltest::add_zone(set, std::string(zltest::kDir) + "example.com.yaml", "example.com.", text,
                   zl::InputFormat::octodns);
  zl::CliPolicy cli;
  cli.select = {"cname-and-other-data"};
  auto r = zltest::run(set, cli);
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].severity == zl::Severity::info);
  CHECK(r.diagnostics[0].message.find("lenient") != std::string::npos);
  CHECK_FALSE(r.failed);
  TempDir d;
  const auto cfg = d.write("p.yaml", "octodns: {lenient: suppress}\n");
  cli.config_path = cfg.string();
  CHECK(zltest::run(set, cli).diagnostics.empty());
  const auto keep = d.write("k.yaml", "octodns: {lenient: keep}\n");
  cli.config_path = keep.string();
  auto rk = zltest::run(set, cli);
  REQUIRE(rk.diagnostics.size() == 1);
  CHECK(rk.diagnostics[0].severity == zl::Severity::error);
}

#include "load/loader.hpp"

TEST_CASE("engine: a file also reached on its own is linted only inside the including zone") {
  TempDir d;
  d.write("example.com.zone",
          "$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
          "@ NS ns1\n@ NS ns2.example.net.\nns1 A 192.0.2.53\n@ MX 10 ns1\n@ MX 20 mx2\n"
          "mx2 A 192.0.2.54\n@ TXT \"v=spf1 mx -all\"\n_dmarc TXT \"v=DMARC1; p=reject\"\n"
          "$INCLUDE part.zone\n");
  d.write("part.zone", "www CNAME ns1\nwww A 192.0.2.80\n");
  zl::Config config(zl::CliPolicy{});
  zl::ZoneSet set;
  zl::LoadOptions opts;
  opts.parse.include_root = d.path.string();
  REQUIRE(zl::load_file(set, (d.path / "example.com.zone").string(), opts));
  zl::LoadOptions alone = opts;
  alone.parse.origin = zl::Name::parse("example.com.", nullptr);
  REQUIRE(zl::load_file(set, (d.path / "part.zone").string(), alone));
  REQUIRE(set.zones.size() == 2);
  const auto r = zl::lint(set, config);
  // One cname-and-other-data (in part.zone, as part of example.com.), and nothing from the
  // stand-alone load (which would add soa-missing and ns-missing and a second conflict).
  std::vector<std::string> got;
  for (const auto& d2 : r.diagnostics) got.emplace_back(d2.rule);
  CHECK(got == std::vector<std::string>{"cname-and-other-data"});
}

TEST_CASE("config: the files of a directory asked in turn get what each asked alone gets") {
  // Config::for_file reuses the shared settings of the directory (as given) of the last file
  // for the next file there: the answers must be those of a fresh Config for each path.
  TempDir d;
  d.write(".zonelint.yaml", "ignore: [mx-missing]\n");
  d.write("sub/.zonelint.yaml", "select: [mx-*]\n");
  d.write("patterns/.zonelint.yaml",
          "exclude: [\"old/**\"]\nper-path-ignore:\n  \"b.zone\": [ns-missing]\n");
  d.write("none/x.zone", "");
  const std::string root = d.path.string();
  const std::vector<std::string> paths = {root + "/a.zone",
                                          root + "/b.zone",
                                          root + "/sub/a.zone",
                                          root + "/sub/b.zone",
                                          root + "/sub",
                                          root + "/sub/",
                                          root + "/sub/.",
                                          root + "/sub/..",
                                          root + "/sub/../a.zone",
                                          root + "/a.zone",
                                          root + "/patterns/a.zone",
                                          root + "/patterns/b.zone",
                                          root + "/patterns/old",
                                          root + "/patterns/old/x.zone",
                                          root + "/patterns/c.zone",
                                          root + "//sub//a.zone",
                                          root + "/sub/b.zone",
                                          root + "/b.zone"};
  zl::Config c(zl::CliPolicy{});
  for (const std::string& p : paths) {
    INFO(p);
    const zl::Settings& s = c.for_file(p);
    zl::Config fresh(zl::CliPolicy{});
    const zl::Settings& alone = fresh.for_file(p);
    CHECK(s.config_file == alone.config_file);
    CHECK(s.path_ignored == alone.path_ignored);
    CHECK(s.ignore == alone.ignore);
    CHECK(s.select == alone.select);
    CHECK(s.walk_include == alone.walk_include);
    CHECK(s.enabled("mx-missing") == alone.enabled("mx-missing"));
    CHECK(s.enabled("ns-missing") == alone.enabled("ns-missing"));
  }
  // Under one config without per-path patterns, one Settings object serves every file.
  CHECK(&c.for_file(root + "/sub/c.zone") == &c.for_file(root + "/sub/d.zone"));
  // With per-path patterns, each file has its own.
  CHECK(c.for_file(root + "/patterns/b.zone").ignore !=
        c.for_file(root + "/patterns/a.zone").ignore);
}

TEST_CASE("config: a config given again as text replaces what its files got before") {
  // use_config_text replaces a config file's text: the settings made from the old text, shared
  // by the files under it, must go with it.
  TempDir d;
  const auto cfg = d.write(".zonelint.yaml", "ignore: [mx-missing]\n");
  zl::Config c(zl::CliPolicy{});
  CHECK_FALSE(c.for_file((d.path / "a.zone").string()).enabled("mx-missing"));
  c.use_config_text(cfg.string(), "ignore: [mx-target-cname]\n");
  for (const char* file : {"a.zone", "b.zone"}) {
    INFO(file);
    const auto& s = c.for_file((d.path / file).string());
    CHECK(s.enabled("mx-missing"));
    CHECK_FALSE(s.enabled("mx-target-cname"));
  }
}
