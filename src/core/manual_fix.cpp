#include "manual_fix.h"

#include "flamingock/error.h"
#include "flamingock/version.h"
#include "identity.h"
#include "job_work.h"
#include "planner.h"

namespace flamingock::detail {
namespace {

// What `markResolved` records, as `recordOf` takes it: the change's current entry, with the
// code's checksum when marked applied. Throws, saying why, when a person may not fix it so.
AuditEntry entryToFix(const AuditHistory& history, const std::string& change_id,
                      Resolution resolution, const std::optional<std::string>& code_checksum) {
  const AuditEntry* current = history.current(change_id);
  if (current == nullptr) {
    throw Error("change '" + change_id + "' is not in the audit log; nothing to fix");
  }
  if (current->unreadable()) {
    throw Error("change '" + change_id + "' has an audit entry that cannot be read (item '" +
                current->unreadable_key + "': " + current->unreadable_reason +
                "): repair or delete that item; a fix cannot be ordered after an entry whose "
                "time is unknown");
  }
  std::string state(toString(current->state));
  if (!isUnfinished(*current) && !inAppliedState(*current)) {
    throw Error("change '" + change_id + "' has no issue to fix: its current state is " + state +
                " (only STARTED, FAILED and ROLLBACK_FAILED changes, and applied changes whose " +
                "code changed, can be fixed)");
  }
  AuditEntry fixed = *current;
  if (resolution == Resolution::kApplied && code_checksum) fixed.checksum = *code_checksum;
  if (isUnfinished(*current)) return fixed;
  if (resolution == Resolution::kRolledBack) {
    throw OptionError("change '" + change_id + "' is " + state +
                      ": marking it rolled back would leave its effect in place; undo it " +
                      "instead (Runner::undo down to it runs its rollback and records " +
                      "ROLLED_BACK)");
  }
  if (!code_checksum) {
    throw ChecksumUnknownError("change '" + change_id + "' is " + state +
                               ": accepting an edit records the checksum of its code, and no " +
                               "code of it was given");
  }
  if (!drifted(*current, *code_checksum)) {
    throw OptionError("change '" + change_id + "' is " + state +
                      " and has not drifted (checksum in the log: " +
                      (current->checksum.empty() ? "none" : current->checksum) +
                      ", in the code: " + *code_checksum + "): nothing to fix");
  }
  return fixed;
}

}  // namespace

ManualFix::ManualFix(AuditStore& store, std::string lock_key, std::shared_ptr<Clock> clock)
    : ManualFix(store, LockOptions{.key = std::move(lock_key)}, std::move(clock)) {}

ManualFix::ManualFix(AuditStore& store, LockOptions lock, std::shared_ptr<Clock> clock)
    : store_(store),
      lock_(std::move(lock)),
      // The system clock lives for the program: nothing to delete.
      clock_(clock ? std::move(clock) : std::shared_ptr<Clock>(&Clock::system(), [](Clock*) {})),
      host_(hostName()),
      runner_id_(newRunnerId(host_)),
      execution_id_(newExecutionId()) {
  if (lock_.key.empty()) throw ConfigurationError("the lock key must not be empty");
}

AuditEntry ManualFix::recordOf(const AuditEntry& current, AuditState state) const {
  AuditEntry entry = current;
  entry.execution_id = execution_id_;
  entry.author = std::string(kManualAuthor);
  entry.state = state;
  entry.metadata = {};
  entry.execution_millis = std::chrono::milliseconds(0);
  entry.execution_hostname = host_;
  entry.error_trace = "";
  entry.runner_id = runner_id_;
  entry.library_version = std::string(libraryVersion());
  return entry;
}

void ManualFix::underLock(const Work& work) {
  // Its destructor releases the lock if `work` throws.
  std::unique_ptr<Lock> lock = store_.createLock(lock_, runner_id_, clock_);
  lock->acquire();
  // Read again under the lock: a run or another fix may have moved the log on meanwhile.
  AuditHistory history(store_.readHistory());
  HybridClock created_at(*clock_);
  created_at.observe(history.latestCreatedAt());
  work(history, *lock, created_at);
  lock->release();
}

std::vector<AuditEntry> ManualFix::appendUnderLock(const Decide& decide) {
  std::vector<AuditEntry> entries;
  underLock([&](const AuditHistory& history, const Lock& lock, HybridClock& created_at) {
    entries = decide(history);
    for (AuditEntry& entry : entries) {
      entry.created_at = created_at.next();
      store_.append(entry, lock.fence());
    }
  });
  return entries;
}

AuditEntry ManualFix::markResolved(const std::string& change_id, Resolution resolution,
                                   const std::optional<std::string>& code_checksum) {
  // Refuse before locking: a wrong id or a healthy change should not wait for a busy lock.
  AuditHistory history(store_.readHistory());
  entryToFix(history, change_id, resolution, code_checksum);
  refuseWhileJobsRun(store_, history, "a fix", change_id);
  AuditState state = resolution == Resolution::kApplied ? AuditState::kManualMarkedAsApplied
                                                        : AuditState::kManualMarkedAsRolledBack;
  return appendUnderLock([&](const AuditHistory& history) {
           return std::vector<AuditEntry>{
               recordOf(entryToFix(history, change_id, resolution, code_checksum), state)};
         })
      .front();
}

}  // namespace flamingock::detail
