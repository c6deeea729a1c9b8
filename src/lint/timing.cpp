#include "lint/timing.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <tuple>

#include "lint/rule.hpp"

namespace zl {

bool RuleTiming::requested() {
  const char* v = std::getenv("ZONELINT_TIMING");
  return v && *v && std::string_view(v) != "0";
}

RuleTiming::RuleTiming(std::span<const Rule* const> rules)
    : rule_ns_(rules.size(), 0), ran_(rules.size(), 0) {
  rule_ids_.reserve(rules.size());
  for (const Rule* r : rules) rule_ids_.push_back(r->id);
}

std::int64_t& RuleTiming::thread_memo_ns() {
  thread_local std::int64_t ns = 0;
  return ns;
}

void RuleTiming::add_rule(std::size_t i, std::int64_t ns) {
  rule_ns_[i] += ns;
  ran_[i] = 1;
}

void RuleTiming::add_row(std::string row, std::int64_t ns) {
  const std::lock_guard<std::mutex> lock(rows_mutex_);
  rows_ns_[std::move(row)] += ns;
}

void RuleTiming::print(std::ostream& out) const {
  std::vector<std::pair<std::string, std::int64_t>> rows;
  for (std::size_t i = 0; i < rule_ids_.size(); ++i)
    if (ran_[i]) rows.emplace_back(std::string(rule_ids_[i]), rule_ns_[i]);
  {
    const std::lock_guard<std::mutex> lock(rows_mutex_);
    for (const auto& [row, ns] : rows_ns_) rows.emplace_back(row, ns);
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::tie(b.second, a.first) < std::tie(a.second, b.first);
  });
  std::int64_t total = 0;
  std::size_t width = 4;  // "Rule"
  for (const auto& [name, ns] : rows) {
    total += std::max<std::int64_t>(ns, 0);
    width = std::max(width, name.size());
  }
  char line[256];
  std::snprintf(line, sizeof line,
                "zonelint timing: rules phase %.3f ms wall with %u thread%s; each rule's own "
                "time, memo builds apart\n",
                static_cast<double>(phase_ns_) / 1e6, jobs_, jobs_ == 1 ? "" : "s");
  out << line;
  const int w = static_cast<int>(width);
  std::snprintf(line, sizeof line, "%-*s | Time (ms) | Relative\n", w, "Rule");
  out << line << ':' << std::string(width - 1, '-') << "-|----------:|--------:\n";
  for (const auto& [name, ns] : rows) {
    const double ms = static_cast<double>(ns) / 1e6;
    const double share = total > 0 ? 100.0 * static_cast<double>(std::max<std::int64_t>(ns, 0)) /
                                         static_cast<double>(total)
                                   : 0.0;
    std::snprintf(line, sizeof line, "%-*s | %9.3f | %7.1f%%\n", w, name.c_str(), ms, share);
    out << line;
  }
}

}  // namespace zl
