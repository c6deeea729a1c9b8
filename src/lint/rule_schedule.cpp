#include "lint/rule_schedule.hpp"

#include <algorithm>
#include <utility>

namespace zl {

StagedTasks::StagedTasks(std::vector<std::vector<std::size_t>> stages,
                         std::vector<std::size_t> filler)
    : stages_(std::move(stages)), filler_(std::move(filler)) {
  // Empty stages are left out: nothing would open them.
  std::erase_if(stages_, [](const std::vector<std::size_t>& s) { return s.empty(); });
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
      // Thread 0: the opener, then the stage's other tasks (it asks again only once the
      // opener has returned).
      if (thread == 0) return stage[taken_++];
      // The others: the stage's tasks once the opener has made the memos; while it makes them,
      // filler, or when none is left, a task of the stage all the same (it waits for the
      // memos inside, which costs no more than waiting here). In the last stage, filler
      // first: its findings stand to the end, where the peak is (it is last for having the
      // most: rules/memo_scopes.cpp), and made on thread 0 they fill the room the memos left
      // in its heap, where in another thread's heap they add to the peak (dkim-syntax on the
      // bench zone: 15 MB).
      const bool last = stage_ + 1 == stages_.size();
      if (taken_ > 0 && ((opener_done_ && !last) || !filler_left)) return stage[taken_++];
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
      if (std::find(stage.begin(), stage.begin() + static_cast<std::ptrdiff_t>(taken_), task) !=
          stage.begin() + static_cast<std::ptrdiff_t>(taken_)) {
        ++finished_;
        if (task == stage[0]) opener_done_ = true;
        if (finished_ == stage.size()) {  // the stage is over: the next one can open
          ++stage_;
          taken_ = 0;
          finished_ = 0;
          opener_done_ = false;
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
