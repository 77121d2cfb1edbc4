// Deciding, from the audit log, what a run does with each change (SPEC §7 decision table).
#pragma once

#include <string>
#include <vector>

#include "core/audit_history.h"
#include "flamingock/error.h"
#include "pipeline.h"

namespace flamingock::detail {

enum class Decision { kApply, kSkip, kBlocked };

// BlockedChange::state of a change whose latest entry cannot be read.
inline constexpr char kUnreadableState[] = "UNREADABLE";

// What a run does with a change whose current entry is `current` (null: none) and whose recovery
// strategy is `recovery` (the code's; the CLI, without the code, passes the one recorded). The
// only home of SPEC §7's table: the engine plans with it, the CLI lists issues with it.
// Unreadable entries need a person.
Decision decide(const AuditEntry* current, RecoveryStrategy recovery);

struct PlannedChange {
  const ResolvedChange* change = nullptr;
  bool apply = false;       // false: already applied, skip
  std::string skip_reason;  // why not applied, for the report
};

struct StagePlan {
  const Stage* stage = nullptr;
  std::vector<PlannedChange> changes;  // in order
  std::vector<BlockedChange> blocked;  // non-empty: nothing of this stage may run
};

struct Plan {
  std::vector<StagePlan> stages;

  // Whether the run has anything to do under the lock: a change to apply, or a blocked change
  // whose STARTED entry may belong to a runner still at work (only the lock holder can tell).
  bool needsLock() const;
  std::vector<std::string> pendingIds() const;
};

struct PlanOptions {
  bool drift_allowed = false;  // skip drifted applied changes instead of throwing
  std::string lock_key;        // added to the resolving CLI command when not the default
};

// Throws DriftError listing every applied change whose recorded checksum differs.
Plan planRun(const std::vector<Stage>& stages, const AuditHistory& history,
             const PlanOptions& options);

}  // namespace flamingock::detail
