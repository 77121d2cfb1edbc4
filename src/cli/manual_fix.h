// `audit fix`: records a person's decision about an unfinished change, under the lock, so it can
// never interleave with a run's writes (Flamingock's own fix writes without the lock).
//
//   AuditEntry written =
//       markResolved(store, "create-orders", Resolution::kRolledBack, "DEFAULT_KEY");
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "flamingock/audit_entry.h"
#include "flamingock/audit_store.h"

namespace flamingock::cli::detail {

enum class Resolution { kApplied, kRolledBack };

// "applied" / "rolled-back", as the command line takes them.
std::string_view toString(Resolution resolution);
// Also Flamingock's APPLIED / ROLLED_BACK, any case.
std::optional<Resolution> parseResolution(std::string_view text);

// Takes lock `lock_key`, reads the log again, and appends a MANUAL_MARKED_AS_APPLIED or
// MANUAL_MARKED_AS_ROLLED_BACK entry (author "flamingock-cli") for `change_id`, which keeps what
// the change's last entry says about it (order, stage, checksum, target, strategies). Throws
// Error, writing nothing, when the change is unknown or its current state is not unfinished
// (STARTED, FAILED, ROLLBACK_FAILED); LockError when the lock cannot be taken. Returns the entry.
AuditEntry markResolved(AuditStore& store, const std::string& change_id, Resolution resolution,
                        const std::string& lock_key);

}  // namespace flamingock::cli::detail
