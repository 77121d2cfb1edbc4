// The engine's ChangeProgress (docs/architecture.md#long-running-changes): a change's long-running
// work keeps its progress in the run's audit store (AuditStore::progressStore()), fenced by the
// run's lock and resumed only within the change's open chain of attempts (core/attempt_chain.h).
// One per change context, of a run or an undo.
//
//   RunProgress progress({store, lock, clock, execution_id, tell, &applied_metadata}, "backfill");
//   ChangeContext context(info, execution_id, metadata, target, targets, nullptr, &progress);
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "core/attempt_chain.h"
#include "flamingock/audit_store.h"
#include "flamingock/change_progress.h"
#include "flamingock/clock.h"
#include "flamingock/lock.h"
#include "flamingock/metadata.h"

namespace flamingock::detail {

// What every change's progress of one run (or undo) shares; all outlive the RunProgress.
struct ProgressRun {
  AuditStore& store;
  const Lock& lock;  // held while the change runs
  Clock& clock;      // dates the records
  const std::string& execution_id;
  std::function<void(const ProgressEvent&)> tell;  // to the listeners
  // Where the running change's APPLIED metadata goes; null for an undo.
  Metadata* applied_metadata = nullptr;
};

class RunProgress : public ChangeProgress {
 public:
  // For change `change_id` in `phase`: a rollback records nothing in an APPLIED entry.
  RunProgress(const ProgressRun& run, std::string change_id, ChangePhase phase);
  // For a background change's apply, which registers its job with `registrar` instead of working.
  RunProgress(const ProgressRun& run, std::string change_id, JobRegistrar& registrar);

  ChangePhase phase() const { return phase_; }

  std::optional<ProgressRecord> resumable(const ProgressKey& key) override;
  void save(ProgressRecord record) override;
  void ensureLockHeld() const override;
  void report(const ProgressEvent& event) override;
  void recordInAppliedEntry(const std::string& name, const std::string& value) override;
  JobRegistrar* jobRegistrar() override { return registrar_; }

 private:
  // The store's progress; throws ConfigurationError naming the change when it keeps none.
  ProgressStore& store() const;
  // The change's latest chain of attempts, read from the log once.
  AttemptChain chain();

  const ProgressRun& run_;
  std::string change_id_;
  ChangePhase phase_;
  std::mutex mutex_;
  std::optional<AttemptChain> chain_;
  JobRegistrar* registrar_ = nullptr;
};

}  // namespace flamingock::detail
