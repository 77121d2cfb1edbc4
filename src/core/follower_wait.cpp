#include "follower_wait.h"

#include <algorithm>

#include "core/lock_wait.h"
#include "core/quiet_log.h"
#include "flamingock/error.h"

namespace flamingock::detail {
namespace {

// The changes `plan` would apply or that wait for a person: what the home Region has to finish.
std::string listUnfinished(const Plan& plan) {
  std::string text;
  auto add = [&](const std::string& id) { text += (text.empty() ? "'" : ", '") + id + "'"; };
  for (const StagePlan& stage : plan.stages) {
    for (const BlockedChange& blocked : stage.blocked) add(blocked.change_id);
  }
  for (const std::string& id : plan.pendingIds()) add(id);
  return text;
}

std::string secondsOf(std::chrono::milliseconds duration) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(duration).count()) + " s";
}

}  // namespace

FollowerWait::FollowerWait(AuditStore& store, Clock& clock, const LockOptions& options,
                           std::string home)
    : store_(store), clock_(clock), options_(options), home_(std::move(home)) {}

Plan FollowerWait::untilApplied(Plan plan, const std::function<Plan()>& replan) {
  if (!plan.needsLock()) return plan;
  auto deadline = clock_.monotonicNow() + options_.acquire_timeout;
  if (options_.logger) {
    logQuietly(
        *options_.logger,
        {LogLevel::kInfo, "this Region follows home Region " + home_ + ": waiting for changes " +
                              listUnfinished(plan) + " to be applied there (giving up after " +
                              secondsOf(options_.acquire_timeout) + ")"});
  }
  lock_seen_ = lookAtLock();
  int pauses_since_read = 0;
  while (true) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock_.monotonicNow());
    clock_.sleepFor(std::clamp(jittered(options_.retry_interval), std::chrono::milliseconds(0),
                               std::max(left, std::chrono::milliseconds(0))));
    bool last = clock_.monotonicNow() >= deadline;
    auto lock = lookAtLock();
    if (lock == lock_seen_ && ++pauses_since_read < kPausesPerRead && !last) continue;
    lock_seen_ = std::move(lock);
    pauses_since_read = 0;
    plan = replan();
    if (!plan.needsLock()) return plan;
    if (last) timedOut(plan);
  }
}

std::optional<std::pair<std::string, std::string>> FollowerWait::lookAtLock() {
  std::optional<LockDescription> lock = store_.describeLock(options_.key);
  if (!lock) return std::nullopt;
  return std::pair(lock->owner, lock->version);
}

void FollowerWait::timedOut(const Plan& plan) const {
  std::string holder = lock_seen_ ? lock_seen_->first : "";
  throw LockTimeoutError(options_.key, holder,
                         "this Region follows home Region " + home_ +
                             " and writes nothing: changes " + listUnfinished(plan) +
                             " were not applied there within " +
                             secondsOf(options_.acquire_timeout) +
                             " (the lock timeout); run them in the home Region " + home_ +
                             " or look at why its runs do not finish");
}

}  // namespace flamingock::detail
