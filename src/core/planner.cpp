#include "planner.h"

#include "profiles.h"

namespace flamingock::detail {
namespace {

BlockedChange blockedChange(const AuditEntry& current) {
  if (current.unreadable()) {
    return BlockedChange{current.change_id,
                         kUnreadableState,
                         "",
                         "",
                         current.unreadable_reason,
                         {RemedyKind::kRepairEntry, current.change_id}};
  }
  return BlockedChange{current.change_id,
                       std::string(toString(current.state)),
                       formatCreatedAt(current.created_at),
                       current.execution_hostname,
                       current.error_trace,
                       {RemedyKind::kMarkResolved, current.change_id}};
}

std::string skipReason(const AuditEntry& current, const ResolvedChange& change) {
  std::string reason =
      std::string(current.state == AuditState::kApplied ? "applied" : "marked applied") + " at " +
      formatCreatedAt(current.created_at);
  if (drifted(current, change.checksum)) reason += "; its checksum changed since (drift allowed)";
  return reason;
}

// What a run does with a change the decision table says to apply.
PlannedChange pending(const ResolvedChange& change, const PlanOptions& options, bool waiting) {
  if (!change.info.enabled) return {&change, PlannedAction::kDisabled, "disabled"};
  if (!admits(change.info.profiles, options.active_profiles)) {
    return {&change, PlannedAction::kExcluded,
            exclusionReason(change.info.profiles, options.active_profiles)};
  }
  if (waiting) return {&change, PlannedAction::kWaiting, "after target " + options.up_to};
  return {&change, PlannedAction::kApply, ""};
}

// Where the decision table puts a change in its stage's plan.
void planChange(StagePlan& stage_plan, const ResolvedChange& change, const AuditEntry* current,
                const PlanOptions& options, bool waiting) {
  switch (decide(current, change.info.recovery)) {
    case Decision::kApply:
      stage_plan.changes.push_back(pending(change, options, waiting));
      break;
    case Decision::kSkip:
      stage_plan.changes.push_back(
          {&change, PlannedAction::kSkip, "", skipReason(*current, change)});
      break;
    case Decision::kBlocked:
      stage_plan.blocked.push_back(blockedChange(*current));
      break;
  }
}

}  // namespace

PlanOptions planOptionsOf(const Pipeline& pipeline, std::string up_to) {
  return {pipeline.drift_allowed, pipeline.active_profiles, std::move(up_to)};
}

const ResolvedChange* findChange(const std::vector<Stage>& stages, std::string_view id) {
  for (const Stage& stage : stages) {
    for (const ResolvedChange& change : stage.resolved) {
      if (change.info.id == id) return &change;
    }
  }
  return nullptr;
}

bool inAppliedState(const AuditEntry& current) {
  return current.state == AuditState::kApplied ||
         current.state == AuditState::kManualMarkedAsApplied;
}

bool drifted(const AuditEntry& current, const std::string& code_checksum) {
  return inAppliedState(current) && !current.checksum.empty() && current.checksum != code_checksum;
}

bool isUnfinished(const AuditEntry& current) {
  return current.state == AuditState::kStarted || current.state == AuditState::kFailed ||
         current.state == AuditState::kRollbackFailed;
}

Decision decide(const AuditEntry* current, RecoveryStrategy recovery) {
  if (current == nullptr) return Decision::kApply;
  if (current->unreadable()) return Decision::kBlocked;
  if (inAppliedState(*current)) return Decision::kSkip;
  if (!isUnfinished(*current)) return Decision::kApply;  // rolled back, by a run or a person
  // A transactional change's writes commit with its APPLIED entry: FAILED means none did.
  if (current->state == AuditState::kFailed && current->tx_strategy == TxStrategy::kTxShared) {
    return Decision::kApply;
  }
  return recovery == RecoveryStrategy::kAlwaysRetry ? Decision::kApply : Decision::kBlocked;
}

bool Plan::needsLock() const {
  for (const StagePlan& stage : stages) {
    if (!stage.blocked.empty()) return true;
    for (const PlannedChange& change : stage.changes) {
      if (change.apply()) return true;
    }
  }
  return false;
}

std::vector<std::string> Plan::pendingIds() const {
  std::vector<std::string> ids;
  for (const StagePlan& stage : stages) {
    for (const PlannedChange& change : stage.changes) {
      if (change.apply()) ids.push_back(change.change->info.id);
    }
  }
  return ids;
}

Plan planRun(const std::vector<Stage>& stages, const AuditHistory& history,
             const PlanOptions& options) {
  Plan plan;
  bool waiting = false;  // past the target
  for (const Stage& stage : stages) {
    StagePlan& stage_plan = plan.stages.emplace_back();
    stage_plan.stage = &stage;
    for (const ResolvedChange& change : stage.resolved) {
      const AuditEntry* current = history.current(change.info.id);
      if (current != nullptr && drifted(*current, change.checksum)) {
        plan.drifts.push_back({change.info.id,
                               current->checksum,
                               change.checksum,
                               {RemedyKind::kAcceptEdit, change.info.id}});
      }
      if (change.info.background && current != nullptr && current->state == AuditState::kStarted) {
        stage_plan.changes.push_back(
            {&change, PlannedAction::kInProgress, "", "its job runs in the background"});
      } else {
        planChange(stage_plan, change, current, options, waiting);
      }
      if (change.info.id == options.up_to) waiting = true;
    }
  }
  if (!plan.drifts.empty() && !options.drift_allowed) throw DriftError(plan.drifts);
  return plan;
}

}  // namespace flamingock::detail
