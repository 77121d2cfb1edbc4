#include "lock_wait.h"

#include <algorithm>
#include <random>

#include "core/quiet_log.h"
#include "flamingock/listener.h"

namespace flamingock::detail {

std::chrono::milliseconds jittered(std::chrono::milliseconds interval) {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  std::uniform_real_distribution<double> share(1.0, 1.5);
  return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(
      static_cast<double>(interval.count()) * share(engine)));
}

LockWait::LockWait(Clock& clock, const LockOptions& options,
                   const std::function<bool()>& still_needed)
    : clock_(clock),
      key_(options.key),
      acquire_timeout_(options.acquire_timeout),
      logger_(options.logger),
      on_wait_started_(options.on_wait_started),
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

LockWait::Outcome LockWait::pause(const std::string& holder,
                                  std::optional<std::chrono::system_clock::time_point> expires_at) {
  auto now = clock_.monotonicNow();
  if (now >= deadline_) return Outcome::kTimedOut;
  if (!waiting_since_) {
    waiting_since_ = last_logged_ = now;
    started(holder, expires_at);
  } else if (now - last_logged_ >= kLogEvery) {
    last_logged_ = now;
    logStillWaiting(now, holder);
  }
  clock_.sleepFor(std::min(jittered(retry_interval_),
                           std::chrono::ceil<std::chrono::milliseconds>(deadline_ - now)));
  return Outcome::kRetry;
}

void LockWait::started(const std::string& holder,
                       std::optional<std::chrono::system_clock::time_point> expires_at) {
  if (on_wait_started_) {
    // Observing the wait must not break it, as a listener cannot break a run.
    try {
      on_wait_started_({key_, holder, expires_at, acquire_timeout_});
    } catch (...) {
    }
  }
  if (!logger_) return;
  logQuietly(*logger_,
             {LogLevel::kInfo,
              "waiting for lock '" + key_ + "' held by '" + holder + "' (giving up after " +
                  std::to_string(
                      std::chrono::duration_cast<std::chrono::seconds>(acquire_timeout_).count()) +
                  " s)"});
}

void LockWait::logStillWaiting(std::chrono::steady_clock::time_point now,
                               const std::string& holder) {
  if (!logger_) return;
  auto waited = std::chrono::duration_cast<std::chrono::seconds>(now - *waiting_since_);
  logQuietly(*logger_,
             {LogLevel::kWarn, "still waiting for lock '" + key_ + "' held by '" + holder +
                                   "' after " + std::to_string(waited.count()) + " s"});
}

}  // namespace flamingock::detail
