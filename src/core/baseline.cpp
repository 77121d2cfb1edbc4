#include "baseline.h"

#include "change_entry.h"
#include "flamingock/error.h"
#include "manual_fix.h"
#include "planner.h"

namespace flamingock::detail {
namespace {

// The pending changes up to the target, in order; ManualInterventionRequiredError (whose commands
// the CLI rewrites as its own) when any up to it needs a person.
std::vector<const ResolvedChange*> selectForBaseline(const Pipeline& pipeline,
                                                     const AuditHistory& history,
                                                     const std::string& up_to) {
  PlanOptions options = planOptionsOf(pipeline, up_to);
  Plan plan = planRun(pipeline.stages, history, options);
  std::vector<const ResolvedChange*> selected;
  std::vector<BlockedChange> refused;
  for (const StagePlan& stage : plan.stages) {
    refused.insert(refused.end(), stage.blocked.begin(), stage.blocked.end());
    bool reached = false;
    for (const PlannedChange& planned : stage.changes) {
      if (planned.apply()) selected.push_back(planned.change);
      reached = reached || planned.change->info.id == up_to;
    }
    if (reached) break;
  }
  if (!refused.empty()) throw ManualInterventionRequiredError(std::move(refused));
  return selected;
}

}  // namespace

BaselineSummary baselineChanges(Pipeline& pipeline, const BaselineOptions& options) {
  if (options.up_to.empty()) throw OptionError("baseline: --up-to is required");
  if (findChange(pipeline.stages, options.up_to) == nullptr) {
    throw OptionError("baseline: --up-to '" + options.up_to + "' is not a change of this pipeline");
  }
  BaselineSummary summary;
  summary.dry_run = options.dry_run;
  // Refuse before locking: a change that needs a person should not wait for a busy lock.
  AuditHistory history(pipeline.store->readHistoryForPlanning());
  std::vector<const ResolvedChange*> selected = selectForBaseline(pipeline, history, options.up_to);
  if (!options.dry_run && !selected.empty()) {
    // Adopting the tool starts here: the tables may not exist yet.
    pipeline.store->initialize();
    ManualFix fix(*pipeline.store, lockOptionsTellingListeners(pipeline), pipeline.clock);
    fix.appendUnderLock([&](const AuditHistory& locked) {
      selected = selectForBaseline(pipeline, locked, options.up_to);
      std::vector<AuditEntry> entries;
      for (const ResolvedChange* change : selected) {
        entries.push_back(
            fix.recordOf(describeChange(*change), AuditState::kManualMarkedAsApplied));
      }
      return entries;
    });
    summary.execution_id = fix.executionId();
  }
  for (const ResolvedChange* change : selected) summary.change_ids.push_back(change->info.id);
  return summary;
}

}  // namespace flamingock::detail
