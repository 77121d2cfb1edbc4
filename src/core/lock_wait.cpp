#include "lock_wait.h"

#include <algorithm>
#include <random>

#include "core/quiet_log.h"

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
      key_(options.key),
      acquire_timeout_(options.acquire_timeout),
      logger_(options.logger),
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
  logWaiting(now);
  clock_.sleepFor(std::min(jittered(retry_interval_),
                           std::chrono::ceil<std::chrono::milliseconds>(deadline_ - now)));
  return Outcome::kRetry;
}

void LockWait::logWaiting(std::chrono::steady_clock::time_point now) {
  if (!logger_) return;
  using std::chrono::duration_cast;
  using std::chrono::seconds;
  std::string lock = "lock '" + key_ + "' held by '" + holder_.value_or("another owner") + "'";
  if (!waiting_since_) {
    waiting_since_ = last_logged_ = now;
    logQuietly(*logger_,
               {LogLevel::kInfo,
                "waiting for " + lock + " (giving up after " +
                    std::to_string(duration_cast<seconds>(acquire_timeout_).count()) + " s)"});
  } else if (now - last_logged_ >= kLogEvery) {
    last_logged_ = now;
    logQuietly(*logger_,
               {LogLevel::kWarn,
                "still waiting for " + lock + " after " +
                    std::to_string(duration_cast<seconds>(now - *waiting_since_).count()) + " s"});
  }
}

}  // namespace flamingock::detail
