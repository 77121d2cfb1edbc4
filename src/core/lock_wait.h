// The waiting half of acquiring a lock, shared by the library's locks
// (docs/exactly-once.md#waiting-and-taking-over-a-dead-holders-lock): the deadline of
// `acquire_timeout`, jittered pauses of at least `retry_interval`, and the caller's reason to keep
// waiting, asked only when the lock changed hands (asking re-reads the audit log: a Scan).
//
//   LockWait wait(clock, options, still_needed);
//   while (true) {
//     std::optional<std::string> holder = readHolder();
//     if (wait.sawHolder(holder) == LockWait::Outcome::kNoLongerNeeded) return false;
//     if (tryToTakeIt()) return true;
//     if (wait.pause(holder, expires_at) == LockWait::Outcome::kTimedOut) throw ...;
//   }
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "flamingock/clock.h"
#include "flamingock/lock.h"

namespace flamingock::detail {

// Uniform in [interval, 3 * interval / 2]: waiters that started together spread out, and none
// reads more than once per interval.
std::chrono::milliseconds jittered(std::chrono::milliseconds interval);

// Used from one thread, within one acquire; `still_needed` must outlive it.
class LockWait {
 public:
  enum class Outcome { kRetry, kNoLongerNeeded, kTimedOut };

  // How often a wait asks `still_needed` at most: with the caller's own read before the wait, a
  // waiter reads the audit log at most three times per wait, whatever its length.
  static constexpr int kRechecksPerWait = 2;

  // The deadline starts now, by `clock`'s monotonic time.
  LockWait(Clock& clock, const LockOptions& options, const std::function<bool()>& still_needed);

  // After each read of the lock: `holder` is its owner, none when free. The first call only
  // notes it (the caller decided it needs the lock just before); later ones ask `still_needed`
  // when the holder differs from the one last noted, up to kRechecksPerWait times, and return
  // kNoLongerNeeded when it says no.
  Outcome sawHolder(const std::optional<std::string>& holder);

  // After an attempt that found the lock held by `holder`, another owner, whose lease ends at
  // `expires_at` (none: the lock has no lease): kTimedOut once the deadline has passed; otherwise
  // pauses at least the retry interval (never past the deadline). At the wait's first pause it
  // tells the options' on_wait_started and logger, and the logger again each minute after.
  Outcome pause(const std::string& holder,
                std::optional<std::chrono::system_clock::time_point> expires_at);

  // How often a long wait is logged.
  static constexpr std::chrono::minutes kLogEvery{1};

 private:
  void started(const std::string& holder,
               std::optional<std::chrono::system_clock::time_point> expires_at);
  void logStillWaiting(std::chrono::steady_clock::time_point now, const std::string& holder);

  Clock& clock_;
  std::string key_;
  std::chrono::milliseconds acquire_timeout_;
  std::shared_ptr<Logger> logger_;
  std::function<void(const LockWaitStartedEvent&)> on_wait_started_;
  std::chrono::milliseconds retry_interval_;
  std::chrono::steady_clock::time_point deadline_;
  const std::function<bool()>& still_needed_;
  bool noted_ = false;
  std::optional<std::string> holder_;
  int rechecks_ = 0;
  std::optional<std::chrono::steady_clock::time_point> waiting_since_;
  std::chrono::steady_clock::time_point last_logged_;
};

}  // namespace flamingock::detail
