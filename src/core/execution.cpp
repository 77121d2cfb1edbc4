#include "execution.h"

#include <algorithm>

#include "entry_bounds.h"
#include "flamingock/error.h"
#include "flamingock/version.h"
#include "follower_wait.h"
#include "identity.h"

namespace flamingock::detail {
namespace {

using std::chrono::milliseconds;

// Appends `entry`; on failure returns why, naming the entry, instead of throwing, so that the
// failure being recorded is not hidden by the failure to record it.
std::optional<std::string> tryAppend(AuditStore& store, const AuditEntry& entry,
                                     const Fence& fence) {
  try {
    store.append(entry, fence);
    return std::nullopt;
  } catch (const std::exception& e) {
    return "its " + std::string(toString(entry.state)) +
           " audit entry could not be written: " + e.what();
  }
}

// What became of a FAILED entry the engine tried to record.
struct FailedRecord {
  bool applied_exists = false;         // refused: the same execution's APPLIED entry exists
  std::optional<std::string> problem;  // why FAILED is not recorded; none when it is
};

// Records FAILED unless the same execution's APPLIED entry of the change exists, so that a
// FAILED never stands over a commit that landed (and, as a commit lands only while FAILED is
// absent, no attempt of it still in flight lands after). Failures are returned, as by tryAppend.
FailedRecord tryRecordFailed(AuditStore& store, const AuditEntry& failed, const Fence& fence) {
  AuditEntry applied = failed;
  applied.state = AuditState::kApplied;
  try {
    if (store.appendUnlessExists(failed, applied.partitionKey(), fence)) return {};
    return {.applied_exists = true};
  } catch (const OutcomeUnknownError& e) {
    return {false,
            "whether its FAILED audit entry was written is unknown: " + std::string(e.what())};
  } catch (const std::exception& e) {
    return {false, "its FAILED audit entry could not be written: " + std::string(e.what())};
  }
}

// The type of the exception being handled; its message goes to the caller, who reports it.
std::string currentErrorType() {
  try {
    throw;
  } catch (const std::exception& e) {
    return typeName(typeid(e));
  } catch (...) {
    return "unknown exception";
  }
}

// Stops the run when `what` (a commit, an audit write) may or may not have happened: writing
// anything more could contradict it.
[[noreturn]] void stopWithUnknownOutcome(const std::string& what, const OutcomeUnknownError& e) {
  throw OutcomeUnknownError(what + " is unknown (" + e.what() +
                            "); nothing more was written: the next run decides from the audit "
                            "log");
}

}  // namespace

Execution::Execution(Pipeline& pipeline, RunOptions options)
    : pipeline_(pipeline),
      options_(std::move(options)),
      clock_(*pipeline.clock),
      execution_id_(newExecutionId()),
      host_(hostName()),
      runner_id_(newRunnerId(host_)),
      created_at_(clock_),
      audit_metadata_(boundedMetadata(pipeline.metadata)) {
  for (const auto& target : pipeline_.targets) targets_.push_back(target.get());
  summary_.execution_id = execution_id_;
  summary_.dry_run = pipeline_.dry_run;
  if (pipeline_.logger)
    report_ = std::make_unique<ExecutionReport>(pipeline_.logger, execution_id_);
}

RunSummary Execution::run() {
  auto start = clock_.monotonicNow();
  try {
    runPlanned();
  } catch (...) {
    if (report_) report_->onRunFailed(currentErrorType());
    finish(start);
    throw;
  }
  finish(start);
  return summary_;
}

void Execution::finish(std::chrono::steady_clock::time_point start) {
  summary_.total_duration = since(start);
  notify([&](Listener& listener) { listener.onFinished(summary_); });
}

void Execution::runPlanned() {
  AuditStore& store = *pipeline_.store;
  // A dry run changes nothing, not even by creating the store's tables.
  if (!pipeline_.dry_run) store.initialize();
  Plan plan = readAndPlan();
  notify([&](Listener& listener) {
    listener.onStarted({execution_id_, pipeline_.dry_run, plan.pendingIds()});
  });
  if (pipeline_.dry_run) return reportDryRun(plan);
  StoreRole role = store.role();
  if (report_) report_->onStoreRole(role);
  if (!plan.needsLock()) return skipAll(plan);
  if (std::optional<std::string> home = role.writesElsewhere()) return followHome(plan, *home);
  std::unique_ptr<Lock> lock = store.createLock(runLockOptions(), runner_id_, pipeline_.clock);
  // Runners started together all find the same changes pending; the first applies them. The
  // others re-read the log while they wait, and finish as soon as nothing is left, instead of
  // taking the lock in turn only to find that out.
  bool needed = lock->acquireWhile([&] {
    plan = readAndPlan();
    return plan.needsLock();
  });
  if (!needed) return skipAll(plan);
  try {
    runUnderLock(*lock);
  } catch (...) {
    lock->release();
    throw;
  }
  lock->release();
}

LockOptions Execution::runLockOptions() const {
  LockOptions options = lockOptionsTellingListeners(pipeline_);
  if (report_) options.logger = report_->logger();
  return options;
}

void Execution::followHome(Plan plan, const std::string& home) {
  std::vector<std::string> waited_for = plan.pendingIds();
  plan = FollowerWait(*pipeline_.store, clock_, runLockOptions(), home)
             .untilApplied(std::move(plan), [&] { return readAndPlan(); });
  for (StagePlan& stage : plan.stages) {
    for (PlannedChange& planned : stage.changes) {
      if (std::find(waited_for.begin(), waited_for.end(), planned.change->info.id) !=
          waited_for.end()) {
        planned.reason = "applied in home Region " + home;
      }
    }
  }
  skipAll(plan);
}

Plan Execution::readAndPlan() {
  AuditHistory history(pipeline_.store->readHistoryForPlanning());
  created_at_.observe(history.latestCreatedAt());
  return planRun(pipeline_.stages, history, planOptionsOf(pipeline_, options_.up_to));
}

void Execution::runUnderLock(Lock& lock) {
  // Another runner may have applied changes while this one waited for the lock.
  Plan plan = readAndPlan();
  Fence fence = lock.fence();
  progress_run_.emplace(ProgressRun{*pipeline_.store, lock, clock_, execution_id_,
                                    [this](const ProgressEvent& event) {
                                      notify(
                                          [&](Listener& listener) { listener.onProgress(event); });
                                    },
                                    &recorded_});
  forEachToApply(plan, [&](const ResolvedChange& change) {
    lock.ensureHeld();
    finishNeededJobs(change, lock);
    if (change.info.background) {
      applyBackground(change, fence);
    } else if (change.info.transactional) {
      applyTransactional(change, fence);
    } else {
      applyNonTransactional(change, fence);
    }
  });
}

void Execution::reportDryRun(const Plan& plan) {
  forEachToApply(plan, [&](const ResolvedChange& change) {
    summary_.changes.push_back(
        {change.info.id, change.stage_id, ChangeStatus::kPlanned, milliseconds(0), ""});
  });
}

void Execution::forEachToApply(const Plan& plan,
                               const std::function<void(const ResolvedChange&)>& apply) {
  for (const StagePlan& stage : plan.stages) {
    if (!stage.blocked.empty()) throw ManualInterventionRequiredError(stage.blocked);
    for (const PlannedChange& planned : stage.changes) {
      if (planned.apply()) {
        apply(*planned.change);
      } else {
        skip(planned);
      }
    }
  }
}

void Execution::skipAll(const Plan& plan) {
  for (const StagePlan& stage : plan.stages) {
    for (const PlannedChange& planned : stage.changes) skip(planned);
  }
}

void Execution::skip(const PlannedChange& planned) {
  static constexpr std::pair<PlannedAction, ChangeStatus> kStatuses[] = {
      {PlannedAction::kSkip, ChangeStatus::kSkipped},
      {PlannedAction::kDisabled, ChangeStatus::kDisabled},
      {PlannedAction::kExcluded, ChangeStatus::kExcluded},
      {PlannedAction::kWaiting, ChangeStatus::kWaiting},
      {PlannedAction::kInProgress, ChangeStatus::kInBackground},
  };
  ChangeStatus status = ChangeStatus::kSkipped;
  for (const auto& [action, mapped] : kStatuses) {
    if (action == planned.action) status = mapped;
  }
  const ResolvedChange& change = *planned.change;
  ChangeOutcome outcome{change.info.id, change.stage_id, status, milliseconds(0), "",
                        planned.reason};
  summary_.changes.push_back(outcome);
  if (report_) {
    report_->onChangeSkipped(outcome,
                             planned.reason.empty() ? planned.skip_reason : planned.reason);
  }
}

void Execution::applyNonTransactional(const ResolvedChange& change, const Fence& fence) {
  auto start = clock_.monotonicNow();
  try {
    pipeline_.store->append(entryFor(change, AuditState::kStarted), fence);
  } catch (const OutcomeUnknownError& e) {
    stopWithUnknownOutcome("whether the STARTED audit entry of change '" + change.info.id +
                               "' was written (the change was not applied)",
                           e);
  }
  RunProgress progress(*progress_run_, change.info.id, ChangePhase::kApply);
  ChangeContext context = contextFor(change, nullptr, progress);
  recorded_.clear();
  if (auto failure = capture([&] { change.change->apply(context); })) {
    fail(change, fence, *failure, since(start), true);
  }
  AuditEntry applied = entryFor(change, AuditState::kApplied);
  applied.execution_millis = since(start);
  applied.metadata.insert(recorded_.begin(), recorded_.end());
  try {
    pipeline_.store->append(applied, fence);
  } catch (const OutcomeUnknownError& e) {
    stopWithUnknownOutcome(
        "change '" + change.info.id + "' was applied; whether its APPLIED audit entry was written",
        e);
  } catch (const std::exception& e) {
    std::string message = "change '" + change.info.id +
                          "' was applied but its APPLIED audit entry could not be written (it "
                          "stays STARTED until resolved): " +
                          e.what();
    if (dynamic_cast<const LockLostError*>(&e) != nullptr) throw LockLostError(message);
    throw Error(message);
  }
  succeed(change, applied.execution_millis);
}

void Execution::applyTransactional(const ResolvedChange& change, const Fence& fence) {
  auto start = clock_.monotonicNow();
  std::unique_ptr<TargetTransaction> transaction = change.target->beginTransaction();
  RunProgress progress(*progress_run_, change.info.id, ChangePhase::kApply);
  ChangeContext context = contextFor(change, transaction.get(), progress);
  // Nothing of a failed transactional change was committed: there is nothing to roll back.
  if (auto failure = capture([&] { change.change->apply(context); })) {
    fail(change, fence, *failure, since(start), false);
  }
  if (report_) {
    if (std::optional<std::string> warning = pipeline_.store->transactionWarning(*transaction)) {
      report_->onTransactionWarning(change.info.id, *warning);
    }
  }
  AuditEntry applied = entryFor(change, AuditState::kApplied);
  applied.execution_millis = since(start);
  try {
    pipeline_.store->commitTransaction(*transaction, applied, fence);
  } catch (const LockLostError&) {
    throw;
  } catch (const OutcomeUnknownError& e) {
    stopWithUnknownOutcome("whether the transaction of change '" + change.info.id +
                               "' committed (it did if its APPLIED entry '" +
                               applied.partitionKey() + "' is in the log)",
                           e);
  } catch (const std::exception& e) {
    // The store found nothing committed; an attempt still in flight lands only if it comes
    // before FAILED, and then fail() returns.
    fail(change, fence, {typeName(typeid(e)), e.what()}, since(start), false);
  }
  succeed(change, applied.execution_millis);
}

void Execution::fail(const ResolvedChange& change, const Fence& fence, const CaughtError& failure,
                     milliseconds duration, bool run_rollback) {
  AuditEntry failed = entryFor(change, AuditState::kFailed);
  failed.execution_millis = duration;
  failed.error_trace = boundedErrorTrace(failure.type, failure.message);
  FailedRecord record = tryRecordFailed(*pipeline_.store, failed, fence);
  if (record.applied_exists) return;
  std::optional<std::string> audit_problem = std::move(record.problem);
  if (audit_problem) {
    // Without a recorded FAILED the lock may be gone: undoing now could race its new holder.
    *audit_problem += "; rollback was not attempted";
  } else if (run_rollback && change.change->hasRollback()) {
    audit_problem = rollBack(change, fence);
  }
  ChangeOutcome outcome{change.info.id, change.stage_id, ChangeStatus::kFailed, duration,
                        failure.message};
  summary_.changes.push_back(outcome);
  notify([&](Listener& listener) { listener.onChangeFailed(outcome); });
  throw ChangeFailedError(change.info.id, failure.message, audit_problem.value_or(""));
}

std::optional<std::string> Execution::rollBack(const ResolvedChange& change, const Fence& fence) {
  auto start = clock_.monotonicNow();
  RunProgress progress(*progress_run_, change.info.id, ChangePhase::kRollback);
  ChangeContext context = contextFor(change, nullptr, progress);
  std::optional<CaughtError> failure;
  try {
    change.change->rollback(context);
  } catch (const std::exception& e) {
    failure = CaughtError{typeName(typeid(e)), e.what()};
  } catch (...) {
    failure = CaughtError{"unknown", "unknown exception"};
  }
  AuditEntry entry =
      entryFor(change, failure ? AuditState::kRollbackFailed : AuditState::kRolledBack);
  entry.invoked_method = change.origin.rollback_method;
  entry.execution_millis = since(start);
  if (failure) entry.error_trace = boundedErrorTrace(failure->type, failure->message);
  return tryAppend(*pipeline_.store, entry, fence);
}

void Execution::succeed(const ResolvedChange& change, milliseconds duration) {
  ChangeOutcome outcome{change.info.id, change.stage_id, ChangeStatus::kApplied, duration, ""};
  summary_.changes.push_back(outcome);
  notify([&](Listener& listener) { listener.onChangeApplied(outcome); });
}

AuditEntry Execution::entryFor(const ResolvedChange& change, AuditState state) {
  return stampedEntry(change, state, {execution_id_, host_, runner_id_, audit_metadata_},
                      created_at_.next());
}

ChangeContext Execution::contextFor(const ResolvedChange& change, TargetTransaction* transaction,
                                    RunProgress& progress) {
  return ChangeContext(change.info, execution_id_, pipeline_.metadata, change.target, targets_,
                       transaction, &progress, progress.phase());
}

milliseconds Execution::since(std::chrono::steady_clock::time_point start) const {
  return std::chrono::duration_cast<milliseconds>(clock_.monotonicNow() - start);
}

void Execution::notify(const std::function<void(Listener&)>& event) {
  // The report first: a listener's line should not come before the change it is about.
  if (report_) capture([&] { event(*report_); });
  tellListeners(pipeline_.listeners, event);
}

}  // namespace flamingock::detail
