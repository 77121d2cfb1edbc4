// What a change's context offers long-running work (a data migration): progress kept under the
// run's lock, resumed only by the attempts it belongs to, progress events for the listeners, and
// metadata for the APPLIED entry (docs/architecture.md#long-running-changes).
//
//   ChangeProgress& progress = ctx.progress();
//   ProgressKey key{ctx.change().id, ctx.phase(), ctx.startMigration()};
//   ProgressRecord record = progress.resumable(key).value_or(ProgressRecord{.key = key});
//   ... work, and now and then:
//   progress.ensureLockHeld();
//   progress.save(record);
//   progress.report({.change_id = key.change_id, .subject = "orders", .scanned = n});
//   progress.recordInAppliedEntry("migration.scanned", std::to_string(n));
//
// The engine implements it on the run's audit store (`AuditStore::progressStore()`) and lock;
// tests of a user's change may implement it too.
#pragma once

#include <optional>
#include <string>

#include "flamingock/error.h"
#include "flamingock/job_store.h"
#include "flamingock/listener.h"
#include "flamingock/progress_store.h"

namespace flamingock {

// What the run offers a background change's apply (ChangeInfo::background): the change describes
// its job instead of doing the work, and returns; the run then starts the job.
class JobRegistrar {
 public:
  virtual ~JobRegistrar() = default;
  // Records what the job is. Throws Error naming the change when called twice in one apply.
  virtual void registerJob(const JobDefinition& definition) = 0;
};

// A job as a worker reads it again while it works: how operators steer it now.
struct JobNow {
  JobRecord job{};            // as stored now: its state (PAUSED?) and the fleet's rate
  int parts_in_progress = 0;  // claimed by some worker and not done, across the fleet
};

// What a worker offers a background change's apply: the parts of its job the worker claims. The
// work runs on the parts it is given, saving each part's progress, until none is left to claim.
class JobParts {
 public:
  virtual ~JobParts() = default;
  // The job as stored.
  virtual const JobRecord& job() const = 0;
  // Whether the change's own definition is the job's (its fingerprint); when not, the work must
  // not touch the job, and the worker says so once.
  virtual bool accepts(const JobDefinition& own) = 0;
  // A part nobody works on now, claimed for this worker: never claimed, or its owner silent for a
  // whole lease of this worker's monotonic clock. None when no part is free. Thread-safe.
  virtual std::optional<JobPart> claim() = 0;
  // Saves a claimed part's counts, state and done, fenced by owner and version (JobStore::save).
  // Thread-safe. Throws LockLostError naming the part when another worker took it over.
  virtual void save(JobPart& part) = 0;
  // The worker is stopping (its service shuts down): the work saves its parts and returns within
  // one page of each.
  virtual bool stopRequested() const = 0;
  // Reads the job again (docs/operations.md#steering-a-migration): the work calls it at every
  // checkpoint and obeys, writing nothing while the job is PAUSED and keeping to its share of the
  // fleet's rate. Listeners hear of a pause, resume or new rate seen here. Thread-safe.
  virtual JobNow refresh() = 0;
  // Quarantines `item` (JobStore::quarantine) and returns how many items of the job failed so
  // far. Thread-safe.
  virtual int quarantine(const FailedItem& item) = 0;
};

// The work of a background change stopped for a reason a later try may cure (a network failure,
// a part taken over): the job is not failed, and a worker tries again later.
class WorkInterruptedError : public Error {
 public:
  using Error::Error;
};

class ChangeProgress {
 public:
  virtual ~ChangeProgress() = default;

  // The record of `key` an earlier attempt of this change's open chain of attempts saved
  // (docs/exactly-once.md#data-migrations-which-checkpoint-is-resumed); none when the work starts
  // afresh: no record, or one of an attempt that ended.
  virtual std::optional<ProgressRecord> resumable(const ProgressKey& key) = 0;

  // Writes `record` fenced by the run's lock, with its attempt_chain (the open chain's, or this
  // execution's when there is none), runner_id and updated_at (ISO-8601, by the run's clock)
  // filled in. Thread-safe. Throws LockLostError when the lock is lost (nothing written).
  virtual void save(ProgressRecord record) = 0;

  // Throws LockLostError naming the lock, its owner and why unless the run still holds its lock.
  // May be called from any thread.
  virtual void ensureLockHeld() const = 0;

  // Tells the run's listeners (Listener::onProgress); what they throw is ignored. Called from the
  // change's thread: listeners get events from the runner's thread.
  virtual void report(const ProgressEvent& event) = 0;

  // Adds `name` = `value` to the metadata of this attempt's APPLIED entry; ignored in a rollback
  // and in an undo, which record no APPLIED entry.
  virtual void recordInAppliedEntry(const std::string& name, const std::string& value) = 0;

  // Non-null when the run registers a background change's job: the apply describes it here and
  // returns. Null (the default) otherwise.
  virtual JobRegistrar* jobRegistrar() { return nullptr; }
  // Non-null when a worker runs a background change's apply on its job's parts. Null (the
  // default) otherwise.
  virtual JobParts* jobParts() { return nullptr; }
};

}  // namespace flamingock
