#include "core/run_progress.h"

#include "flamingock/audit_entry.h"
#include "flamingock/error.h"

namespace flamingock::detail {

RunProgress::RunProgress(const ProgressRun& run, std::string change_id, ChangePhase phase)
    : run_(run), change_id_(std::move(change_id)), phase_(phase) {}

RunProgress::RunProgress(const ProgressRun& run, std::string change_id, JobRegistrar& registrar)
    : run_(run),
      change_id_(std::move(change_id)),
      phase_(ChangePhase::kApply),
      registrar_(&registrar) {}

std::optional<ProgressRecord> RunProgress::resumable(const ProgressKey& key) {
  ProgressStore& progress = store();
  // The attempt's own STARTED entry is in the log: an open chain is this attempt's. A closed one
  // (the rollback of an attempt that just failed) has nothing to resume.
  AttemptChain current = chain();
  std::optional<ProgressRecord> stored = progress.read(key);
  if (!stored || !current.open || stored->attempt_chain != current.id) return std::nullopt;
  return stored;
}

void RunProgress::save(ProgressRecord record) {
  ProgressStore& progress = store();
  AttemptChain current = chain();
  record.attempt_chain = current.id.empty() ? run_.execution_id : current.id;
  Fence fence = run_.lock.fence();
  record.runner_id = fence.owner;
  record.updated_at = formatCreatedAt(run_.clock.wallNow());
  progress.write(record, fence);
}

void RunProgress::ensureLockHeld() const { run_.lock.ensureHeld(); }

void RunProgress::report(const ProgressEvent& event) {
  if (run_.tell) run_.tell(event);
}

void RunProgress::recordInAppliedEntry(const std::string& name, const std::string& value) {
  if (phase_ == ChangePhase::kApply && run_.applied_metadata != nullptr) {
    (*run_.applied_metadata)[name] = value;
  }
}

ProgressStore& RunProgress::store() const {
  ProgressStore* progress = run_.store.progressStore();
  if (progress == nullptr) {
    throw ConfigurationError("change '" + change_id_ +
                             "' keeps the progress of long-running work (a data migration), but "
                             "its audit store keeps none (AuditStore::progressStore() is null)");
  }
  return *progress;
}

AttemptChain RunProgress::chain() {
  std::lock_guard lock(mutex_);
  if (!chain_) chain_ = attemptChainOf(run_.store.readHistory(), change_id_);
  return *chain_;
}

}  // namespace flamingock::detail
