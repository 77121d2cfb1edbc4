// What the tools do with an audit log without the code of its changes, for the CLI and for a
// person's own scripts: read the log, list the changes that need a person with their remedy, tell
// one change's story, and record a person's decision on one; see the lock and clear a dead
// runner's; see how far each change's long-running work has come. Undo, baseline, validate, and a
// fix that records the code's checksum need the code: they are on Runner.
//
//   Administration admin(store);
//   for (const Issue& issue : admin.issues()) {
//     ChangeStory story = admin.story(issue.current.change_id);  // what happened, oldest first
//   }
//   admin.fix("create-orders", Resolution::kRolledBack);  // the next run applies it again
//   if (auto lock = admin.lockStatus("DEFAULT_KEY")) admin.forceReleaseLock(*lock);  // owner gone
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "flamingock/audit_entry.h"
#include "flamingock/audit_history.h"
#include "flamingock/audit_store.h"
#include "flamingock/clock.h"
#include "flamingock/error.h"
#include "flamingock/job_store.h"
#include "flamingock/lifecycle.h"
#include "flamingock/lock.h"
#include "flamingock/progress_store.h"

namespace flamingock {

struct AdministrationOptions {
  LockOptions lock{};              // the lock a decision is recorded under, as a run takes it
  std::shared_ptr<Clock> clock{};  // stamps the entries and drives the lock; none: the system's
};

// A change whose current state blocks its stage until a person resolves it: STARTED,
// non-transactional FAILED or ROLLBACK_FAILED with the MANUAL_INTERVENTION strategy recorded, or
// an entry that cannot be read (docs/exactly-once.md#what-the-next-run-does-with-each-state).
struct Issue {
  AuditEntry current{};  // its latest entry; unreadable(): only its id, key and reason
  Remedy remedy{};       // kMarkResolved, or kRepairEntry when that entry cannot be read
};

// One change as the audit log tells it.
struct ChangeStory {
  std::vector<AuditEntry> entries{};  // oldest first: by createdAt, then the state that wins
  AuditEntry current{};               // the entry that gives its state
  // Its outcome is unfinished (STARTED, FAILED, ROLLBACK_FAILED): a person may record how it
  // ended with fix, even when the next run would retry it by itself.
  bool unfinished = false;
  // APPLIED or MANUAL_MARKED_AS_APPLIED: runs skip it; only such a change can have drifted.
  bool applied = false;
  // The current entry belongs to an undo running the change's rollback, not to a run applying it.
  bool undoing = false;
  std::optional<Issue> issue{};  // set when it blocks its stage
};

// The progress records of the work of each change's latest chain of attempts
// (docs/exactly-once.md#data-migrations-which-checkpoint-is-resumed): what its last attempt did or
// the current one is doing. By change id; each change's records in phase, then index order.
using MigrationStatus = std::map<std::string, std::vector<ProgressRecord>>;

// A background change's job and its parts as its workers left them
// (docs/operations.md#background-migrations).
struct JobStatus {
  JobRecord job{};
  std::vector<JobPart> parts{};  // the parts ever claimed, by index
  ItemCounts totals() const;     // of every part claimed, done or under way
  // The owners of the parts claimed and not done: the workers at work (or gone, until their
  // lease runs out).
  std::vector<std::string> workers() const;
};

// Not thread-safe: one call at a time per object. Each call reads the log again.
class Administration {
 public:
  // Throws ConfigurationError when `store` is null.
  explicit Administration(std::shared_ptr<AuditStore> store, AdministrationOptions options = {});

  // Every entry, and each change's current entry.
  AuditHistory readLog();

  // The changes that need a person, oldest current entry first; in `log` when given (a log
  // readLog returned, so that one read serves several questions), else in the log read now.
  std::vector<Issue> issues();
  static std::vector<Issue> issues(const AuditHistory& log);

  // Throws Error when the log has no entry of `change_id`.
  ChangeStory story(const std::string& change_id);
  static ChangeStory story(const AuditHistory& log, const std::string& change_id);

  // Records, under the lock, MANUAL_MARKED_AS_APPLIED or MANUAL_MARKED_AS_ROLLED_BACK for an
  // unfinished change; or accepts the edit of an applied change whose recorded checksum differs
  // from `code_checksum` (its checksum in the code) with MANUAL_MARKED_AS_APPLIED carrying it.
  // Returns the entry written. Throws, writing nothing: ChecksumUnknownError when the change is
  // applied and no `code_checksum` is given, OptionError when an applied change is to be marked
  // rolled back (that is Runner::undo) or has not drifted, Error when the change is not in the
  // log, in another state, or its latest entry cannot be read; LockError when the lock cannot be
  // taken.
  AuditEntry fix(const std::string& change_id, Resolution resolution,
                 const std::optional<std::string>& code_checksum = std::nullopt);

  // Steering a background change's job from any machine (docs/operations.md#steering-a-migration):
  // recorded on the job, obeyed by every worker at its next read of the job (an item migration's:
  // within a second). Each returns the job as it is now. Throws ConfigurationError when the store
  // keeps no jobs, Error naming the change when it has no job or its job ended (acceptJobFailures,
  // cancelJob: see there); setJobRate OptionError naming a rate below 0 or not finite. Pausing:
  // from then on (an item migration: within a second, at most one checkpoint interval), no worker
  // writes for the job (they keep their parts).
  JobRecord pauseJob(const std::string& change_id);
  JobRecord resumeJob(const std::string& change_id);
  // Items per second for the whole fleet, shared among the parts being worked on; 0: no limit.
  JobRecord setJobRate(const std::string& change_id, double items_per_second);
  // Accepts the job's failed items: the change is APPLIED with them in its metadata instead of
  // FAILED. An unfinished job is steered: those so far and any to come are accepted, and it ends
  // APPLIED. A job that ended FAILED with every part done and items failed, whose change's latest
  // entry is still that FAILED entry, is ended now, under the lock (as fix): the job becomes DONE
  // and the change's APPLIED entry (the FAILED one's, with the totals and migration.failedItems in
  // its metadata, as a worker records them) is appended in one write, so that runs take the
  // change for applied. A DONE job is returned as it is: nothing is left to accept. Throws Error,
  // writing nothing, naming the change and why when a FAILED job's failures cannot be accepted
  // (its work stopped with parts left, no item failed, or the log moved on since: run it again)
  // and when the job was cancelled; LockError when the lock cannot be taken.
  JobRecord acceptJobFailures(const std::string& change_id);
  // Cancels the unfinished (RUNNING or PAUSED) job of `change_id`
  // (docs/operations.md#cancelling-a-job), under the lock (as fix): the job becomes CANCELLED and
  // the change's FAILED entry (of the job's execution, after every entry, its error trace of type
  // JobCancelled) is appended in one write. Its workers stop at their next read of the job; none
  // can finish it; the change is then FAILED as any failed change: the next run retries it with a
  // new job (ALWAYS_RETRY) or blocks on it (MANUAL_INTERVENTION), and undo and fix act on it.
  // Returns the job as it is now. Throws Error, writing nothing, naming the change when it has no
  // job or its job ended (its state named); LockError when the lock cannot be taken. The
  // Administration has no listeners: none hears of the failure.
  JobRecord cancelJob(const std::string& change_id);
  // The items of the job of `change_id` that failed and were quarantined, by key; none when it
  // has no job.
  std::vector<FailedItem> failedItems(const std::string& change_id);

  // The lock `key` as the store holds it (AuditStore::describeLock); none when it is free. Throws
  // ConfigurationError when the store cannot describe its lock.
  std::optional<LockDescription> lockStatus(const std::string& key);

  // For a holder known to be gone: releases the lock `seen.key` only if it is still exactly `seen`
  // (what lockStatus returned: same owner and version). Returns false, having released nothing,
  // when it changed since; true when that lease is gone now. Throws ConfigurationError when the
  // store cannot release its lock by force.
  bool forceReleaseLock(const LockDescription& seen);

  // The progress of every change's work, of `change_id` only when given, its chains of attempts
  // taken from `log` when given (a log readLog returned), else from the log read now. Empty when
  // the store keeps no progress (AuditStore::progressStore()).
  MigrationStatus migrationStatus(const std::string& change_id = "");
  MigrationStatus migrationStatus(const AuditHistory& log, const std::string& change_id = "");

  // The jobs of background changes with their parts, by change id; of `change_id` alone when
  // given. Empty when the store keeps no jobs (AuditStore::jobStore()).
  std::vector<JobStatus> jobs(const std::string& change_id = "");

 private:
  std::shared_ptr<AuditStore> store_;
  AdministrationOptions options_;
};

}  // namespace flamingock
