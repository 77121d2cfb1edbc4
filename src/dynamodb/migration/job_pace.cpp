#include "dynamodb/migration/job_pace.h"

#include <algorithm>
#include <utility>

namespace flamingock::dynamodb::detail {

void JobPace::obey(const JobNow& now, int held) {
  double part = held > 0 ? double(held) / std::max(held, now.parts_in_progress) : 1;
  double fleet = now.job.rate.value_or(own_rate_);
  double share = fleet * part;
  bool changed = false;
  {
    std::lock_guard lock(mutex_);
    bool was_paused = std::exchange(paused_, now.job.state == JobState::kPaused);
    if (was_paused && !paused_) opened_.notify_all();
    changed = share != std::exchange(share_, share);
  }
  // Only a new share resets the pace: a rate lowered by throttling stays lowered meanwhile.
  if (changed) rate_.setCeiling(share);
  capacity_.setShare(part);
}

bool JobPace::pass(const std::function<bool()>& go_on) const {
  std::unique_lock lock(mutex_);
  while (paused_) {
    lock.unlock();
    if (!go_on()) return false;
    lock.lock();
    opened_.wait_for(lock, kHeldCheck, [&] { return !paused_; });
  }
  return true;
}

bool JobPace::paused() const {
  std::lock_guard lock(mutex_);
  return paused_;
}

}  // namespace flamingock::dynamodb::detail
