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

#include "flamingock/listener.h"
#include "flamingock/progress_store.h"

namespace flamingock {

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
};

}  // namespace flamingock
