// Deciding, from the audit log, what a run does with each change (the table of
// docs/exactly-once.md#what-the-next-run-does-with-each-state).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "flamingock/audit_history.h"
#include "flamingock/error.h"
#include "pipeline.h"

namespace flamingock::detail {

enum class Decision { kApply, kSkip, kBlocked };

// What a run does with a change whose current entry is `current` (null: none) and whose recovery
// strategy is `recovery` (the code's; the CLI, without the code, passes the one recorded). The
// only home of that table: the engine plans with it, the CLI lists issues with it.
// Unreadable entries need a person.
Decision decide(const AuditEntry* current, RecoveryStrategy recovery);

// The state is APPLIED or MANUAL_MARKED_AS_APPLIED: the decision table skips the change.
bool inAppliedState(const AuditEntry& current);

// The state is STARTED, FAILED or ROLLBACK_FAILED: the change's outcome is unfinished, and the
// decision table retries it or blocks it for a person (Resolution: how a person finishes it).
bool isUnfinished(const AuditEntry& current);

// The change is applied with a recorded checksum other than `code_checksum`, its checksum in the
// code. An entry without a checksum (Flamingock Java's) never drifts.
bool drifted(const AuditEntry& current, const std::string& code_checksum);

// What a run does with a change that is not blocked.
enum class PlannedAction {
  kApply,
  kSkip,        // already applied
  kDisabled,    // pending, but ChangeInfo::enabled is false
  kExcluded,    // pending, but the active profiles exclude it
  kWaiting,     // pending, but after the run's target (RunOptions::up_to)
  kInProgress,  // a background change whose job runs: its STARTED is no interrupted attempt
};

struct PlannedChange {
  const ResolvedChange* change = nullptr;
  PlannedAction action = PlannedAction::kSkip;
  std::string reason{};       // kExcluded: which profiles do not hold
  std::string skip_reason{};  // kSkip: when it was applied, for the report

  bool apply() const { return action == PlannedAction::kApply; }
};

struct StagePlan {
  const Stage* stage = nullptr;
  std::vector<PlannedChange> changes;  // in order
  std::vector<BlockedChange> blocked;  // non-empty: nothing of this stage may run
};

struct Plan {
  std::vector<StagePlan> stages;
  std::vector<Drift> drifts;  // applied changes whose checksum changed (when allowed)

  // Whether the run has anything to do under the lock: a change to apply, or a blocked change
  // whose STARTED entry may belong to a runner still at work (only the lock holder can tell).
  bool needsLock() const;
  std::vector<std::string> pendingIds() const;
};

struct PlanOptions {
  bool drift_allowed = false;                // skip drifted applied changes instead of throwing
  std::vector<std::string> active_profiles;  // see profiles.h
  std::string up_to;                         // non-empty: pending changes after this one wait
};

// The options a run of `pipeline` plans with; `up_to` as RunOptions::up_to.
PlanOptions planOptionsOf(const Pipeline& pipeline, std::string up_to = "");

// The change `id` of the pipeline, or null.
const ResolvedChange* findChange(const std::vector<Stage>& stages, std::string_view id);

// Throws DriftError listing every applied change whose recorded checksum differs, unless
// `options.drift_allowed`.
Plan planRun(const std::vector<Stage>& stages, const AuditHistory& history,
             const PlanOptions& options);

}  // namespace flamingock::detail
