// Each change's current state, computed from the audit log the way Flamingock does.
//
// A change's current state is its latest entry by createdAt; between entries with the same
// createdAt, the state listed later in `AuditState` wins. An unreadable entry (its time is
// unknown) wins over all. The engine plans with it; the CLI lists and fixes with it.
//
//   AuditHistory history(store.readHistory());
//   if (const AuditEntry* last = history.current("create-orders-table")) {
//     std::cout << toString(last->state);
//   }
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "flamingock/audit_entry.h"

namespace flamingock {

// Whether `a` supersedes `b` as a change's current entry (createdAt, then state order).
bool supersedes(const AuditEntry& a, const AuditEntry& b);

// Immutable after construction: safe to read from several threads.
class AuditHistory {
 public:
  explicit AuditHistory(std::vector<AuditEntry> entries);

  // The change's current entry, or null when the log has none for it.
  const AuditEntry* current(std::string_view change_id) const;

  // Every change's current entry, sorted by createdAt (then state order).
  std::vector<const AuditEntry*> currentEntries() const;

  // All entries, in the order they were given.
  const std::vector<AuditEntry>& entries() const { return entries_; }

  // The latest createdAt in the log, if any: where a hybrid logical clock continues from.
  std::optional<std::chrono::system_clock::time_point> latestCreatedAt() const;

 private:
  std::vector<AuditEntry> entries_;
  std::unordered_map<std::string, std::size_t> current_by_change_;
};

}  // namespace flamingock
