// Entries a person decides on, appended under the lock so that they never interleave with a
// run's writes (Flamingock's own fix writes without it): `audit fix` resolving a blocked change
// or accepting a drifted one's edit, and every later command that records a decision instead of
// running a change.
//
//   ManualFix fix(store, "DEFAULT_KEY");
//   AuditEntry written = fix.markResolved("create-orders", Resolution::kRolledBack);
//   fix.markResolved("seed", Resolution::kApplied, code_checksum);  // accepts the edited code
//
//   // Any other decision: build entries from the log as read under the lock.
//   fix.appendUnderLock([&](const AuditHistory& history) {
//     return std::vector{fix.recordOf(*history.current("seed"),
//     AuditState::kManualMarkedAsApplied)};
//   });
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/hybrid_clock.h"
#include "flamingock/audit_entry.h"
#include "flamingock/audit_history.h"
#include "flamingock/audit_store.h"
#include "flamingock/clock.h"
#include "flamingock/error.h"
#include "flamingock/lifecycle.h"
#include "flamingock/lock.h"

namespace flamingock::detail {

inline constexpr std::string_view kManualAuthor = "flamingock-cli";

// Not thread-safe: one decision at a time per object. Each object is one execution: the entries
// it appends share an execution id, as a run's do.
class ManualFix {
 public:
  using Decide = std::function<std::vector<AuditEntry>(const AuditHistory&)>;
  // Given the log as read under the lock, the lock (whose fence every write must carry) and the
  // clock that stamps entries after everything in the log.
  using Work = std::function<void(const AuditHistory&, const Lock&, HybridClock&)>;

  // `clock` (default: the system's) stamps the entries and drives the lock.
  ManualFix(AuditStore& store, std::string lock_key, std::shared_ptr<Clock> clock = nullptr);
  // With every lock option (the CLI's `--lock-timeout`), not only the key.
  ManualFix(AuditStore& store, LockOptions lock, std::shared_ptr<Clock> clock = nullptr);

  // `current` (the change's latest entry) recorded again as `state` by this person: new
  // execution, author "flamingock-cli", this host and runner, no error, metadata or duration;
  // order, stage, checksum, target and strategies kept. createdAt is set when appended.
  AuditEntry recordOf(const AuditEntry& current, AuditState state) const;

  // The execution id of every entry this object writes.
  const std::string& executionId() const { return execution_id_; }

  // Takes the lock, reads the log again and runs `work`: for decisions that write more than
  // entries (a rollback's writes with its entry). LockError when the lock cannot be taken. The
  // lock is released whatever happens.
  void underLock(const Work& work);

  // Under the lock (as underLock), appends, in order, the entries `decide` returns for
  // it, each created after everything in the log. `decide` throws to refuse: nothing is written.
  // LockError when the lock cannot be taken. The lock is released whatever happens. Returns the
  // entries as appended.
  std::vector<AuditEntry> appendUnderLock(const Decide& decide);

  // `audit fix`: appends, for `change_id`, MANUAL_MARKED_AS_APPLIED or
  // MANUAL_MARKED_AS_ROLLED_BACK when it is unfinished; MANUAL_MARKED_AS_APPLIED when it is
  // applied and drifted from `code_checksum` (its checksum in the code; none: the code is not
  // known). A MANUAL_MARKED_AS_APPLIED entry carries `code_checksum` when given, else the log's.
  // Throws, writing nothing: OptionError when an applied change is to be marked rolled back
  // (that is `undo`) or has not drifted, ChecksumUnknownError when it is applied and
  // `code_checksum` is none, Error when the change is unknown, in another state, or its latest
  // entry cannot be read (a person repairs that item instead).
  AuditEntry markResolved(const std::string& change_id, Resolution resolution,
                          const std::optional<std::string>& code_checksum = std::nullopt);

 private:
  AuditStore& store_;
  LockOptions lock_;
  std::shared_ptr<Clock> clock_;
  std::string host_;
  std::string runner_id_;
  std::string execution_id_;
};

}  // namespace flamingock::detail
