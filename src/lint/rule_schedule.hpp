// How the rules phase hands its tasks (the rules, and one more: the suppression comments) to the
// threads of --jobs, so that two threads do not hold two families' memos at once.
//
// Why: a family's memos (lint/memo_scope.hpp: every SPF record parsed and its include tree
// walked, the MX sets, the DMARC and DKIM records parsed) are the largest part of the rules'
// memory, and they are freed once the family's last rule has run. With each thread working
// through its own share of the rules, two families ran at once, one per thread (the SPF
// memos on one, the DMARC and DKIM memos and findings on the other), and each thread's
// allocations come from a malloc heap of its own (glibc's arenas), which does not reuse what
// the other thread frees: on the 1M-record bench zone the rules phase added ~68 MiB to the peak
// with 2 threads against ~34 with one.
//
// So the families with large memos are stages, run one after the other, and every other task
// (rules with no memo or small ones, the suppression scan) is filler:
// - thread 0 (the calling thread) opens each stage: it runs the stage's first task, the one
//   that makes the family's memos (rules/memo_scopes.cpp lists it first), so the memos are
//   made on one thread, in one heap, where the next family's memos reuse the space; then it
//   runs the stage's other tasks, and at the stage's end it waits for the last ones to return
//   and opens the next stage (filler taken then held the next stage up for as long as it ran);
//   after the last stage, it runs filler;
// - the other threads take the stage's tasks (in their order, not thread 0's own) once the
//   opener has made a memo and while no memo is being made (RuleContext::making_memo), and
//   filler otherwise, so that nobody waits for a memo and filler is left for the next
//   openings and the last stage's end; with no filler left, they take the stage's tasks all
//   the same (during its opening too: such a task waits for the memos inside). Until the
//   eighteenth round they ran all the filler first, which was gone after the first stage
//   (the mail rules), and then waited at each later opening (1M-record bench zone, traced
//   under chrt -f 50: ~320 of the two threads' 1,340 ms in the rules phase idle or waiting
//   for a memo, now 150-230; the phase 670 -> 628 ms, medians of 6 alternating runs);
// - the next stage opens only when every task of this one has returned, so that its memos
//   are freed first (MemoReleases in the engine);
// - the stages' rules with the most findings, and those that make a stage's later memos
//   (run_plan's `home`), are thread 0's alone, which starts them right after the opener: with
//   them on the other thread, whose heap had held only filler's scratch, the findings of
//   dkim-syntax and dmarc-policy-none and the RRsets memo (then filler) grew that heap from
//   ~0 to 9.3 MiB on the 1M-record bench zone, all of it above what --jobs 1 needs; now ~4.5.
// A thread with nothing to take waits for a task to return (which may open the next stage).
// Measured on the 1M-record bench zone, --jobs 2: RSS at the end of the rules phase 307 ->
// ~285 MiB (--jobs 1: 257), the run's peak 310 -> 291 MiB (medians of 7), wall time unchanged
// within the noise (a shared, loaded machine). What stays above --jobs 1: the parse's own
// thread heaps (12-18 MiB resident that no rules thread reuses) and this thread's growth.

#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "core/heap.hpp"

namespace zl {

class StagedTasks {
 public:
  // `stages`: lists of tasks, run one list after the other (the first task of each alone,
  // on thread 0); `filler`: the other tasks, in the order to hand them out. Every task once.
  // `home`: tasks of the stages that only thread 0 takes (the rules whose findings are many on
  // a large zone: they stand to the end of the run, and made on another thread they take room
  // in that thread's heap, which no other thread reuses, where on thread 0 they fill the room
  // the stages' memos left; see run_plan). The other threads take a stage's other tasks.
  StagedTasks(std::vector<std::vector<std::size_t>> stages, std::vector<std::size_t> filler,
              const std::vector<std::size_t>& home = {});

  // What the memos are doing (RuleContext: making_memo, memos_made).
  struct MemoActivity {
    bool making = false;   // some thread is making a memo now
    std::size_t made = 0;  // memos made so far
  };
  // Tells the schedule what the memos are doing: the other threads take a stage's tasks only
  // once the stage's opener has made a memo (or returned) and while no memo is being made,
  // and run filler otherwise (see take_locked). Called with the schedule's lock held; must not
  // call back into it.
  void set_memo_activity(std::function<MemoActivity()> activity) {
    activity_ = std::move(activity);
  }

  // Whether thread 0 takes filler while the last tasks of a stage run on the other threads,
  // instead of waiting for them to return (the default: see take_locked). Over many small
  // zones each task is short (10,000 zones: a few ms), so the next stage opens at most that
  // much later, and thread 0 no longer idles at each stage's end (~2 ms of a --jobs 2 run);
  // on a large zone a filler rule runs 100-400 ms, and taken there it held the next stage up
  // while the other threads ran out of filler.
  void set_filler_at_stage_ends(bool on) { filler_at_stage_ends_ = on; }

  // The next task for thread `thread` (0: the one that opens the stages), if one can be taken
  // now; `finished()` says whether none is left at all. Does not wait (next() does).
  std::optional<std::size_t> try_take(unsigned thread);
  // Every task has been handed out (or stop() was called).
  bool finished() const;
  // Task `task`, handed out earlier, has returned.
  void done(std::size_t task);
  // Hands out no more tasks (a task threw).
  void stop();

  // try_take, waiting while none can be taken yet; nullopt once none is left.
  std::optional<std::size_t> next(unsigned thread);

 private:
  std::optional<std::size_t> take_locked(unsigned thread);
  bool finished_locked() const;
  bool is_home(std::size_t task) const { return task < home_.size() && home_[task] != 0; }

  mutable std::mutex mutex_;
  std::condition_variable changed_;  // a task finished, or stop()
  std::vector<std::vector<std::size_t>> stages_;
  std::vector<std::size_t> filler_;
  std::vector<char> home_;        // by task: thread 0's only
  std::size_t stage_ = 0;         // the stage running or next to open
  std::size_t taken_ = 0;         // tasks of stages_[stage_] handed out
  std::vector<char> handed_;      // by place in stages_[stage_]: handed out
  std::size_t finished_ = 0;      // tasks of stages_[stage_] returned
  std::size_t filler_taken_ = 0;  // tasks of filler_ handed out
  bool opener_returned_ = false;  // stages_[stage_]'s first task has returned
  std::size_t made_at_open_ = 0;  // MemoActivity::made when stages_[stage_] opened
  std::function<MemoActivity()> activity_;
  bool stopped_ = false;
  bool filler_at_stage_ends_ = false;
};

// A thread started ahead of the work it will do, which runs the jobs posted to it one after
// the other. The engine starts one when lint() begins, so that the rules' second thread is up
// by the time the rules start (starting it then cost 0.1-0.5 ms of the main thread's and the
// phase's time on an idle machine, up to 4 ms under load, while the main thread set the run
// up), and the same thread frees the rules' context afterwards (no second thread started).
class HelperThread {
 public:
  // Starts the thread: it reserves its heap (core/heap.hpp) and waits for jobs.
  HelperThread();
  HelperThread(const HelperThread&) = delete;
  HelperThread& operator=(const HelperThread&) = delete;
  // Stops the thread once the jobs posted have run, and joins it (unless finish() took it).
  ~HelperThread();
  // Runs `job` on the thread after those posted before. A job must not throw.
  void post(std::function<void()> job);
  // Returns once every job posted so far has returned (what they wrote is visible then).
  void wait();
  // No more jobs: the thread ends once those posted have run. Returns it (joining it waits
  // for them).
  std::jthread finish();

 private:
  struct State {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::function<void()>> jobs;  // posted, not started
    std::size_t unfinished = 0;               // posted, not returned
    bool stopping = false;
  };
  static void loop(State& state);
  std::shared_ptr<State> state_ = std::make_shared<State>();  // the thread holds it too
  std::jthread thread_;
};

// Runs body(task) for every task of `tasks` on `jobs` threads (the calling thread is thread 0),
// in the order StagedTasks hands them out. If a call throws, no further task is handed out and
// the first exception is rethrown once the threads have stopped. The same guarantees as
// parallel_for (core/parallel.hpp): each task must write its own slot.
// `helper`, when given, is thread 1 (the others are started here).
template <class Body>
void run_staged(StagedTasks& tasks, unsigned jobs, Body&& body, HelperThread* helper = nullptr) {
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto work = [&](unsigned thread) {
    while (const std::optional<std::size_t> task = tasks.next(thread)) {
      try {
        body(*task);
      } catch (...) {
        {
          const std::lock_guard<std::mutex> lock(failure_mutex);
          if (!failure) failure = std::current_exception();
        }
        tasks.stop();
      }
      tasks.done(*task);
    }
  };
  {
    std::vector<std::jthread> threads;
    threads.reserve(jobs > 1 ? jobs - 1 : 0);
    const unsigned first = helper != nullptr && jobs > 1 ? 2 : 1;
    if (first == 2) helper->post([&] { work(1); });
    for (unsigned t = first; t < jobs; ++t) {
      threads.emplace_back([&, t] {
        reserve_thread_heap();  // a new thread's heap: huge pages (core/heap.hpp)
        work(t);
      });
    }
    work(0);
    if (first == 2) helper->wait();
  }  // joins: every write of every task happens before what follows
  if (failure) std::rethrow_exception(failure);
}

}  // namespace zl
