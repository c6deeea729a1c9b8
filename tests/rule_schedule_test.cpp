// How the rules phase hands its tasks to the threads of --jobs (lint/rule_schedule.hpp): the
// stages (families with large memos) one at a time, each opened by thread 0, the filler
// beside them; and the engine's findings do not depend on the number of threads.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "lint/engine.hpp"
#include "lint/memo_scope.hpp"
#include "lint/rule.hpp"
#include "lint/rule_schedule.hpp"
#include "load/loader.hpp"

namespace fs = std::filesystem;

TEST_CASE("rule schedule: thread 0 opens a stage alone and the others run filler meanwhile") {
  // Stages {0, 1, 2, 3} and {4, 5}; filler 6, 7, 8.
  zl::StagedTasks tasks({{0, 1, 2, 3}, {4, 5}}, {6, 7, 8});
  // Another thread cannot open a stage: it takes filler.
  CHECK(tasks.try_take(1) == 6u);
  CHECK(tasks.try_take(0) == 0u);  // the opener
  // While the opener runs (it makes the memos the stage's tasks need), the others keep to
  // filler.
  CHECK(tasks.try_take(1) == 7u);
  tasks.done(6);
  tasks.done(7);
  tasks.done(0);
  // Once it has returned, thread 0 runs the stage's tasks in their order, and the others
  // share them (filler is kept for the openings to come).
  CHECK(tasks.try_take(0) == 1u);
  CHECK(tasks.try_take(1) == 2u);
  CHECK(tasks.try_take(1) == 3u);
  // The stage's tasks are all out and another stage comes: thread 0 waits for them (a long
  // filler task would hold the next stage up); the others take filler.
  tasks.done(1);
  CHECK_FALSE(tasks.try_take(0).has_value());
  CHECK_FALSE(tasks.finished());
  tasks.done(2);
  CHECK_FALSE(tasks.try_take(0).has_value());
  CHECK(tasks.try_take(1) == 8u);
  // The next stage opens only when every task of this one has returned.
  tasks.done(3);
  CHECK(tasks.try_take(0) == 4u);
  // No filler left: the others take the stage's tasks during the opening all the same.
  CHECK(tasks.try_take(1) == 5u);
  CHECK(tasks.finished());
  CHECK_FALSE(tasks.try_take(0).has_value());
  tasks.done(4);
  tasks.done(5);
  tasks.done(8);
  CHECK(tasks.finished());
}

TEST_CASE("rule schedule: the others take a stage's task only while no memo is being made") {
  // Stage {0, 1, 2}; filler 3, 4, 5, 6.
  zl::StagedTasks tasks({{0, 1, 2}}, {3, 4, 5, 6});
  zl::StagedTasks::MemoActivity memos;
  tasks.set_memo_activity([&] { return memos; });
  CHECK(tasks.try_take(0) == 0u);  // the opener
  memos.making = true;             // ...makes the stage's memos
  CHECK(tasks.try_take(1) == 3u);  // filler: a task of the stage would wait for them
  memos = {false, 1};              // made, while the opener still runs
  CHECK(tasks.try_take(1) == 1u);  // a task of the stage can run at once
  memos.making = true;             // a later memo (task 1 makes it)
  CHECK(tasks.try_take(1) == 4u);
  memos.making = false;
  CHECK(tasks.try_take(1) == 2u);
  CHECK(tasks.try_take(1) == 5u);  // the stage's tasks are all out
  CHECK(tasks.try_take(0) == 6u);  // the last stage: thread 0 runs filler too
  CHECK(tasks.finished());
}

TEST_CASE("rule schedule: with filler left the stage ends with thread 0 and the next opens") {
  // Stages {0, 1} and {2}; filler 3, 4, 5.
  zl::StagedTasks tasks({{0, 1}, {2}}, {3, 4, 5});
  CHECK(tasks.try_take(0) == 0u);
  CHECK(tasks.try_take(1) == 3u);
  tasks.done(0);
  CHECK(tasks.try_take(0) == 1u);
  tasks.done(3);
  CHECK(tasks.try_take(1) == 4u);  // filler, not the stage's task
  tasks.done(1);
  CHECK(tasks.try_take(0) == 2u);  // the stage is over: the next one opens, nobody waits
  tasks.done(4);
  CHECK(tasks.try_take(1) == 5u);
  tasks.done(2);
  CHECK_FALSE(tasks.try_take(0).has_value());
  tasks.done(5);
  CHECK(tasks.finished());
}

TEST_CASE("rule schedule: over small zones thread 0 takes filler at a stage's end") {
  // Stages {0, 1} and {2}; filler 3, 4.
  zl::StagedTasks tasks({{0, 1}, {2}}, {3, 4});
  tasks.set_filler_at_stage_ends(true);
  CHECK(tasks.try_take(0) == 0u);
  tasks.done(0);
  CHECK(tasks.try_take(1) == 1u);  // the stage's last task, on another thread
  CHECK(tasks.try_take(0) == 3u);  // filler, where it would otherwise wait
  tasks.done(1);
  // The stage is over, but thread 0 runs filler: nobody opens the next stage, the others run
  // filler meanwhile.
  CHECK(tasks.try_take(1) == 4u);
  tasks.done(3);
  CHECK(tasks.try_take(0) == 2u);  // thread 0 is back: the next stage opens
  tasks.done(2);
  tasks.done(4);
  CHECK(tasks.finished());
}

TEST_CASE("rule schedule: in the last stage the filler is left for the end") {
  zl::StagedTasks tasks({{0, 1}, {2, 3, 4}}, {5, 6});
  CHECK(tasks.try_take(0) == 0u);
  tasks.done(0);
  CHECK(tasks.try_take(0) == 1u);
  tasks.done(1);
  CHECK(tasks.try_take(0) == 2u);  // the last stage's opener
  tasks.done(2);
  // The others share the stage's tasks with thread 0, then both run the filler.
  CHECK(tasks.try_take(1) == 3u);
  CHECK(tasks.try_take(0) == 4u);
  CHECK(tasks.try_take(1) == 5u);
  CHECK(tasks.try_take(0) == 6u);
  CHECK(tasks.finished());
}

TEST_CASE("rule schedule: only thread 0 takes a home task and the others take the rest") {
  // Stage {0, 1, 2, 3}, task 2 thread 0's own; then stage {4, 5}, task 5 thread 0's own;
  // filler 6.
  zl::StagedTasks tasks({{0, 1, 2, 3}, {4, 5}}, {6}, {2, 5});
  CHECK(tasks.try_take(0) == 0u);  // the opener
  CHECK(tasks.try_take(1) == 6u);  // filler first
  tasks.done(6);
  CHECK(tasks.try_take(1) == 1u);  // no filler left: the stage's tasks...
  CHECK(tasks.try_take(1) == 3u);  // ...but not thread 0's own
  CHECK_FALSE(tasks.try_take(1).has_value());
  CHECK(tasks.try_take(0) == 2u);
  CHECK_FALSE(tasks.try_take(0).has_value());  // the stage's end: its tasks are all out
  tasks.done(0);
  tasks.done(1);
  tasks.done(2);
  CHECK_FALSE(tasks.finished());
  tasks.done(3);
  CHECK(tasks.try_take(0) == 4u);              // the next stage opens
  CHECK_FALSE(tasks.try_take(1).has_value());  // only thread 0's own is left
  CHECK(tasks.try_take(0) == 5u);
  CHECK(tasks.finished());
  tasks.done(4);
  tasks.done(5);
  CHECK(tasks.finished());
}

TEST_CASE("rule schedule: thread 0 starts its own tasks right after the opener") {
  // Stage {0, 1, 2, 3}, task 3 thread 0's own.
  zl::StagedTasks tasks({{0, 1, 2, 3}}, {}, {3});
  CHECK(tasks.try_take(0) == 0u);
  tasks.done(0);
  CHECK(tasks.try_take(0) == 3u);  // only it can run task 3: first
  CHECK(tasks.try_take(1) == 1u);
  CHECK(tasks.try_take(0) == 2u);
  CHECK(tasks.finished());
}

TEST_CASE("rule schedule: without stages every thread runs filler and empty stages are skipped") {
  zl::StagedTasks none({}, {0, 1});
  CHECK(none.try_take(0) == 0u);
  CHECK(none.try_take(1) == 1u);
  CHECK(none.finished());
  zl::StagedTasks empty({{}, {0}, {}}, {1});
  CHECK(empty.try_take(0) == 0u);
  CHECK(empty.try_take(0) == 1u);
  CHECK(empty.finished());
}

TEST_CASE("rule schedule: run_staged runs each task once and the stages one at a time") {
  const std::size_t n = 60;
  // Stages of 10 tasks each (0-9, 10-19, 20-29), filler the rest.
  std::vector<std::vector<std::size_t>> stages(3);
  std::vector<std::size_t> filler;
  for (std::size_t i = 0; i < n; ++i) (i < 30 ? stages[i / 10] : filler).push_back(i);
  for (const unsigned jobs : {1u, 2u, 3u}) {
    INFO("jobs " << jobs);
    zl::StagedTasks tasks(stages, filler);
    std::vector<std::atomic<int>> runs(n);
    std::atomic<int> stage_running[3] = {0, 0, 0};
    std::atomic<bool> overlap{false};
    std::atomic<int> openers_elsewhere{0};  // openers run off the calling thread
    const std::thread::id caller = std::this_thread::get_id();
    zl::run_staged(tasks, jobs, [&](std::size_t i) {
      runs[i].fetch_add(1);
      if (i >= 30) return;
      if (i % 10 == 0 && std::this_thread::get_id() != caller) openers_elsewhere.fetch_add(1);
      const std::size_t s = i / 10;
      stage_running[s].fetch_add(1);
      for (std::size_t o = 0; o < 3; ++o)
        if (o != s && stage_running[o].load() > 0) overlap = true;
      std::this_thread::yield();
      stage_running[s].fetch_sub(1);
    });
    for (std::size_t i = 0; i < n; ++i) CHECK(runs[i].load() == 1);
    CHECK_FALSE(overlap.load());
    CHECK(openers_elsewhere.load() == 0);
    CHECK(tasks.finished());
  }
}

TEST_CASE("rule schedule: a helper thread runs the jobs posted in order and is thread 1") {
  const std::thread::id caller = std::this_thread::get_id();
  std::vector<int> order;  // written by the helper only, read after wait()
  std::thread::id ran_on;
  {
    zl::HelperThread helper;
    for (int i = 0; i < 5; ++i) helper.post([&order, i] { order.push_back(i); });
    helper.post([&] { ran_on = std::this_thread::get_id(); });
    helper.wait();
    CHECK(order == std::vector<int>{0, 1, 2, 3, 4});
    CHECK(ran_on != caller);
    // run_staged hands the helper thread 1's share: every task once, on two threads.
    for (const unsigned jobs : {2u, 3u}) {
      zl::StagedTasks tasks({{0, 1, 2}, {3, 4}}, {5, 6, 7, 8, 9});
      std::vector<std::atomic<int>> runs(10);
      zl::run_staged(
          tasks, jobs, [&](std::size_t i) { runs[i].fetch_add(1); }, &helper);
      for (const std::atomic<int>& r : runs) CHECK(r.load() == 1);
    }
    // finish(): the jobs posted before still run, and the returned thread joins after them.
    std::atomic<bool> last{false};
    helper.post([&] { last = true; });
    std::jthread t = helper.finish();
    t.join();
    CHECK(last.load());
  }
  // Destroyed without finish(): the jobs posted still run before the destructor returns.
  std::atomic<int> ran{0};
  {
    zl::HelperThread helper;
    helper.post([&] { ran.fetch_add(1); });
  }
  CHECK(ran.load() == 1);
}

TEST_CASE("rule schedule: run_staged rethrows the first failure and hands out no more") {
  zl::StagedTasks tasks({{0, 1, 2}}, {3, 4, 5, 6, 7});
  std::atomic<int> ran{0};
  CHECK_THROWS_AS(zl::run_staged(tasks, 2,
                                 [&](std::size_t i) {
                                   ran.fetch_add(1);
                                   if (i == 0) throw std::runtime_error("opener failed");
                                   // The other thread's task returns only once the failure
                                   // has stopped the hand-out, whatever the threads' timing
                                   // (on a loaded machine it could run all the filler, then
                                   // the stage's tasks, before the opener threw).
                                   while (!tasks.finished()) std::this_thread::yield();
                                 }),
                  std::runtime_error);
  // The opener, and at most the one task the other thread took before the failure.
  CHECK(ran.load() <= 2);
  CHECK(tasks.finished());
}

TEST_CASE("rule schedule: the plan stages are the families with large memos and openers first") {
  std::vector<std::string_view> ids;
  for (const zl::Rule* r : zl::all_rules()) ids.push_back(r->id);
  const zl::RunPlan plan = zl::run_plan(ids);
  std::vector<std::vector<std::string_view>> stages;
  for (const auto& stage : plan.stages) {
    stages.emplace_back();
    for (const std::size_t i : stage) stages.back().push_back(ids.at(i));
  }
  REQUIRE(stages.size() == 6);
  CHECK(stages[0].front() == "mail-label-typo");  // it makes mail.records
  CHECK(stages[1].front() == "mx-null-preference");
  CHECK(stages[1].at(1) == "mx-target-no-address");
  CHECK(stages[2].front() == "spf-lookup-limit");
  CHECK(stages[3].front() == "duplicate-record");  // it makes zone.rrsets
  CHECK(stages[3].size() == 4);
  CHECK(stages[4].front() == "dmarc-missing-policy");
  CHECK(stages[5].front() == "dkim-key-invalid");
  const auto all_start = [](const std::vector<std::string_view>& v, std::string_view prefix) {
    return std::all_of(v.begin(), v.end(),
                       [&](std::string_view id) { return id.starts_with(prefix); });
  };
  // The users of mail.records, which it frees before the stages with large memos.
  CHECK(std::all_of(stages[0].begin(), stages[0].end(), [](std::string_view id) {
    return id.starts_with("mail-") || id.starts_with("mta-sts-") || id.starts_with("tlsrpt-") ||
           id == "dmarc-misplaced" || id == "spf-not-recognized" || id == "spf-rr-type-99";
  }));
  CHECK(all_start(stages[1], "mx-"));
  CHECK(all_start(stages[2], "spf-"));
  CHECK(all_start(stages[4], "dmarc-"));
  CHECK(all_start(stages[5], "dkim-"));
  // Thread 0's own: the rules with the most findings, each in its stage, and those that make a
  // stage's later memos.
  std::vector<std::string_view> home;
  for (const std::size_t i : plan.home) home.push_back(ids.at(i));
  std::sort(home.begin(), home.end());
  CHECK(home == std::vector<std::string_view>{"dkim-syntax", "dmarc-policy-none",
                                              "mail-auth-missing", "mx-target-no-address",
                                              "spf-permissive-all"});
  // Every rule once, in a stage or in the filler; the filler in run_order's order.
  std::vector<std::size_t> every = plan.filler;
  for (const auto& stage : plan.stages) every.insert(every.end(), stage.begin(), stage.end());
  std::sort(every.begin(), every.end());
  REQUIRE(every.size() == ids.size());
  for (std::size_t i = 0; i < every.size(); ++i) CHECK(every[i] == i);
  // The filler: the rules of no group, in run_order's order.
  const auto at = [&](std::string_view id) {
    const auto i = static_cast<std::size_t>(std::find(ids.begin(), ids.end(), id) - ids.begin());
    return std::find(plan.filler.begin(), plan.filler.end(), i) - plan.filler.begin();
  };
  CHECK(at("address-reserved") < at("srv-owner-format"));
  CHECK(at("srv-owner-format") < static_cast<std::ptrdiff_t>(plan.filler.size()));
}

TEST_CASE("rule schedule: the findings are the same with one two and three threads") {
  // Every zone of the rule fixtures, loaded together (each family's memos have records to
  // hold), linted with each number of threads: the stages free their memos as they end, and a
  // rule that read a freed memo or ran twice would show here.
  zl::ZoneSet set;
  const fs::path root = fs::path(ZONELINT_FIXTURES_DIR) / "rules";
  std::vector<fs::path> files;
  // Left out: the fixtures under a config of their own (some are broken on purpose).
  const auto has_config = [&](fs::path dir) {
    for (; dir != root && dir.has_relative_path(); dir = dir.parent_path())
      if (fs::exists(dir / ".zonelint.yaml")) return true;
    return false;
  };
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".zone" &&
        !has_config(e.path().parent_path()))
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    zl::LoadOptions opts;
    opts.parse.include_root = f.parent_path().string();
    (void)zl::load_file(set, f.string(), opts);
  }
  REQUIRE(set.zones.size() > 100);
  const auto findings = [&](unsigned jobs) {
    zl::CliPolicy cli;
    cli.check_time = 1767225600;  // 2026-01-01T00:00:00Z, as the fixtures are checked
    zl::Config config(std::move(cli));
    const zl::LintResult result = zl::lint(set, config, nullptr, jobs);
    std::vector<std::string> out;
    for (const zl::Diagnostic& d : result.diagnostics)
      out.push_back(std::string(d.rule) + ' ' + std::to_string(d.span.file) + ':' +
                    std::to_string(d.span.begin) + ' ' + d.message);
    return out;
  };
  const std::vector<std::string> one = findings(1);
  CHECK(one.size() > 200);
  for (int round = 0; round < 3; ++round) {
    CHECK(findings(2) == one);
    CHECK(findings(3) == one);
  }
}
