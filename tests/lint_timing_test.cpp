// RuleTiming (ZONELINT_TIMING): the timing table charges a memo's build to the memo, not to the
// rule that asked first. (RuleContext::memo itself is tested in lint_context_test.cpp.)
#include <catch2/catch.hpp>

#include <chrono>
#include <sstream>
#include <string>
#include <thread>

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
