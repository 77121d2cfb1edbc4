#include "core/attempt_chain.h"

#include <algorithm>

#include "flamingock/audit_history.h"

namespace flamingock::detail {

AttemptChain attemptChainOf(const std::vector<AuditEntry>& entries, const std::string& change_id) {
  std::vector<const AuditEntry*> story;
  for (const AuditEntry& entry : entries) {
    if (entry.change_id == change_id) story.push_back(&entry);
  }
  // In the order the log's current state is computed in: the latest supersedes.
  std::stable_sort(story.begin(), story.end(),
                   [](const AuditEntry* a, const AuditEntry* b) { return supersedes(*b, *a); });
  std::string open;
  std::string closed;
  for (const AuditEntry* entry : story) {
    if (!entry->unreadable() && entry->state == AuditState::kStarted) {
      if (open.empty()) open = entry->execution_id;
    } else {
      closed = open;
      open.clear();
    }
  }
  if (!open.empty()) return {open, true};
  return {closed, false};
}

}  // namespace flamingock::detail
