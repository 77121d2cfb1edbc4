// Cancelling a background change's unfinished job (docs/operations.md#cancelling-a-job): the job
// ends CANCELLED and the change FAILED in one write under the run's lock, so that the change
// follows its recovery strategy as any failed change does, and no worker finishes the job.
#include "entry_bounds.h"
#include "flamingock/administration.h"
#include "flamingock/error.h"
#include "job_steering.h"
#include "job_store_of.h"
#include "manual_fix.h"

namespace flamingock {
namespace {

// Throws Error, naming the change and why, when `job` (none: the change has no job) cannot be
// cancelled: only an unfinished job is.
void checkCancellable(const std::string& change_id, const std::optional<JobRecord>& job) {
  if (!job || !unfinished(job->state)) {
    throw Error(detail::notSteerable(change_id, job ? std::optional(job->state) : std::nullopt,
                                     "cancelled"));
  }
}

// The entry the FAILED entry of a cancelled `job` is recorded from: the job's STARTED entry,
// else the change's latest readable one. Throws Error when `history` has neither.
const AuditEntry& entryToFail(const JobRecord& job, const AuditHistory& history) {
  for (const AuditEntry& entry : history.entries()) {
    if (entry.change_id == job.change_id && entry.execution_id == job.execution_id &&
        !entry.unreadable() && entry.state == AuditState::kStarted) {
      return entry;
    }
  }
  const AuditEntry* current = history.current(job.change_id);
  if (current == nullptr || current->unreadable()) {
    throw Error("the job of change '" + job.change_id +
                "' has no readable audit entry to record its FAILED entry from (the change's " +
                "latest entry is " + (current == nullptr ? "none" : "unreadable") +
                "): repair the log first");
  }
  return *current;
}

}  // namespace

JobRecord Administration::cancelJob(const std::string& change_id) {
  JobStore& jobs = detail::jobStoreOf(*store_);
  // Refuse before locking: a job that cannot be cancelled should not wait for a busy lock.
  std::optional<JobRecord> job = jobs.read(change_id);
  checkCancellable(change_id, job);
  // Under the run's lock: a run must not decide about the change between its two states.
  detail::ManualFix fix(*store_, options_.lock, options_.clock);
  fix.underLock([&](const AuditHistory& history, const Lock& lock, HybridClock& created_at) {
    std::optional<JobRecord> now = jobs.read(change_id);
    checkCancellable(change_id, now);
    AuditEntry failed = fix.recordOf(entryToFail(*now, history), AuditState::kFailed);
    failed.execution_id = now->execution_id;
    failed.error_trace = detail::boundedErrorTrace(
        "JobCancelled", "an operator cancelled the job of background change '" + change_id +
                            "' (migrations cancel, Administration::cancelJob) with " +
                            std::to_string(now->parts_done) + " of " +
                            std::to_string(now->definition.total_parts) +
                            " parts done; its workers stop at their next read of the job");
    failed.created_at = created_at.next();
    if (!jobs.cancel(*now, failed, lock.fence())) {
      checkCancellable(change_id, jobs.read(change_id));
      throw Error("the job of change '" + change_id +
                  "' changed while it was being cancelled; nothing was written: see its state " +
                  "(migrations status) and try again");
    }
  });
  return jobs.read(change_id).value();
}

}  // namespace flamingock
