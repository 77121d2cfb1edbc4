#include "planner.h"

#include "cli_command.h"
#include "flamingock/lock.h"

namespace flamingock::detail {
namespace {

bool drifted(const AuditEntry& current, const ResolvedChange& change) {
  bool applied =
      current.state == AuditState::kApplied || current.state == AuditState::kManualMarkedAsApplied;
  return applied && !current.checksum.empty() && current.checksum != change.checksum;
}

BlockedChange blockedChange(const AuditEntry& current, const PlanOptions& options) {
  CommandTarget target;
  if (options.lock_key != LockOptions{}.key)
    target.options.emplace_back("--lock-key", options.lock_key);
  std::string command = resolvingCommand(target, current.change_id, current.unreadable());
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
  if (drifted(current, change)) reason += "; its checksum changed since (drift allowed)";
  return reason;
}

}  // namespace

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
      if (change.apply) return true;
    }
  }
  return false;
}

std::vector<std::string> Plan::pendingIds() const {
  std::vector<std::string> ids;
  for (const StagePlan& stage : stages) {
    for (const PlannedChange& change : stage.changes) {
      if (change.apply) ids.push_back(change.change->info.id);
    }
  }
  return ids;
}

Plan planRun(const std::vector<Stage>& stages, const AuditHistory& history,
             const PlanOptions& options) {
  Plan plan;
  std::vector<Drift> drifts;
  for (const Stage& stage : stages) {
    StagePlan& stage_plan = plan.stages.emplace_back();
    stage_plan.stage = &stage;
    for (const ResolvedChange& change : stage.resolved) {
      const AuditEntry* current = history.current(change.info.id);
      if (current != nullptr && drifted(*current, change) && !options.drift_allowed) {
        drifts.push_back({change.info.id, current->checksum, change.checksum});
      }
      switch (decide(current, change.info.recovery)) {
        case Decision::kApply:
          stage_plan.changes.push_back({&change, true, ""});
          break;
        case Decision::kSkip:
          stage_plan.changes.push_back({&change, false, skipReason(*current, change)});
          break;
        case Decision::kBlocked:
          stage_plan.blocked.push_back(blockedChange(*current, options));
          break;
      }
    }
  }
  if (!drifts.empty()) throw DriftError(std::move(drifts));
  return plan;
}

}  // namespace flamingock::detail
