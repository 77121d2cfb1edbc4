#include "lock_wait.h"

#include <algorithm>
#include <random>

namespace flamingock::detail {
namespace {

// Uniform in [interval, 3 * interval / 2]: waiters that started together spread out, and none
// reads the lock more than once per interval.
std::chrono::milliseconds jittered(std::chrono::milliseconds interval) {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  std::uniform_real_distribution<double> share(1.0, 1.5);
  return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(
      static_cast<double>(interval.count()) * share(engine)));
}

}  // namespace

LockWait::LockWait(Clock& clock, const LockOptions& options,
                   const std::function<bool()>& still_needed)
    : clock_(clock),
      retry_interval_(options.retry_interval),
      deadline_(clock.monotonicNow() + options.acquire_timeout),
      still_needed_(still_needed) {}

LockWait::Outcome LockWait::sawHolder(const std::optional<std::string>& holder) {
  if (!noted_ || holder == holder_) {
    noted_ = true;
    holder_ = holder;
    return Outcome::kRetry;
  }
  if (rechecks_ >= kRechecksPerWait) return Outcome::kRetry;
  holder_ = holder;
  ++rechecks_;
  return still_needed_() ? Outcome::kRetry : Outcome::kNoLongerNeeded;
}

LockWait::Outcome LockWait::pause() {
  auto now = clock_.monotonicNow();
  if (now >= deadline_) return Outcome::kTimedOut;
  clock_.sleepFor(std::min(jittered(retry_interval_),
                           std::chrono::ceil<std::chrono::milliseconds>(deadline_ - now)));
  return Outcome::kRetry;
}

}  // namespace flamingock::detail
