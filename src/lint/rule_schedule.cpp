#include "lint/rule_schedule.hpp"

#include <algorithm>
#include <utility>

namespace zl {

StagedTasks::StagedTasks(std::vector<std::vector<std::size_t>> stages,
                         std::vector<std::size_t> filler, const std::vector<std::size_t>& home)
    : stages_(std::move(stages)), filler_(std::move(filler)) {
  // Empty stages are left out: nothing would open them.
  std::erase_if(stages_, [](const std::vector<std::size_t>& s) { return s.empty(); });
  for (const std::size_t t : home) {
    if (t >= home_.size()) home_.resize(t + 1, 0);
    home_[t] = 1;
  }
  if (!stages_.empty()) handed_.assign(stages_.front().size(), 0);
}

bool StagedTasks::finished_locked() const {
  if (stopped_) return true;
  if (filler_taken_ < filler_.size()) return false;
  // Past the last stage, or in it with every task handed out.
  return stage_ == stages_.size() ||
         (stage_ + 1 == stages_.size() && taken_ == stages_[stage_].size());
}

bool StagedTasks::finished() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return finished_locked();
}

std::optional<std::size_t> StagedTasks::take_locked(unsigned thread) {
  if (stopped_) return std::nullopt;
  const bool filler_left = filler_taken_ < filler_.size();
  if (stage_ < stages_.size()) {
    const std::vector<std::size_t>& stage = stages_[stage_];
    if (taken_ < stage.size()) {
      // The first task of the stage not handed out yet that `thread` may take.
      const auto hand = [&](bool home_too) -> std::optional<std::size_t> {
        for (std::size_t k = 0; k < stage.size(); ++k) {
          if (handed_[k] != 0 || (!home_too && is_home(stage[k]))) continue;
          handed_[k] = 1;
          ++taken_;
          return stage[k];
        }
        return std::nullopt;
      };
      // Thread 0: the opener, then the stage's other tasks (it asks again only once the
      // opener has returned).
      if (thread == 0) return hand(true);
      // The others: filler while there is some, then the stage's tasks (during the opening
      // all the same: such a task waits for the memos inside, which costs no more than
      // waiting here). Left to thread 0, the stage ends when its last task there returns, and
      // the next one opens at once: when the others took some of them, thread 0 waited at
      // each stage's end for theirs to return (a rule over 10,000 small zones runs 2 to 30 ms),
      // with filler left to run. In the last stage it also keeps the findings on thread 0:
      // they stand to the end, where the peak is (it is last for having the most:
      // rules/memo_scopes.cpp), and made there they fill the room the memos left in its heap,
      // where in another thread's heap they add to the peak (dkim-syntax on the bench zone:
      // 15 MB). Where the filler runs out before the stage does, the home tasks (run_plan:
      // the rules with the most findings) are left to thread 0 all the same.
      if (taken_ > 0 && !filler_left)
        if (const std::optional<std::size_t> task = hand(false)) return task;
    } else if (thread == 0 && stage_ + 1 < stages_.size()) {
      // Every task of the stage is out, and another stage comes: thread 0 waits for the last
      // ones to return and opens it. Filler taken now would hold the next stage up for as
      // long as it runs (one of the mail rules, 100-400 ms on the bench zone), while the other
      // threads ran out of filler.
      return std::nullopt;
    }
  }
  if (filler_left) return filler_[filler_taken_++];
  return std::nullopt;
}

std::optional<std::size_t> StagedTasks::try_take(unsigned thread) {
  const std::lock_guard<std::mutex> lock(mutex_);
  return take_locked(thread);
}

std::optional<std::size_t> StagedTasks::next(unsigned thread) {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    if (const std::optional<std::size_t> task = take_locked(thread)) return task;
    if (finished_locked()) return std::nullopt;
    changed_.wait(lock);
  }
}

void StagedTasks::done(std::size_t task) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (stage_ < stages_.size()) {
      const std::vector<std::size_t>& stage = stages_[stage_];
      // Only the current stage's tasks are out, besides filler.
      const auto k =
          static_cast<std::size_t>(std::find(stage.begin(), stage.end(), task) - stage.begin());
      if (k < stage.size() && handed_[k] != 0) {
        ++finished_;
        if (finished_ == stage.size()) {  // the stage is over: the next one can open
          ++stage_;
          taken_ = 0;
          finished_ = 0;
          handed_.assign(stage_ < stages_.size() ? stages_[stage_].size() : 0, 0);
        }
      }
    }
  }
  changed_.notify_all();
}

void StagedTasks::stop() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
  }
  changed_.notify_all();
}

}  // namespace zl
