#include "undo.h"

#include <algorithm>

#include "change_entry.h"
#include "entry_bounds.h"
#include "flamingock/change_context.h"
#include "flamingock/error.h"
#include "job_work.h"
#include "manual_fix.h"
#include "planner.h"
#include "run_progress.h"

namespace flamingock::detail {
namespace {

// The selected changes' code; throws Error, naming them, when any cannot be rolled back.
std::vector<const ResolvedChange*> rollbacksOf(const std::vector<const AuditEntry*>& selected,
                                               const Pipeline& pipeline) {
  std::vector<const ResolvedChange*> changes;
  std::string refused;
  for (const AuditEntry* entry : selected) {
    const ResolvedChange* change = findChange(pipeline.stages, entry->change_id);
    if (change == nullptr || !change->change->hasRollback()) {
      refused += (refused.empty() ? "'" : ", '") + entry->change_id + "'" +
                 (change == nullptr ? " (not in the code)" : "");
    }
    changes.push_back(change);
  }
  if (!refused.empty()) {
    throw Error("undo refused, nothing was changed: no rollback for " + refused);
  }
  return changes;
}

class Undo {
 public:
  Undo(Pipeline& pipeline, ManualFix& fix, UndoSummary& summary)
      : pipeline_(pipeline), fix_(fix), summary_(summary) {
    for (const auto& target : pipeline_.targets) targets_.push_back(target.get());
  }

  void rollBack(const ResolvedChange& change, const Lock& lock, HybridClock& created_at) {
    // As a run checks before each change: a lock lost since the last rollback stops the undo.
    lock.ensureHeld();
    Fence fence = lock.fence();
    AuditEntry entry = fix_.recordOf(describeChange(change), AuditState::kRolledBack);
    entry.invoked_method = change.origin.rollback_method;
    std::unique_ptr<TargetTransaction> transaction;
    if (change.info.transactional) {
      transaction = change.target->beginTransaction();
    } else {
      markStarted(entry, fence, created_at);
    }
    ProgressRun run{*pipeline_.store, lock, *pipeline_.clock, fix_.executionId(),
                    [this](const ProgressEvent& event) {
                      tellListeners(pipeline_.listeners,
                                    [&](Listener& listener) { listener.onProgress(event); });
                    }};
    RunProgress progress(run, change.info.id, ChangePhase::kRollback);
    ChangeContext context(change.info, fix_.executionId(), pipeline_.metadata, change.target,
                          targets_, transaction.get(), &progress, ChangePhase::kRollback);
    auto start = pipeline_.clock->monotonicNow();
    std::optional<CaughtError> failure = capture([&] { change.change->rollback(context); });
    entry.execution_millis = std::chrono::duration_cast<std::chrono::milliseconds>(
        pipeline_.clock->monotonicNow() - start);
    entry.created_at = created_at.next();
    if (!failure && transaction) {
      // Nothing of it lands if the commit fails: the change stays applied, and the undo stops.
      pipeline_.store->commitTransaction(*transaction, entry, fence);
    } else if (!failure) {
      pipeline_.store->append(entry, fence);
    } else {
      entry.state = AuditState::kRollbackFailed;
      entry.error_trace = boundedErrorTrace(failure->type, failure->message);
      pipeline_.store->append(entry, fence);
    }
    summary_.changes.push_back(
        {change.info.id, change.stage_id, !failure, failure ? failure->message : ""});
    if (failure) throw ChangeFailedError(change.info.id, "rollback failed: " + failure->message);
  }

 private:
  // A STARTED entry of the rollback, before its first write: from then on the change is not
  // applied but in an attempt, so when the rollback's outcome cannot be recorded the next run
  // handles it by its recovery strategy instead of skipping a change whose effect is undone.
  // The rollback's migrations chain their checkpoints to it.
  void markStarted(const AuditEntry& rolled_back, const Fence& fence, HybridClock& created_at) {
    AuditEntry started = rolled_back;
    started.state = AuditState::kStarted;
    started.created_at = created_at.next();
    pipeline_.store->append(started, fence);
  }

  Pipeline& pipeline_;
  ManualFix& fix_;
  UndoSummary& summary_;
  std::vector<TargetSystem*> targets_;
};

}  // namespace

void checkUndoOptions(const UndoOptions& options, const std::vector<Stage>& stages) {
  int given = (options.to ? 1 : 0) + (options.count ? 1 : 0) + (options.all ? 1 : 0);
  if (given > 1) throw OptionError("undo: give only one of --to, --count and --all");
  if (options.count && *options.count < 1) {
    throw OptionError("undo: --count must be at least 1, not " + std::to_string(*options.count));
  }
  if (options.to && findChange(stages, *options.to) == nullptr) {
    throw OptionError("undo: --to '" + *options.to + "' is not a change of this pipeline");
  }
}

std::vector<const AuditEntry*> selectForUndo(const AuditHistory& history,
                                             const UndoOptions& options) {
  std::vector<const AuditEntry*> applied;
  for (const AuditEntry* entry : history.currentEntries()) {
    if (!entry->unreadable() && inAppliedState(*entry)) applied.push_back(entry);
  }
  std::reverse(applied.begin(), applied.end());
  if (options.all) return applied;
  if (options.to) {
    auto to = std::find_if(applied.begin(), applied.end(), [&](const AuditEntry* entry) {
      return entry->change_id == *options.to;
    });
    if (to == applied.end()) {
      const AuditEntry* current = history.current(*options.to);
      throw OptionError(
          "undo: --to '" + *options.to + "' is not applied (" +
          (current ? "current state " + std::string(toString(current->state)) : "not in the log") +
          ")");
    }
    applied.erase(to + 1, applied.end());
    return applied;
  }
  std::size_t count = static_cast<std::size_t>(options.count.value_or(1));
  if (applied.size() > count) applied.resize(count);
  return applied;
}

UndoSummary undoChanges(Pipeline& pipeline, const UndoOptions& options) {
  checkUndoOptions(options, pipeline.stages);
  UndoSummary summary;
  summary.dry_run = options.dry_run;
  // Refuse before locking: a wrong selection should not wait for a busy lock.
  AuditHistory history(pipeline.store->readHistory());
  refuseWhileJobsRun(*pipeline.store, history, "undo");
  std::vector<const AuditEntry*> selected = selectForUndo(history, options);
  rollbacksOf(selected, pipeline);
  if (options.dry_run) {
    for (const AuditEntry* entry : selected) {
      summary.changes.push_back({entry->change_id, entry->stage_id, false, ""});
    }
    return summary;
  }
  if (selected.empty()) return summary;
  ManualFix fix(*pipeline.store, lockOptionsTellingListeners(pipeline), pipeline.clock);
  Undo undo(pipeline, fix, summary);
  fix.underLock([&](const AuditHistory& locked, const Lock& lock, HybridClock& created_at) {
    // A run or another undo may have moved the log on while this one waited for the lock.
    for (const ResolvedChange* change : rollbacksOf(selectForUndo(locked, options), pipeline)) {
      undo.rollBack(*change, lock, created_at);
    }
  });
  summary.execution_id = fix.executionId();
  return summary;
}

}  // namespace flamingock::detail
