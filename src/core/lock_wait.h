// The waiting half of acquiring a lock, shared by the library's locks (SPEC §6): the deadline of
// `acquire_timeout`, jittered pauses of about `retry_interval`, and the caller's reason to keep
// waiting.
//
//   LockWait wait(clock, options, still_needed);
//   while (!tryToTakeIt()) {
//     switch (wait.pause()) {
//       case LockWait::Outcome::kTimedOut: throw LockTimeoutError(...);
//       case LockWait::Outcome::kNoLongerNeeded: return false;
//       case LockWait::Outcome::kRetry: break;
//     }
//   }
#pragma once

#include <chrono>
#include <functional>

#include "flamingock/clock.h"
#include "flamingock/lock.h"

namespace flamingock::detail {

// Used from one thread, within one acquire; `still_needed` must outlive it.
class LockWait {
 public:
  enum class Outcome { kRetry, kNoLongerNeeded, kTimedOut };

  // The deadline starts now, by `clock`'s monotonic time.
  LockWait(Clock& clock, const LockOptions& options, const std::function<bool()>& still_needed);

  // After an attempt that found the lock held by another owner: kTimedOut once the deadline has
  // passed; otherwise pauses (never past the deadline), then asks `still_needed`.
  Outcome pause();

 private:
  Clock& clock_;
  std::chrono::milliseconds retry_interval_;
  std::chrono::steady_clock::time_point deadline_;
  const std::function<bool()>& still_needed_;
};

}  // namespace flamingock::detail
