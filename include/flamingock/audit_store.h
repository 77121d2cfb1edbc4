// Where the audit log lives and where the lock comes from: the engine's only persistence.
//
// `flamingock::testing::InMemoryAuditStore` (testing.h) and `dynamodb::DynamoDBAuditStore`
// implement it. A run calls, in this order:
//
//   store.initialize();                                  // not on dry runs
//   AuditHistory history(store.readHistoryForPlanning());
//   auto lock = store.createLock(options, runner_id, clock);
//   lock->acquireWhile(still_pending);                  // re-reads the log while it waits
//   store.append(started_entry, lock->fence());          // non-transactional changes
//   store.commitTransaction(*tx, applied_entry, lock->fence());   // transactional changes
//   store.appendUnlessExists(failed_entry, applied_key, lock->fence());   // on known failure
//   lock->release();
//
// Contract for implementations:
// - Every method may be called from several threads at once: one store may serve several runners.
// - Copies of a concrete store (it is passed to the builder by value) are handles to the same log.
// - Writes are appends: a run never updates or deletes an entry.
// - Writes are fenced: `append` and `commitTransaction` write only if, at the moment of the
//   write and atomically with it, the lock `fence.lock_key` is owned by `fence.owner`; otherwise
//   they write nothing and throw LockLostError naming key and owner.
// - A write that returns wrote. A retried request whose first attempt may have succeeded is
//   resolved by reading (or by an idempotency token), never by guessing.
// - A write throws OutcomeUnknownError when it cannot learn whether it took effect (its answer
//   was lost and reading back failed too); any other error means that nothing was written.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flamingock/audit_entry.h"
#include "flamingock/clock.h"
#include "flamingock/job_store.h"
#include "flamingock/lock.h"
#include "flamingock/progress_store.h"
#include "flamingock/store_role.h"
#include "flamingock/target_system.h"

namespace flamingock {

class AuditStore {
 public:
  virtual ~AuditStore() = default;

  // Prepares the store (creates missing tables, checks their shape). Idempotent; safe when
  // several processes do it at once. Throws ConfigurationError naming what does not fit.
  virtual void initialize() = 0;

  // Every entry of the log, read consistently (writes acknowledged before the call are seen),
  // in no particular order. A store that was never initialised reads as empty.
  virtual std::vector<AuditEntry> readHistory() = 0;

  // What the engine plans with, at every start: readHistory(), except that an implementation may
  // fill only `change_id`, `state`, `created_at`, `tx_strategy`, `checksum`, `execution_hostname`
  // and `error_trace` and leave the other fields at their defaults, to read less
  // (docs/tables.md#reading). The default returns readHistory().
  virtual std::vector<AuditEntry> readHistoryForPlanning();

  // Appends `entry` if `fence` holds (see the contract above).
  virtual void append(const AuditEntry& entry, const Fence& fence) = 0;

  // Appends `entry` if `fence` holds and no entry with partition key `absent_key` exists, both
  // checked atomically with the write. Returns false, having written nothing, when that entry
  // exists. The engine writes FAILED so, conditional on the APPLIED entry of the same execution
  // and change, so that a FAILED can never stand over a commit that landed.
  virtual bool appendUnlessExists(const AuditEntry& entry, const std::string& absent_key,
                                  const Fence& fence) = 0;

  // Whether `commitTransaction` can commit transactions that `target` begins. Checked when the
  // pipeline is validated. False by default.
  virtual bool canCommitTransactionsOf(const TargetSystem& target) const;

  // Commits the change's writes collected in `transaction`, the `entry` (APPLIED, TX_SHARED) and
  // the fence check all together or not at all, and only while the same execution's FAILED entry
  // of the change is absent. `entry.execution_id` and `entry.change_id` are unique to this commit:
  // a store may derive an idempotency token from them. Throws LockLostError when the fence failed,
  // OutcomeUnknownError when whether it committed could not be learned, Error (naming the change)
  // when it has not committed. An attempt still in flight (its answer lost) may then land later,
  // until the engine records FAILED with appendUnlessExists: with the two conditions, at most one
  // of APPLIED and FAILED ever exists for one execution. The default throws ConfigurationError.
  virtual void commitTransaction(TargetTransaction& transaction, const AuditEntry& entry,
                                 const Fence& fence);

  // What a person should know before `transaction` commits (DynamoDB: its tables are global
  // tables whose items replicate one by one), for the run's log; none (the default) when nothing.
  // Does not throw: what it cannot learn, it says.
  virtual std::optional<std::string> transactionWarning(TargetTransaction& transaction);

  // The part this store's place plays when its log is replicated (store_role.h); may read the
  // store's tables' descriptions once. A follower's run takes no lock and writes nothing, and the
  // store refuses to lock or write there (undo, baseline, fix) with ConfigurationError naming the
  // home. Throws ConfigurationError when the log is replicated and where to write is not set. The
  // default: kSingle.
  virtual StoreRole role();

  // A lock handle for `owner` (the runner id) on `options.key`, not yet acquired. The handle may
  // outlive this store object: it keeps what it needs, and shares `clock` with the runner.
  virtual std::unique_ptr<Lock> createLock(const LockOptions& options, const std::string& owner,
                                           std::shared_ptr<Clock> clock) = 0;

  // Where changes keep the progress of long-running work under the run's lock (progress_store.h),
  // owned by the store and valid as long as it; null (the default) when the store keeps none: a
  // change that needs it then fails with ConfigurationError naming the change.
  virtual ProgressStore* progressStore();

  // Where background changes' jobs live (job_store.h), owned by the store and valid as long as
  // it; null (the default) when the store keeps none: a background change then fails with
  // ConfigurationError naming the change.
  virtual JobStore* jobStore();

  // For administration: the lock `key` as stored, or none when it is free. The default throws
  // ConfigurationError: this audit store cannot describe its lock.
  virtual std::optional<LockDescription> describeLock(const std::string& key);

  // For administration, once the holder is known to be gone: releases the lock `seen.key` if it is
  // still exactly `seen` (same owner and version), whoever holds it. Returns false, having
  // released nothing, when it changed meanwhile; true when that lease is gone now. The default
  // throws ConfigurationError: this audit store cannot release a lock by force.
  virtual bool forceReleaseLock(const LockDescription& seen);

 protected:
  // For commitTransaction: `transaction` as the store's own kind `T`. Throws ConfigurationError
  // naming `store`, the change and its target system when it is another kind.
  template <class T>
  static T& transactionAs(TargetTransaction& transaction, const AuditEntry& entry,
                          std::string_view store) {
    if (auto* own = dynamic_cast<T*>(&transaction)) return *own;
    throwForeignTransaction(entry, store);
  }

 private:
  [[noreturn]] static void throwForeignTransaction(const AuditEntry& entry, std::string_view store);
};

}  // namespace flamingock
