#include "planner.h"

#include "cli_command.h"
#include "flamingock/lock.h"
#include "profiles.h"

namespace flamingock::detail {
namespace {

// Where the engine's printed commands point: the standalone tool, with the lock key when it is
// not the default (the CLI, which knows its own binary and options, replaces them).
CommandTarget commandTarget(const PlanOptions& options) {
  CommandTarget target;
  if (options.lock_key != LockOptions{}.key)
    target.options.emplace_back("--lock-key", options.lock_key);
  return target;
}

BlockedChange blockedChange(const AuditEntry& current, const PlanOptions& options) {
  std::string command =
      resolvingCommand(commandTarget(options), current.change_id, current.unreadable());
  if (current.unreadable()) {
    return BlockedChange{current.change_id,         kUnreadableState,  "", "",
                         current.unreadable_reason, std::move(command)};
  }
  return BlockedChange{current.change_id,
                       std::string(toString(current.state)),
                       formatCreatedAt(current.created_at),
                       current.execution_hostname,
                       current.error_trace,
                       std::move(command)};
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

}  // namespace

PlanOptions planOptionsOf(const Pipeline& pipeline, std::string up_to) {
  return {pipeline.drift_allowed, pipeline.lock.key, pipeline.active_profiles, std::move(up_to)};
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

Decision decide(const AuditEntry* current, RecoveryStrategy recovery) {
  if (current == nullptr) return Decision::kApply;
  if (current->unreadable()) return Decision::kBlocked;
  switch (current->state) {
    case AuditState::kRolledBack:
    case AuditState::kManualMarkedAsRolledBack:
      return Decision::kApply;
    case AuditState::kApplied:
    case AuditState::kManualMarkedAsApplied:
      return Decision::kSkip;
    case AuditState::kFailed:
      // A transactional change's writes commit with its APPLIED entry: FAILED means none did.
      if (current->tx_strategy == TxStrategy::kTxShared) return Decision::kApply;
      break;
    case AuditState::kStarted:
    case AuditState::kRollbackFailed:
      break;
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
        plan.drifts.push_back({change.info.id, current->checksum, change.checksum,
                               acceptCommand(commandTarget(options), change.info.id)});
      }
      switch (decide(current, change.info.recovery)) {
        case Decision::kApply:
          stage_plan.changes.push_back(pending(change, options, waiting));
          break;
        case Decision::kSkip:
          stage_plan.changes.push_back(
              {&change, PlannedAction::kSkip, "", skipReason(*current, change)});
          break;
        case Decision::kBlocked:
          stage_plan.blocked.push_back(blockedChange(*current, options));
          break;
      }
      if (change.info.id == options.up_to) waiting = true;
    }
  }
  if (!plan.drifts.empty() && !options.drift_allowed) throw DriftError(plan.drifts);
  return plan;
}

}  // namespace flamingock::detail
