#include "cli/manual_fix.h"

#include <algorithm>
#include <cctype>

#include "cli/audit_view.h"
#include "core/identity.h"
#include "flamingock/audit_history.h"
#include "flamingock/error.h"
#include "flamingock/hybrid_clock.h"
#include "flamingock/version.h"

namespace flamingock::cli::detail {
namespace {

constexpr std::string_view kFixAuthor = "flamingock-cli";

// The change's current entry, if it is one a person may resolve; throws Error saying why not.
const AuditEntry& unfinishedEntry(const AuditHistory& history, const std::string& change_id) {
  const AuditEntry* current = history.current(change_id);
  if (current == nullptr) {
    throw Error("change '" + change_id + "' is not in the audit log; nothing to fix");
  }
  if (!isUnfinished(*current)) {
    throw Error("change '" + change_id + "' has no issue to fix: its current state is " +
                std::string(toString(current->state)) + " (only STARTED, FAILED and " +
                "ROLLBACK_FAILED changes can be fixed)");
  }
  return *current;
}

AuditEntry resolutionEntry(const AuditEntry& current, Resolution resolution,
                           const std::string& runner_id, const std::string& host) {
  AuditEntry entry = current;
  entry.execution_id = flamingock::detail::newExecutionId();
  entry.author = std::string(kFixAuthor);
  entry.state = resolution == Resolution::kApplied ? AuditState::kManualMarkedAsApplied
                                                   : AuditState::kManualMarkedAsRolledBack;
  entry.metadata = {};
  entry.execution_millis = std::chrono::milliseconds(0);
  entry.execution_hostname = host;
  entry.error_trace = "";
  entry.runner_id = runner_id;
  entry.library_version = std::string(libraryVersion());
  return entry;
}

}  // namespace

std::string_view toString(Resolution resolution) {
  return resolution == Resolution::kApplied ? "applied" : "rolled-back";
}

std::optional<Resolution> parseResolution(std::string_view text) {
  std::string normal(text);
  std::transform(normal.begin(), normal.end(), normal.begin(), [](unsigned char c) {
    return c == '_' ? '-' : static_cast<char>(std::tolower(c));
  });
  if (normal == "applied") return Resolution::kApplied;
  if (normal == "rolled-back") return Resolution::kRolledBack;
  return std::nullopt;
}

AuditEntry markResolved(AuditStore& store, const std::string& change_id, Resolution resolution,
                        const std::string& lock_key) {
  // Refuse before locking: a wrong id or a healthy change should not wait for a busy lock.
  unfinishedEntry(AuditHistory(store.readHistory()), change_id);

  std::string host = flamingock::detail::hostName();
  std::string runner_id = flamingock::detail::newRunnerId(host);
  std::shared_ptr<Clock> clock(&Clock::system(), [](Clock*) {});  // lives for the program
  LockOptions options;
  options.key = lock_key;
  auto lock = store.createLock(options, runner_id, clock);
  lock->acquire();
  // Read again under the lock: a run or another fix may have moved the change on meanwhile.
  AuditHistory history(store.readHistory());
  AuditEntry entry =
      resolutionEntry(unfinishedEntry(history, change_id), resolution, runner_id, host);
  HybridClock created_at(*clock);
  created_at.observe(history.latestCreatedAt());
  entry.created_at = created_at.next();
  store.append(entry, lock->fence());
  lock->release();
  return entry;
}

}  // namespace flamingock::cli::detail
