// Opt-in timing of the rules phase, for contributors who look for where the time goes (as
// ESLint's TIMING=1): with the environment variable ZONELINT_TIMING set to anything but "" or
// "0", the engine times each rule's check and each memo build (RuleContext::memo), and prints
// the table to standard error after the run. Standard output and the findings never change.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zl {

struct Rule;

class RuleTiming {
 public:
  using Clock = std::chrono::steady_clock;

  // Is ZONELINT_TIMING set (and not "" or "0")?
  static bool requested();

  explicit RuleTiming(std::span<const Rule* const> rules);

  // Runs `check` as rule `i` (an index into the rules given to the constructor) and adds its
  // wall time to the rule, less the time of the memos it built meanwhile on this thread (those
  // are listed apart, so a memo's cost is not charged to whichever rule happened to ask first).
  template <class Check>
  void time_rule(std::size_t i, Check&& check) {
    const std::int64_t memo_before = thread_memo_ns();
    const Clock::time_point t0 = Clock::now();
    check();
    const std::int64_t wall = ns_since(t0);
    add_rule(i, wall - (thread_memo_ns() - memo_before));
  }
  // Runs `make` as the build of memo `key` and records its wall time, less that of the memos
  // it built in turn (each memo is charged its own work once).
  template <class Make>
  auto time_memo(std::string_view key, Make&& make) {
    const std::int64_t memo_before = thread_memo_ns();
    const Clock::time_point t0 = Clock::now();
    auto value = make();
    const std::int64_t own = ns_since(t0) - (thread_memo_ns() - memo_before);
    thread_memo_ns() += own;
    add_row("memo " + std::string(key), own);
    return value;
  }
  // Runs `step`, work of the phase that is neither a rule nor a memo, and records its wall time
  // on a row named `row`.
  template <class Step>
  void time_step(std::string row, Step&& step) {
    const Clock::time_point t0 = Clock::now();
    step();
    add_row(std::move(row), ns_since(t0));
  }
  // The whole phase (every pass), as the engine measured it.
  void set_phase(std::chrono::nanoseconds wall, unsigned jobs) {
    phase_ns_ = wall.count();
    jobs_ = jobs;
  }

  // The table: one row per rule that ran and per memo built, slowest first (then by name),
  // with the time in milliseconds and its share of the rows' total.
  void print(std::ostream& out) const;

 private:
  static std::int64_t ns_since(Clock::time_point t0) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count();
  }
  // Nanoseconds spent building memos on the calling thread so far (a thread-local counter).
  static std::int64_t& thread_memo_ns();
  void add_rule(std::size_t i, std::int64_t ns);
  void add_row(std::string row, std::int64_t ns);

  std::vector<std::string_view> rule_ids_;
  std::vector<std::int64_t> rule_ns_;  // each slot written by the one thread running the rule
  std::vector<unsigned char> ran_;     // idem
  std::map<std::string, std::int64_t, std::less<>> rows_ns_;  // memos and steps, by row name
  mutable std::mutex rows_mutex_;
  std::int64_t phase_ns_ = 0;
  unsigned jobs_ = 1;
};

}  // namespace zl
