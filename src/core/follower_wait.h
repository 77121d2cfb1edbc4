// A run in a Region whose audit log is a read-only replica (StoreRole::kFollower,
// docs/operations.md#several-regions): it takes no lock and writes nothing; it waits, as a lock
// waiter does, until what it would apply arrives applied from the home Region.
//
//   FollowerWait wait(store, clock, lock_options, "us-east-1");
//   plan = wait.untilApplied(std::move(plan), [&] { return readAndPlan(); });
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "flamingock/audit_store.h"
#include "flamingock/clock.h"
#include "flamingock/lock.h"
#include "planner.h"

namespace flamingock::detail {

class FollowerWait {
 public:
  // How many pauses at most pass between two reads of the log while the lock item looks the same:
  // a home run may take and release its lock between two looks at it.
  static constexpr int kPausesPerRead = 10;

  // Waits on `clock` up to `options.acquire_timeout`, pausing about `options.retry_interval`,
  // telling `options.logger`.
  FollowerWait(AuditStore& store, Clock& clock, const LockOptions& options, std::string home);

  // Returns the first plan that needs no lock (Plan::needsLock), `plan` itself when it needs none.
  // Between pauses it reads only the replicated lock item `options.key` (one small read) and
  // re-plans (`replan`, which reads the log) when that item changed since the last look, or
  // after kPausesPerRead pauses. Throws LockTimeoutError naming the home Region and the changes
  // still pending when the wait limit passes.
  Plan untilApplied(Plan plan, const std::function<Plan()>& replan);

 private:
  // The lock item's owner and version, or none when the lock is free.
  std::optional<std::pair<std::string, std::string>> lookAtLock();
  [[noreturn]] void timedOut(const Plan& plan) const;

  AuditStore& store_;
  Clock& clock_;
  LockOptions options_;
  std::string home_;
  std::optional<std::pair<std::string, std::string>> lock_seen_;
};

}  // namespace flamingock::detail
