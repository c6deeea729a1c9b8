// RuleContext::memo (derived data shared by rules) and RuleTiming (ZONELINT_TIMING): a memo is
// made once even when several threads ask at once, and the timing table charges a memo's build
// to the memo, not to the rule that asked first.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/parallel.hpp"
#include "lint/context.hpp"
#include "lint/rule.hpp"
#include "lint/timing.hpp"

namespace {

// The time in the row `name` of a printed timing table, in milliseconds; -1 when absent.
double row_ms(const std::string& table, const std::string& name) {
  std::istringstream in(table);
  for (std::string line; std::getline(in, line);) {
    const auto bar = line.find(" |");
    if (bar == std::string::npos) continue;
    std::string first = line.substr(0, bar);
    while (!first.empty() && first.back() == ' ') first.pop_back();
    if (first == name) return std::stod(line.substr(bar + 2));
  }
  return -1;
}

void no_check(const zl::RuleContext&, zl::Diagnostics&) {}

}  // namespace

TEST_CASE("lint memo: a value is made once, also when threads ask at the same time") {
  const zl::ZoneSet set;
  const zl::RuleContext ctx(set, {});
  std::atomic<int> made{0};
  std::vector<int> seen(8, 0);
  zl::parallel_for(seen.size(), 4, [&](std::size_t i) {
    seen[i] = ctx.memo<int>("test.value", [&] {
      ++made;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // others ask meanwhile
      return 42;
    });
  });
  CHECK(made == 1);
  for (const int v : seen) CHECK(v == 42);
  // Another key is another value; clear_memo forgets them all.
  CHECK(ctx.memo<int>("test.other", [] { return 7; }) == 7);
  ctx.clear_memo();
  CHECK(ctx.memo<int>("test.value", [&] {
    ++made;
    return 43;
  }) == 43);
  CHECK(made == 2);
}

TEST_CASE("lint timing: a memo's build is charged to the memo, not to the rule that asked") {
  const zl::Rule asks{"asks-for-memo", zl::Severity::info, {}, {}, "", &no_check};
  const zl::Rule other{"other-rule", zl::Severity::info, {}, {}, "", &no_check};
  const zl::Rule* rules[] = {&asks, &other};
  zl::RuleTiming timing(rules);
  const zl::ZoneSet set;
  zl::RuleContext ctx(set, {});
  ctx.set_timing(&timing);
  timing.time_rule(0, [&] {
    (void)ctx.memo<int>("test.slow", [] {
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
      return 1;
    });
  });
  timing.time_rule(1, [&] { (void)ctx.memo<int>("test.slow", [] { return 2; }); });
  timing.set_phase(std::chrono::milliseconds(31), 1);
  std::ostringstream out;
  timing.print(out);
  const std::string table = out.str();
  INFO(table);
  CHECK(table.rfind("zonelint timing: rules phase 31.000 ms wall with 1 thread;", 0) == 0);
  CHECK(row_ms(table, "memo test.slow") >= 30.0);
  CHECK(row_ms(table, "asks-for-memo") >= 0.0);
  CHECK(row_ms(table, "asks-for-memo") < 15.0);
  CHECK(row_ms(table, "other-rule") >= 0.0);
  // The slowest row first.
  CHECK(table.find("memo test.slow") < table.find("asks-for-memo"));
  CHECK(table.find("memo test.slow") < table.find("other-rule"));
}
