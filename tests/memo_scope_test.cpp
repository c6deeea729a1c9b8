// The memos the engine frees early (lint/memo_scope.hpp, rules/memo_scopes.cpp): every rule
// that asks for a scoped memo is one of the scope's users (else, with several threads, it could
// read a freed value), and RuleContext::release_memo frees a memo that a later ask makes again.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "lint/context.hpp"
#include "lint/memo_scope.hpp"
#include "lint/rule.hpp"
#include "lint/timing.hpp"
#include "load/loader.hpp"

namespace fs = std::filesystem;

namespace {

// The memos made while the table's runs went on: its "memo <key>" rows.
std::set<std::string> memo_rows(const std::string& table) {
  std::set<std::string> out;
  std::istringstream in(table);
  for (std::string line; std::getline(in, line);) {
    const auto bar = line.find(" |");
    if (bar == std::string::npos || line.rfind("memo ", 0) != 0) continue;
    std::string key = line.substr(5, bar - 5);
    while (!key.empty() && key.back() == ' ') key.pop_back();
    out.insert(key);
  }
  return out;
}

}  // namespace

TEST_CASE("memo scopes: each rule that asks for a scoped memo is one of its users") {
  // Every zone of the rule fixtures, loaded together: they hold the records each family's
  // memos are made of (SPF, DKIM, DMARC, MX records...).
  zl::ZoneSet set;
  const fs::path root = fs::path(ZONELINT_FIXTURES_DIR) / "rules";
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".zone") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    zl::LoadOptions opts;
    opts.parse.include_root = f.parent_path().string();
    (void)zl::load_file(set, f.string(), opts);
  }
  std::vector<const zl::Zone*> zones;
  for (const zl::Zone& z : set.zones) zones.push_back(&z);
  REQUIRE(zones.size() > 100);

  // Each rule alone, on a context of its own: the memos made are those it asks for (directly
  // or through another memo).
  std::map<std::string, std::set<std::string>> askers;  // memo key -> the rules that asked
  for (const zl::Rule* r : zl::all_rules()) {
    if (!r->check) continue;
    const zl::Rule* const one[] = {r};
    zl::RuleTiming timing(one);
    zl::RuleContext ctx(set, zones);
    ctx.set_check_time(1767225600);  // 2026-01-01T00:00:00Z, as the fixtures are checked
    ctx.set_timing(&timing);
    zl::Diagnostics found;
    r->check(ctx, found);
    std::ostringstream table;
    timing.print(table);
    for (const std::string& key : memo_rows(table.str())) askers[key].insert(std::string(r->id));
  }

  for (const zl::MemoScope& scope : zl::memo_scopes()) {
    INFO("memo " << scope.key);
    // A key that no rule asks for is a typo (or a memo gone): the scope would free nothing.
    REQUIRE(askers.count(std::string(scope.key)) == 1);
    for (const std::string& rule : askers[std::string(scope.key)]) {
      INFO("asked for by " << rule);
      CHECK(zl::uses_memo(scope, rule));
    }
  }
}

TEST_CASE("memo scopes: users are rule ids or id prefixes ending with a star") {
  using namespace std::string_view_literals;
  constexpr std::array users = {"dkim-*"sv, "soa-multiple"sv};
  const zl::MemoScope scope{"test.memo", users};
  CHECK(zl::uses_memo(scope, "dkim-syntax"));
  CHECK(zl::uses_memo(scope, "soa-multiple"));
  CHECK_FALSE(zl::uses_memo(scope, "soa-multiple-x"));
  CHECK_FALSE(zl::uses_memo(scope, "dmarc-syntax"));
  CHECK_FALSE(zl::uses_memo(scope, "dkim"));
}

TEST_CASE("memo scopes: a released memo is freed and made again when asked") {
  const zl::ZoneSet set;
  const zl::RuleContext ctx(set, {});
  int made = 0;
  const auto make = [&] {
    ++made;
    return std::make_shared<int>(7);
  };
  const std::weak_ptr<int> first = ctx.memo<std::shared_ptr<int>>("test.memo", make);
  (void)ctx.memo<std::shared_ptr<int>>("test.memo", make);
  CHECK(made == 1);
  CHECK_FALSE(first.expired());
  ctx.release_memo("test.memo");
  CHECK(first.expired());         // the value is freed
  ctx.release_memo("test.memo");  // releasing what is not there does nothing
  CHECK(*ctx.memo<std::shared_ptr<int>>("test.memo", make) == 7);
  CHECK(made == 2);
}

TEST_CASE("memo scopes: the rules run group after group, registry order within a group") {
  using namespace std::string_view_literals;
  // In registry order, as the engine gives them.
  constexpr std::array ids = {"address-reserved"sv, "dkim-key-invalid"sv,   "dkim-syntax"sv,
                              "dmarc-syntax"sv,     "mail-auth-missing"sv,  "mx-missing"sv,
                              "spf-loop"sv,         "spf-permissive-all"sv, "spf-syntax"sv,
                              "spf-void-lookups"sv, "srv-owner-format"sv};
  const std::vector<std::size_t> order = zl::run_order(ids);
  std::vector<std::string_view> ran;
  ran.reserve(order.size());
  for (const std::size_t i : order) ran.push_back(ids.at(i));
  // The mail family first (the users of mail.records), then MX and SPF (large memos, few
  // findings: MX none, so it goes first; the SPF rules that read the walks before the others),
  // the rules of no group, DMARC, and DKIM last (the most findings): rules/memo_scopes.cpp.
  CHECK(ran == std::vector{"mail-auth-missing"sv, "mx-missing"sv, "spf-loop"sv,
                           "spf-void-lookups"sv, "spf-permissive-all"sv, "spf-syntax"sv,
                           "address-reserved"sv, "srv-owner-format"sv, "dmarc-syntax"sv,
                           "dkim-key-invalid"sv, "dkim-syntax"sv});
  // Every rule of the registry runs once.
  std::vector<std::string_view> all;
  all.reserve(zl::all_rules().size());
  for (const zl::Rule* r : zl::all_rules()) all.push_back(r->id);
  std::vector<std::size_t> every = zl::run_order(all);
  std::sort(every.begin(), every.end());
  CHECK(every.size() == all.size());
  for (std::size_t i = 0; i < every.size(); ++i) CHECK(every[i] == i);
}
