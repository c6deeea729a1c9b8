// Inline suppressions: disable, disable-next-line, disable-file, and unused-suppression.
#include <catch2/catch.hpp>

#include "lint/suppression.hpp"
#include "lint_test_util.hpp"

using V = std::vector<std::string>;

namespace {

const std::string kHead =
    "$ORIGIN example.com.\n"
    "@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
    "@ NS ns1\n"
    "ns1 A 192.0.2.53\n"
    "@ MX 10 ns1\n"
    "@ MX 20 ns2\n"
    "ns2 A 192.0.2.54\n";

V lint_text(const std::string& body, zl::InputFormat fmt = zl::InputFormat::zone) {
  zl::ZoneSet set;
  zltest::add_zone(set, std::string(zltest::kDir) + "z.zone", "example.com.", kHead + body, fmt);
  // The baseline zone has one name server and no SPF or DMARC on purpose (lines stay where the
  // tests expect them); ns-no-redundancy and mail-auth-missing are not what these tests are about.
  zl::CliPolicy cli;
  cli.ignore = {"ns-no-redundancy", "mail-auth-missing"};
  return zltest::summary(set, zltest::run(set, cli));
}

}  // namespace

TEST_CASE("suppression: the baseline zone is clean") {
  CHECK(lint_text("").empty());
}

TEST_CASE("suppression: disable= on the entry's line") {
  // Two findings on one line: the wildcard owner and the address written as the exchange (an
  // exchange that is an address gets no mx-no-redundancy finding: one finding per mistake).
  const V both = lint_text("* MX 10 192.0.2.1\n");
  CHECK((both == V{"mx-wildcard-owner@8", "mx-target-ip@8"}));
  CHECK(lint_text("* MX 10 192.0.2.1 ; zonelint: disable=mx-target-ip,mx-wildcard-owner -- test\n")
            .empty());
  CHECK(
      lint_text("* MX 10 192.0.2.1 ; zonelint: disable=mx-target-ip, mx-wildcard-owner\n").empty());
}

TEST_CASE("suppression: disable-next-line= and disable-file=") {
  CHECK(lint_text("; zonelint: disable-next-line=mx-target-ip,mx-wildcard-owner -- lab host\n"
                  "* MX 10 192.0.2.1\n")
            .empty());
  CHECK(lint_text("; zonelint: disable-file=mx-target-ip,mx-wildcard-owner\n"
                  "* MX 10 192.0.2.1\nb MX 10 192.0.2.2\n")
            .empty());
}

TEST_CASE("suppression: unused, unknown and malformed suppressions are reported") {
  CHECK(lint_text("a A 192.0.2.1 ; zonelint: disable=mx-target-ip\n") == V{"unused-suppression@8"});
  CHECK(lint_text("a A 192.0.2.1 ; zonelint: disable=no-such-rule\n") == V{"unused-suppression@8"});
  CHECK(lint_text("a A 192.0.2.1 ; zonelint: enable=mx-target-ip\n") == V{"unused-suppression@8"});
  CHECK(lint_text("; zonelint: disable-file=unused-suppression\n"
                  "a A 192.0.2.1 ; zonelint: disable=mx-target-ip\n")
            .empty());
}

TEST_CASE("suppression: a rule turned off by the config makes no unused report") {
  zl::ZoneSet set;
  zltest::add_zone(set, std::string(zltest::kDir) + "z.zone", "example.com.",
                   kHead + "a A 192.0.2.1 ; zonelint: disable=mx-target-ip\n");
  zl::CliPolicy cli;
  cli.ignore = {"mx-target-ip", "ns-no-redundancy", "mail-auth-missing"};
  CHECK(zltest::run(set, cli).diagnostics.empty());
}

TEST_CASE("suppression: semicolons inside quoted strings are not comments") {
  CHECK(lint_text("a TXT \"; zonelint: disable=mx-target-ip\"\n").empty());
  const zl::SourceFile f(
      "x.zone", std::string("a TXT \"; zonelint: disable=x\" ; zonelint: disable=y -- why\n"));
  auto s = zl::scan_suppressions(f, 0, zl::CommentStyle::zone);
  REQUIRE(s.size() == 1);
  REQUIRE(s[0].ids.size() == 1);
  CHECK(s[0].ids[0].id == "y");
  CHECK(s[0].reason == "why");
}

TEST_CASE("suppression: YAML uses # comments") {
  const zl::SourceFile f(
      "x.yaml", std::string("mail:  # zonelint: disable=mx-no-redundancy -- single provider\n"
                            "  value: 'a # not a comment'\n"));
  auto s = zl::scan_suppressions(f, 0, zl::CommentStyle::yaml);
  REQUIRE(s.size() == 1);
  CHECK(s[0].kind == zl::Suppression::Kind::line);
  CHECK(s[0].line == 1);
  REQUIRE(s[0].ids.size() == 1);
  CHECK(s[0].ids[0].id == "mx-no-redundancy");
  CHECK(zl::scan_suppressions(f, 0, zl::CommentStyle::none).empty());
}

TEST_CASE("suppression: an id list ends at a further comment marker") {
  const zl::SourceFile f("x.zone",
                         std::string("@ MX 10 a ; zonelint: disable=mx-target-ip ; expect: x\n"));
  auto s = zl::scan_suppressions(f, 0, zl::CommentStyle::zone);
  REQUIRE(s.size() == 1);
  REQUIRE(s[0].ids.size() == 1);
  CHECK(s[0].ids[0].id == "mx-target-ip");
}
