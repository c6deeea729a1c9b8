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
      // Hands out the first task of the stage not handed out yet that `pick` accepts.
      const auto hand = [&](auto pick) -> std::optional<std::size_t> {
        for (std::size_t k = 0; k < stage.size(); ++k) {
          if (handed_[k] != 0 || !pick(stage[k])) continue;
          handed_[k] = 1;
          ++taken_;
          return stage[k];
        }
        return std::nullopt;
      };
      if (thread == 0) {
        // The opener; then thread 0's own tasks (home: only it takes them, so it starts them
        // first, and the others share the rest meanwhile), then the others in their order.
        if (taken_ == 0) made_at_open_ = activity_ ? activity_().made : 0;
        if (taken_ > 0)
          if (auto task = hand([&](std::size_t t) { return is_home(t); })) return task;
        return hand([](std::size_t) { return true; });
      }
      // The others take a task of the stage once it can likely run at once: the opener has
      // made a memo (or returned) and no memo is being made; else they run filler, and would
      // have waited for that memo inside the task. With no filler left, they take one all
      // the same once the stage is open (it waits for the memos inside, which costs no more
      // than waiting here). Never thread 0's own.
      const MemoActivity memos = activity_ ? activity_() : MemoActivity{};
      const bool ready = (opener_returned_ || memos.made > made_at_open_) && !memos.making;
      if (taken_ > 0 && (ready || !filler_left))
        if (auto task = hand([&](std::size_t t) { return !is_home(t); })) return task;
    } else if (thread == 0 && stage_ + 1 < stages_.size()) {
      // Every task of the stage is out, and another stage comes: thread 0 waits for the last
      // ones to return and opens it. Filler taken now would hold the next stage up for as
      // long as it runs (one of the mail rules, 100-400 ms on the bench zone), while the other
      // threads ran out of filler; unless every task is short (set_filler_at_stage_ends).
      if (!filler_at_stage_ends_) return std::nullopt;
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
        if (k == 0) opener_returned_ = true;
        ++finished_;
        if (finished_ == stage.size()) {  // the stage is over: the next one can open
          ++stage_;
          taken_ = 0;
          finished_ = 0;
          opener_returned_ = false;
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

HelperThread::HelperThread()
    : thread_([state = state_] {
        reserve_thread_heap();  // a new thread's heap: huge pages (core/heap.hpp)
        loop(*state);
      }) {}

HelperThread::~HelperThread() {
  if (thread_.joinable()) (void)finish();  // the returned thread joins as it goes
}

void HelperThread::post(std::function<void()> job) {
  {
    const std::lock_guard<std::mutex> lock(state_->mutex);
    state_->jobs.push_back(std::move(job));
    ++state_->unfinished;
  }
  state_->changed.notify_all();
}

void HelperThread::wait() {
  std::unique_lock<std::mutex> lock(state_->mutex);
  state_->changed.wait(lock, [&] { return state_->unfinished == 0; });
}

std::jthread HelperThread::finish() {
  {
    const std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stopping = true;
  }
  state_->changed.notify_all();
  return std::move(thread_);
}

void HelperThread::loop(State& state) {
  std::unique_lock<std::mutex> lock(state.mutex);
  for (;;) {
    state.changed.wait(lock, [&] { return !state.jobs.empty() || state.stopping; });
    if (state.jobs.empty()) return;  // stopping, and every job has run
    std::vector<std::function<void()>> jobs;
    jobs.swap(state.jobs);
    lock.unlock();
    for (std::function<void()>& job : jobs) {
      job();
      job = nullptr;  // what the job holds goes now, on this thread
    }
    lock.lock();
    state.unfinished -= jobs.size();
    state.changed.notify_all();
  }
}

}  // namespace zl
