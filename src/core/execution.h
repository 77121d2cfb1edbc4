// One run of a pipeline (docs/exactly-once.md#a-run, steps 2-6): plan, lock, apply, record, report.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "change_entry.h"
#include "core/execution_report.h"
#include "core/hybrid_clock.h"
#include "core/run_progress.h"
#include "flamingock/audit_history.h"
#include "flamingock/change_context.h"
#include "flamingock/lifecycle.h"
#include "flamingock/run_summary.h"
#include "pipeline.h"
#include "planner.h"

namespace flamingock::detail {

class Execution {
 public:
  // `options.up_to` names a change of the pipeline (checked by the runner).
  Execution(Pipeline& pipeline, RunOptions options = {});

  RunSummary run();

 private:
  void runPlanned();
  Plan readAndPlan();
  // The run's lock options: the pipeline's, telling the listeners and the report.
  LockOptions runLockOptions() const;
  // In a Region that follows `home` (StoreRole::kFollower): waits, writing nothing, until what
  // `plan` would apply arrives applied, and reports those changes skipped as applied there.
  void followHome(Plan plan, const std::string& home);
  void runUnderLock(Lock& lock);
  void reportDryRun(const Plan& plan);
  // The plan's stages in order: ManualInterventionRequiredError at the first blocked stage; each
  // change the run leaves out is skipped, each other one handed to `apply`.
  void forEachToApply(const Plan& plan, const std::function<void(const ResolvedChange&)>& apply);
  // For a plan with nothing to apply.
  void skipAll(const Plan& plan);
  // A change this run does not apply: already applied, or left out (see PlannedAction).
  void skip(const PlannedChange& planned);
  // Stamps the run's duration and tells the report and the listeners.
  void finish(std::chrono::steady_clock::time_point start);

  void applyNonTransactional(const ResolvedChange& change, const Fence& fence);
  void applyTransactional(const ResolvedChange& change, const Fence& fence);
  // A background change: its apply registers its job, which starts with its STARTED entry; the
  // fleet's workers do the work (execution_background.cpp).
  void applyBackground(const ResolvedChange& change, const Fence& fence);
  // Works on the jobs of the background changes `change` needs until they are done (within the
  // lock's acquire timeout), while `lock` is held. Throws Error naming them when one is not
  // applied then.
  void finishNeededJobs(const ResolvedChange& change, const Lock& lock);
  // For a change known not to have taken effect: records FAILED (and, when `run_rollback` and the
  // change has a rollback, its outcome), then throws ChangeFailedError. Returns, having written
  // nothing, only when the same execution's APPLIED entry of the change exists: a commit attempt
  // that was still in flight landed before FAILED could, so the change is applied after all.
  void fail(const ResolvedChange& change, const Fence& fence, const CaughtError& failure,
            std::chrono::milliseconds duration, bool run_rollback);
  std::optional<std::string> rollBack(const ResolvedChange& change, const Fence& fence);
  void succeed(const ResolvedChange& change, std::chrono::milliseconds duration);

  AuditEntry entryFor(const ResolvedChange& change, AuditState state);
  // A context for `change` in `progress`'s phase, whose long-running work keeps its progress
  // with `progress`.
  ChangeContext contextFor(const ResolvedChange& change, TargetTransaction* transaction,
                           RunProgress& progress);
  std::chrono::milliseconds since(std::chrono::steady_clock::time_point start) const;
  void notify(const std::function<void(Listener&)>& event);

  Pipeline& pipeline_;
  RunOptions options_;
  Clock& clock_;
  std::string execution_id_;
  std::string host_;
  std::string runner_id_;
  HybridClock created_at_;
  // The run's metadata as audit entries carry it: within an item's size.
  Metadata audit_metadata_;
  std::vector<TargetSystem*> targets_;
  RunSummary summary_;
  // What the progress of every change run under the lock shares; set once the lock is held.
  std::optional<ProgressRun> progress_run_;
  Metadata recorded_;                        // what the running change adds to its APPLIED entry
  std::unique_ptr<ExecutionReport> report_;  // none when the builder's logger is null
};

}  // namespace flamingock::detail
