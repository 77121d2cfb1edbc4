// What the builder assembles and the runner runs.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "flamingock/audit_store.h"
#include "flamingock/change.h"
#include "flamingock/clock.h"
#include "flamingock/listener.h"
#include "flamingock/lock.h"
#include "flamingock/logger.h"
#include "flamingock/metadata.h"
#include "flamingock/target_system.h"

namespace flamingock::detail {

inline constexpr char kDefaultStageName[] = "default";

// A change with what the engine needs of it, read once (info() and checksum() are user code).
struct ResolvedChange {
  Change* change = nullptr;
  ChangeInfo info;
  std::string checksum;
  ChangeOrigin origin;
  TargetSystem* target = nullptr;  // null when no target system is registered
  std::string stage_id;
};

struct Stage {
  std::string name;
  std::vector<std::unique_ptr<Change>> changes;  // as added
  std::vector<ResolvedChange> resolved;          // sorted by order, filled by build()
};

struct Pipeline {
  std::shared_ptr<AuditStore> store;
  std::vector<std::shared_ptr<TargetSystem>> targets;
  std::vector<Stage> stages;
  Metadata metadata;
  bool dry_run = false;
  bool drift_allowed = false;
  bool validation_only = false;     // run() validates and raises PendingChangesError, never applies
  bool background_workers = false;  // run() starts workers on background changes' jobs
  std::vector<std::string> active_profiles;
  LockOptions lock;
  std::vector<std::shared_ptr<Listener>> listeners;
  std::shared_ptr<Clock> clock;
  std::shared_ptr<Logger> logger;  // null: no report
};

// Tells each of `listeners` of an event; one that throws does not keep the others from hearing,
// and nothing a listener throws reaches the caller: observers must not break a run or an undo.
void tellListeners(const std::vector<std::shared_ptr<Listener>>& listeners,
                   const std::function<void(Listener&)>& event);

// The pipeline's lock options, whose waits its listeners hear of (onLockWaitStarted): for a run
// and for the commands that take the lock without one (undo, baseline, fix).
LockOptions lockOptionsTellingListeners(const Pipeline& pipeline);

}  // namespace flamingock::detail
